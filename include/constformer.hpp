// constformer.hpp: the umbrella header, everything but the hosted-only io/ headers.
#ifndef CONSTFORMER_HPP
#define CONSTFORMER_HPP

#include "constformer/config.hpp"
#include "constformer/concepts.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/math/exp.hpp"
#include "constformer/math/sqrt.hpp"
#include "constformer/nn/softmax.hpp"
#include "constformer/attention/simplified.hpp"

#endif  // CONSTFORMER_HPP
