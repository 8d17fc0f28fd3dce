// Non-causal multi-head attention, torch.nn.MultiheadAttention (bias on and off, with and
// without the causal attn_mask) and scaled dot-product attention against PyTorch
// (tests/fixtures/attention, tools/gen_attention_fixtures.py), at compile time: building this
// file is the test. The run-time twins are tests/runtime/torch_attention_*test*.cpp.
#include <type_traits>

#include "cases/torch_attention.hpp"
#include "fixtures/mha_noncausal_qkvbias_seed123_f32.hpp"
#include "fixtures/mha_noncausal_qkvbias_seed123_f64.hpp"
#include "fixtures/sdpa_seed123_f32.hpp"
#include "fixtures/sdpa_seed123_f64.hpp"
#include "fixtures/torch_mha_bias_causal_seed123_f32.hpp"
#include "fixtures/torch_mha_bias_causal_seed123_f64.hpp"
#include "fixtures/torch_mha_bias_seed123_f32.hpp"
#include "fixtures/torch_mha_bias_seed123_f64.hpp"
#include "fixtures/torch_mha_nobias_causal_seed123_f32.hpp"
#include "fixtures/torch_mha_nobias_causal_seed123_f64.hpp"
#include "fixtures/torch_mha_nobias_seed123_f32.hpp"
#include "fixtures/torch_mha_nobias_seed123_f64.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::torch_allclose;

// The book's MultiHeadAttention without its mask: Causal = false, loaded by state_dict name.
#define CHECK_NONCAUSAL(ns)                                                                        \
  namespace noncausal_##ns {                                                                       \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;                                    \
    using M = cf::multi_head_attention<T, 3, 4, 6, 2, /*QkvBias=*/true, /*Causal=*/false>;         \
    constexpr auto m = cf_test::load_named<M>(fx::ns::tensors);                                    \
    constexpr auto r = m.forward_intermediates(cf_test::to_batch<2, 6, 3>(fx::ns::inputs));        \
    static_assert(torch_allclose(r.weights, fx::ns::attn_weights));                                \
    static_assert(torch_allclose(r.context, fx::ns::context_before_out_proj));                     \
    static_assert(torch_allclose(r.output, fx::ns::output));                                       \
    static_assert(cf::bit_equal(m.forward(cf_test::to_batch<2, 6, 3>(fx::ns::inputs)), r.output)); \
  }
CHECK_NONCAUSAL(mha_noncausal_qkvbias_seed123_f32)
CHECK_NONCAUSAL(mha_noncausal_qkvbias_seed123_f64)

// torch.nn.MultiheadAttention(4, 2, bias, batch_first=True) from in_proj_weight, in_proj_bias,
// out_proj.weight and out_proj.bias; weights per head and averaged over heads.
#define CHECK_TORCH_MHA(ns, Bias, Causal)                                                            \
  namespace torch_mha_##ns {                                                                         \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;                                      \
    using M = cf::multi_head_attention<T, 4, 4, 5, 2, Bias, Causal, Bias>;                           \
    static_assert(fx::ns::params::bias == Bias && fx::ns::params::causal == Causal);                 \
    constexpr auto m = cf_test::load_torch_mha<M>(fx::ns::tensors);                                  \
    constexpr auto r = m.forward_intermediates(cf_test::to_batch<2, 5, 4>(fx::ns::inputs));          \
    static_assert(torch_allclose(r.output, fx::ns::output));                                         \
    static_assert(torch_allclose(r.weights, fx::ns::attn_weights));                                  \
    static_assert(torch_allclose(cf_test::average_heads(r.weights), fx::ns::attn_weights_averaged)); \
  }
CHECK_TORCH_MHA(torch_mha_bias_seed123_f32, true, false)
CHECK_TORCH_MHA(torch_mha_bias_seed123_f64, true, false)
CHECK_TORCH_MHA(torch_mha_bias_causal_seed123_f32, true, true)
CHECK_TORCH_MHA(torch_mha_bias_causal_seed123_f64, true, true)
CHECK_TORCH_MHA(torch_mha_nobias_seed123_f32, false, false)
CHECK_TORCH_MHA(torch_mha_nobias_seed123_f64, false, false)
CHECK_TORCH_MHA(torch_mha_nobias_causal_seed123_f32, false, true)
CHECK_TORCH_MHA(torch_mha_nobias_causal_seed123_f64, false, true)

// scaled_dot_product_attention(q, k, v, causal) on two heads of [6, 4].
#define CHECK_SDPA(ns)                                                                        \
  namespace sdpa_##ns {                                                                       \
    constexpr auto q = cf_test::to_batch<2, 6, 4>(fx::ns::q);                                 \
    constexpr auto k = cf_test::to_batch<2, 6, 4>(fx::ns::k);                                 \
    constexpr auto v = cf_test::to_batch<2, 6, 4>(fx::ns::v);                                 \
    static_assert(torch_allclose(cf_test::sdpa_batch(q, k, v, false), fx::ns::output));       \
    static_assert(torch_allclose(cf_test::sdpa_batch(q, k, v, true), fx::ns::output_causal)); \
    static_assert(cf::bit_equal(cf::scaled_dot_product_attention(q[1], k[1], v[1], true),     \
                                cf_test::sdpa_batch(q, k, v, true)[1]));                      \
  }
CHECK_SDPA(sdpa_seed123_f32)
CHECK_SDPA(sdpa_seed123_f64)
