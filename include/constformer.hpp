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
#include "constformer/math/tanh.hpp"
#include "constformer/math/erf.hpp"
#include "constformer/nn/softmax.hpp"
#include "constformer/nn/linear.hpp"
#include "constformer/nn/dropout.hpp"
#include "constformer/attention/simplified.hpp"
#include "constformer/attention/self_attention.hpp"
#include "constformer/attention/causal.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/model/parameters.hpp"
#include "constformer/model/memory.hpp"
#include "constformer/model/module.hpp"
#include "constformer/nn/layer_norm.hpp"
#include "constformer/nn/gelu.hpp"
#include "constformer/nn/feed_forward.hpp"
#include "constformer/nn/embedding.hpp"
#include "constformer/model/transformer_block.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/model/generate.hpp"
#include "constformer/self_check.hpp"
#include "constformer/model/safetensors.hpp"

#endif  // CONSTFORMER_HPP
