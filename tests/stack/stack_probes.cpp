// One `stack_probe_<name>()` per module: its `forward_into` on `CONSTFORMER_PROBE_S` tokens,
// with the module, input, output and workspace declared `extern` (in static storage, where a
// large model lives). tests/stack/check_stack.py compiles this file with
// -fcallgraph-info=su at two sequence lengths and two optimisation levels and measures the
// deepest call path of each probe: that is the stack `forward_into` needs.
#include <array>
#include <cstddef>

#include "constformer.hpp"

namespace cf = constformer;

constexpr std::size_t S = CONSTFORMER_PROBE_S;
constexpr std::size_t context = 8192;  // longest S the check uses
constexpr cf::gpt_config config{
    .vocab_size = 97, .context_length = context, .emb_dim = 64, .n_heads = 4, .n_layers = 2};

#define CONSTFORMER_STACK_PROBE(name, DIn, DOut, ...)                                 \
  namespace probe_##name {                                                            \
    using type = __VA_ARGS__;                                                         \
    extern const type m;                                                              \
    extern const cf::matrix<float, S, DIn> x;                                         \
    extern cf::matrix<float, S, DOut> y;                                              \
    extern cf::workspace_t<type, S> ws;                                               \
  }                                                                                   \
  [[gnu::noinline]] void stack_probe_##name() {                                       \
    probe_##name::m.forward_into(probe_##name::x, probe_##name::y, probe_##name::ws); \
  }

CONSTFORMER_STACK_PROBE(linear, 64, 96, cf::linear<float, 64, 96>)
CONSTFORMER_STACK_PROBE(layer_norm, 64, 64, cf::layer_norm<float, 64>)
CONSTFORMER_STACK_PROBE(feed_forward, 64, 64, cf::feed_forward<float, 64>)
CONSTFORMER_STACK_PROBE(self_attention_v1, 64, 32, cf::self_attention_v1<float, 64, 32>)
CONSTFORMER_STACK_PROBE(self_attention_v2, 64, 32, cf::self_attention_v2<float, 64, 32>)
CONSTFORMER_STACK_PROBE(causal_attention, 64, 32, cf::causal_attention<float, 64, 32, context>)
CONSTFORMER_STACK_PROBE(multi_head_attention_wrapper, 64, 64,
                        cf::multi_head_attention_wrapper<float, 64, 16, context, 4>)
CONSTFORMER_STACK_PROBE(multi_head_attention, 64, 64, cf::multi_head_attention<float, 64, 64, context, 4>)
CONSTFORMER_STACK_PROBE(multi_head_attention_noncausal, 64, 64,
                        cf::multi_head_attention<float, 64, 64, context, 4, false, false, false>)
CONSTFORMER_STACK_PROBE(multi_head_attention_gpt2_small, 768, 768,
                        cf::multi_head_attention<float, 768, 768, context, 12>)
CONSTFORMER_STACK_PROBE(transformer_block, 64, 64, cf::transformer_block<float, config>)

// gelu has no workspace type of its own; scaled_dot_product_attention and gpt_model take other
// arguments.
extern const cf::matrix<float, S, 64> gelu_x;
extern cf::matrix<float, S, 64> gelu_y;
[[gnu::noinline]] void stack_probe_gelu() {
  cf::no_workspace ws{};
  cf::gelu<float>{}.forward_into(gelu_x, gelu_y, ws);
}

extern const cf::matrix<float, S, 16> sdpa_q, sdpa_k, sdpa_v;
extern cf::matrix<float, S, 16> sdpa_out;
[[gnu::noinline]] void stack_probe_scaled_dot_product_attention(bool causal) {
  cf::scaled_dot_product_attention(sdpa_q, sdpa_k, sdpa_v, sdpa_out, causal);
}

using gpt = cf::gpt_model<float, config>;
extern const gpt gpt_m;
extern const std::array<cf::token_id, S> gpt_ids;
extern cf::matrix<float, S, config.vocab_size> gpt_logits;
extern cf::workspace_t<gpt, S> gpt_ws;
[[gnu::noinline]] bool stack_probe_gpt_model() { return gpt_m.forward_into(gpt_ids, gpt_logits, gpt_ws); }

#ifdef CONSTFORMER_STACK_CONTROL
// The control case (check_stack.py --control): an S x 8 temporary in the frame, as a by-value
// forward would have. The check must reject it, which proves it can see such a frame.
extern cf::matrix<float, S, 8> control_y;
[[gnu::noinline]] void stack_probe_control_temporary() {
  cf::matrix<float, S, 8> tmp;
  cf::no_workspace ws{};
  cf::linear<float, 64, 8>{}.forward_into(probe_linear::x, tmp, ws);
  control_y = tmp;
}
#endif
