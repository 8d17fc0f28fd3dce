// Test support (run time): non-causal multi-head attention, torch.nn.MultiheadAttention and
// scaled dot-product attention against PyTorch, as GoogleTest tests of one fixture case each
// (runtime/torch_attention_*test.cpp, float32, and *test_f64.cpp, float64, one module kind each):
// weights and inputs pass through values the optimiser cannot fold, results are compared with
// torch's and, bit for bit, with the compile-time evaluation of the same code.
#ifndef CONSTFORMER_TESTS_SUPPORT_TORCH_ATTENTION_TESTS_HPP
#define CONSTFORMER_TESTS_SUPPORT_TORCH_ATTENTION_TESTS_HPP

#include <gtest/gtest.h>

#include <string_view>
#include <type_traits>

#include "cases/torch_attention.hpp"
#include "support/opaque.hpp"

namespace cf_test::torch_attention_runtime {

namespace cf = constformer;

template <class M>
M opaque_module(M m) {
  cf::for_each_parameter(m, [](std::string_view, auto& p) { p = cf_test::opaque(p); });
  return m;
}

}  // namespace cf_test::torch_attention_runtime

// The book's MultiHeadAttention without its mask (Causal = false), loaded by state_dict name.
#define CF_TEST_TORCH_NONCAUSAL(suffix)                                                                        \
  TEST(TorchAttention, NonCausalMultiHeadAttention_##suffix) {                                                 \
    namespace ns = ::constformer_fixtures::mha_noncausal_qkvbias_seed123_##suffix;                             \
    using T = std::remove_cvref_t<decltype(ns::inputs[0])>;                                                    \
    using M = ::constformer::multi_head_attention<T, 3, 4, 6, 2, true, false>;                                 \
    constexpr auto ct =                                                                                        \
        ::cf_test::load_named<M>(ns::tensors).forward_intermediates(::cf_test::to_batch<2, 6, 3>(ns::inputs)); \
    const auto m = ::cf_test::torch_attention_runtime::opaque_module(::cf_test::load_named<M>(ns::tensors));   \
    const auto r = m.forward_intermediates(::cf_test::opaque(::cf_test::to_batch<2, 6, 3>(ns::inputs)));       \
    EXPECT_TRUE(::cf_test::torch_allclose(r.weights, ns::attn_weights));                                       \
    EXPECT_TRUE(::cf_test::torch_allclose(r.context, ns::context_before_out_proj));                            \
    EXPECT_TRUE(::cf_test::torch_allclose(r.output, ns::output));                                              \
    EXPECT_TRUE(::constformer::bit_equal(r.weights, ct.weights));                                              \
    EXPECT_TRUE(::constformer::bit_equal(r.output, ct.output));                                                \
  }
// torch.nn.MultiheadAttention(4, 2, bias, batch_first=True) from its own state_dict names.
#define CF_TEST_TORCH_MHA(Name, name, Bias, Causal)                                                                   \
  TEST(TorchAttention, Name) {                                                                                        \
    namespace ns = ::constformer_fixtures::name;                                                                      \
    using T = std::remove_cvref_t<decltype(ns::inputs[0])>;                                                           \
    using M = ::constformer::multi_head_attention<T, 4, 4, 5, 2, Bias, Causal, Bias>;                                 \
    constexpr auto ct = ::cf_test::torch_mha_forward<M, 2, 5>(ns::tensors, ns::inputs);                               \
    const auto m = ::cf_test::torch_attention_runtime::opaque_module(::cf_test::load_torch_mha<M>(ns::tensors));      \
    const auto r = m.forward_intermediates(::cf_test::opaque(::cf_test::to_batch<2, 5, 4>(ns::inputs)));              \
    EXPECT_TRUE(::cf_test::torch_allclose(r.output, ns::output));                                                     \
    EXPECT_TRUE(::cf_test::torch_allclose(r.weights, ns::attn_weights));                                              \
    EXPECT_TRUE(::cf_test::torch_allclose(::cf_test::average_heads(r.weights), ns::attn_weights_averaged));           \
    EXPECT_TRUE(::constformer::bit_equal(r.weights, ct.weights));                                                     \
    EXPECT_TRUE(::constformer::bit_equal(r.output, ct.output));                                                       \
    EXPECT_TRUE(                                                                                                      \
        ::constformer::bit_equal(m.forward(::cf_test::opaque(::cf_test::to_batch<2, 5, 4>(ns::inputs))), ct.output)); \
  }
// scaled_dot_product_attention(q, k, v, causal), two heads of [6, 4].
#define CF_TEST_TORCH_SDPA(suffix)                                                              \
  TEST(TorchAttention, ScaledDotProductAttention_##suffix) {                                    \
    namespace ns = ::constformer_fixtures::sdpa_seed123_##suffix;                               \
    constexpr auto q = ::cf_test::to_batch<2, 6, 4>(ns::q);                                     \
    constexpr auto k = ::cf_test::to_batch<2, 6, 4>(ns::k);                                     \
    constexpr auto v = ::cf_test::to_batch<2, 6, 4>(ns::v);                                     \
    constexpr auto ct = ::cf_test::sdpa_batch(q, k, v, false);                                  \
    constexpr auto ct_causal = ::cf_test::sdpa_batch(q, k, v, true);                            \
    const auto qo = ::cf_test::opaque(q), ko = ::cf_test::opaque(k), vo = ::cf_test::opaque(v); \
    const auto r = ::cf_test::sdpa_batch(qo, ko, vo, ::cf_test::opaque(false));                 \
    const auto r_causal = ::cf_test::sdpa_batch(qo, ko, vo, ::cf_test::opaque(true));           \
    EXPECT_TRUE(::cf_test::torch_allclose(r, ns::output));                                      \
    EXPECT_TRUE(::cf_test::torch_allclose(r_causal, ns::output_causal));                        \
    EXPECT_TRUE(::constformer::bit_equal(r, ct));                                               \
    EXPECT_TRUE(::constformer::bit_equal(r_causal, ct_causal));                                 \
    EXPECT_FALSE(::constformer::bit_equal(r, r_causal));                                        \
  }
#endif
