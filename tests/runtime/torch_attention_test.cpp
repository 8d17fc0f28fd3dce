// Non-causal multi-head attention, torch.nn.MultiheadAttention (bias on and off, with and
// without the causal attn_mask) and scaled dot-product attention against PyTorch at run time:
// weights and inputs pass through values the optimiser cannot fold, results are compared with
// torch's (tolerances of tests/fixtures/book/README.md) and, bit for bit, with the
// compile-time evaluation of the same code (tests/static/torch_attention.cpp).
#include <gtest/gtest.h>

#include <cstddef>
#include <string_view>
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
#include "support/opaque.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::torch_allclose;

template <class M>
M opaque_module(M m) {
  cf::for_each_parameter(m, [](std::string_view, auto& p) { p = cf_test::opaque(p); });
  return m;
}

template <class T, std::size_t Batch, std::size_t S, std::size_t D>
cf::batch<T, Batch, S, D> opaque_batch(const cf::batch<T, Batch, S, D>& x) {
  cf::batch<T, Batch, S, D> r{};
  for (std::size_t b = 0; b < Batch; ++b) r[b] = cf_test::opaque(x[b]);
  return r;
}

// The book's MultiHeadAttention without its mask (Causal = false), loaded by state_dict name.
#define NONCAUSAL_TEST(suffix)                                                                             \
  TEST(TorchAttention, NonCausalMultiHeadAttention_##suffix) {                                             \
    namespace ns = fx::mha_noncausal_qkvbias_seed123_##suffix;                                             \
    using T = std::remove_cvref_t<decltype(ns::inputs[0])>;                                                \
    using M = cf::multi_head_attention<T, 3, 4, 6, 2, true, false>;                                        \
    constexpr auto ct =                                                                                    \
        cf_test::load_named<M>(ns::tensors).forward_intermediates(cf_test::to_batch<2, 6, 3>(ns::inputs)); \
    const auto m = opaque_module(cf_test::load_named<M>(ns::tensors));                                     \
    const auto r = m.forward_intermediates(opaque_batch(cf_test::to_batch<2, 6, 3>(ns::inputs)));          \
    EXPECT_TRUE(torch_allclose(r.weights, ns::attn_weights));                                              \
    EXPECT_TRUE(torch_allclose(r.context, ns::context_before_out_proj));                                   \
    EXPECT_TRUE(torch_allclose(r.output, ns::output));                                                     \
    EXPECT_TRUE(cf::bit_equal(r.weights, ct.weights));                                                     \
    EXPECT_TRUE(cf::bit_equal(r.output, ct.output));                                                       \
  }
NONCAUSAL_TEST(f32)
NONCAUSAL_TEST(f64)

// torch.nn.MultiheadAttention(4, 2, bias, batch_first=True) from its own state_dict names.
#define TORCH_MHA_TEST(Name, name, Bias, Causal)                                                            \
  TEST(TorchAttention, Name) {                                                                              \
    namespace ns = fx::name;                                                                                \
    using T = std::remove_cvref_t<decltype(ns::inputs[0])>;                                                 \
    using M = cf::multi_head_attention<T, 4, 4, 5, 2, Bias, Causal, Bias>;                                  \
    constexpr auto ct = cf_test::torch_mha_forward<M, 2, 5>(ns::tensors, ns::inputs);                       \
    const auto m = opaque_module(cf_test::load_torch_mha<M>(ns::tensors));                                  \
    const auto r = m.forward_intermediates(opaque_batch(cf_test::to_batch<2, 5, 4>(ns::inputs)));           \
    EXPECT_TRUE(torch_allclose(r.output, ns::output));                                                      \
    EXPECT_TRUE(torch_allclose(r.weights, ns::attn_weights));                                               \
    EXPECT_TRUE(torch_allclose(cf_test::average_heads(r.weights), ns::attn_weights_averaged));              \
    EXPECT_TRUE(cf::bit_equal(r.weights, ct.weights));                                                      \
    EXPECT_TRUE(cf::bit_equal(r.output, ct.output));                                                        \
    EXPECT_TRUE(cf::bit_equal(m.forward(opaque_batch(cf_test::to_batch<2, 5, 4>(ns::inputs))), ct.output)); \
  }
TORCH_MHA_TEST(NnMultiheadAttentionBias_f32, torch_mha_bias_seed123_f32, true, false)
TORCH_MHA_TEST(NnMultiheadAttentionBias_f64, torch_mha_bias_seed123_f64, true, false)
TORCH_MHA_TEST(NnMultiheadAttentionBiasCausal_f32, torch_mha_bias_causal_seed123_f32, true, true)
TORCH_MHA_TEST(NnMultiheadAttentionBiasCausal_f64, torch_mha_bias_causal_seed123_f64, true, true)
TORCH_MHA_TEST(NnMultiheadAttentionNoBias_f32, torch_mha_nobias_seed123_f32, false, false)
TORCH_MHA_TEST(NnMultiheadAttentionNoBias_f64, torch_mha_nobias_seed123_f64, false, false)
TORCH_MHA_TEST(NnMultiheadAttentionNoBiasCausal_f32, torch_mha_nobias_causal_seed123_f32, false, true)
TORCH_MHA_TEST(NnMultiheadAttentionNoBiasCausal_f64, torch_mha_nobias_causal_seed123_f64, false, true)

// scaled_dot_product_attention(q, k, v, causal), two heads of [6, 4].
#define SDPA_TEST(suffix)                                                         \
  TEST(TorchAttention, ScaledDotProductAttention_##suffix) {                      \
    namespace ns = fx::sdpa_seed123_##suffix;                                     \
    constexpr auto q = cf_test::to_batch<2, 6, 4>(ns::q);                         \
    constexpr auto k = cf_test::to_batch<2, 6, 4>(ns::k);                         \
    constexpr auto v = cf_test::to_batch<2, 6, 4>(ns::v);                         \
    constexpr auto ct = cf_test::sdpa_batch(q, k, v, false);                      \
    constexpr auto ct_causal = cf_test::sdpa_batch(q, k, v, true);                \
    const auto qo = opaque_batch(q), ko = opaque_batch(k), vo = opaque_batch(v);  \
    const auto r = cf_test::sdpa_batch(qo, ko, vo, cf_test::opaque(false));       \
    const auto r_causal = cf_test::sdpa_batch(qo, ko, vo, cf_test::opaque(true)); \
    EXPECT_TRUE(torch_allclose(r, ns::output));                                   \
    EXPECT_TRUE(torch_allclose(r_causal, ns::output_causal));                     \
    EXPECT_TRUE(cf::bit_equal(r, ct));                                            \
    EXPECT_TRUE(cf::bit_equal(r_causal, ct_causal));                              \
    EXPECT_FALSE(cf::bit_equal(r, r_causal));                                     \
  }
SDPA_TEST(f32)
SDPA_TEST(f64)

}  // namespace
