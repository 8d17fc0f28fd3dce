// Built against the installed package: constformer_embed_binary (installed with it) makes a
// safetensors file a constexpr object, and the compiler loads a module from it.
#include <constformer.hpp>

#include "weights.hpp"

namespace cf = constformer;

static_assert(cf::parse_safetensors(weights).tensor_count() == 5);
static_assert(cf::load_safetensors_or_fail<cf::multi_head_attention<float, 3, 2, 6, 2>, weights>().out_proj.bias(0, 1) >
              0.0f);
