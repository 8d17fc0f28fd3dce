// constformer.hpp: the umbrella header, everything but the hosted-only io/ headers.
#ifndef CONSTFORMER_HPP
#define CONSTFORMER_HPP

#include "constformer/config.hpp"
#include "constformer/concepts.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/math/exp.hpp"
#include "constformer/math/sqrt.hpp"
#include "constformer/nn/softmax.hpp"
#include "constformer/nn/linear.hpp"
#include "constformer/nn/dropout.hpp"
#include "constformer/attention/simplified.hpp"
#include "constformer/attention/self_attention.hpp"
#include "constformer/attention/causal.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/model/parameters.hpp"
#include "constformer/model/memory.hpp"
#include "constformer/self_check.hpp"

#endif  // CONSTFORMER_HPP
