// Test support (run time): NaN and infinity in attention against PyTorch (tests/fixtures/attention,
// the attention_nonfinite case), as GoogleTest tests of one element type each
// (runtime/attention_nonfinite_test.cpp: float32, attention_nonfinite_test_f64.cpp: float64).
// Our rows are of the same kind as torch's (NaN, the same infinity, or close), except the causal
// rows before a NaN or infinite key or value, where torch gives NaN (it adds the -inf mask and
// weights masked values by 0) and we give torch's output on those rows alone. Those rows also
// equal, bit for bit, their compile-time evaluation (which every compiler accepts, since they
// never read the bad row). Compile-time twin: tests/static/attention_nonfinite.cpp.
#ifndef CONSTFORMER_TESTS_SUPPORT_ATTENTION_NONFINITE_TESTS_HPP
#define CONSTFORMER_TESTS_SUPPORT_ATTENTION_NONFINITE_TESTS_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "cases/torch_attention.hpp"
#include "support/opaque.hpp"

namespace cf_test::nonfinite {

namespace cf = constformer;

template <std::size_t Rows, class T, std::size_t S, std::size_t D>
cf::matrix<T, Rows, D> top_rows(const cf::matrix<T, S, D>& m) {
  cf::matrix<T, Rows, D> r{};
  for (std::size_t i = 0; i < Rows; ++i)
    for (std::size_t c = 0; c < D; ++c) r(i, c) = m(i, c);
  return r;
}

// scaled_dot_product_attention with row 3 of q, k or v NaN or +inf, causal and not; torch's
// output for each is the fixture tensor `sdpa.<q|k|v>_<nan|inf>.<full|causal>`.
template <class T, std::size_t N>
void check_sdpa(const constformer_fixtures::fixture_entry<T> (&table)[N], const cf::matrix<T, 6, 4>& clean_causal_ct) {
  const auto prefix = cf_test::named_tensor<3, 4>(table, "", "sdpa.prefix");
  for (const char which : {'q', 'k', 'v'})
    for (const bool inf : {false, true})
      for (const bool causal : {false, true}) {
        auto q = cf_test::opaque(cf_test::named_tensor<6, 4>(table, "", "q")),
             k = cf_test::opaque(cf_test::named_tensor<6, 4>(table, "", "k")),
             v = cf_test::opaque(cf_test::named_tensor<6, 4>(table, "", "v"));
        auto& target = which == 'q' ? q : which == 'k' ? k : v;
        const T bad = inf ? std::numeric_limits<T>::infinity() : std::numeric_limits<T>::quiet_NaN();
        target = cf_test::with_row(target, 3, cf_test::opaque(bad));
        const std::string name =
            std::string("sdpa.") + which + (inf ? "_inf." : "_nan.") + (causal ? "causal" : "full");
        const auto torch = cf_test::named_tensor<6, 4>(table, "", name);
        const auto out = cf::scaled_dot_product_attention(q, k, v, cf_test::opaque(causal));
        // Causal rows before a bad key or value are the exception (3 rows); nothing else is.
        const int expected = causal && which != 'q' ? 3 : 0;
        EXPECT_EQ(cf_test::rows_match_torch(out, torch, prefix, causal), expected) << name;
        if (causal) {
          EXPECT_TRUE(cf::bit_equal(top_rows<3>(out), top_rows<3>(clean_causal_ct))) << name;
        }
      }
}

}  // namespace cf_test::nonfinite

// Causal nn.MultiheadAttention, token 3 NaN (item 0) or +inf (item 1).
#define CF_TEST_NONFINITE_MHA(suffix)                                                                  \
  TEST(AttentionNonFinite, CausalMultiheadAttention_##suffix) {                                        \
    namespace ns = ::constformer_fixtures::attention_nonfinite_seed123_##suffix;                       \
    using T = std::remove_cvref_t<decltype(ns::q[0])>;                                                 \
    using M = ::constformer::multi_head_attention<T, 4, 4, 6, 2, true, true, true>;                    \
    constexpr auto m_ct = ::cf_test::load_torch_mha<M>(ns::tensors, "mha.");                           \
    constexpr auto x_ct = ::cf_test::to_batch<2, 6, 4>(ns::mha_inputs);                                \
    constexpr auto before0 = ::cf_test::leading_rows<3>(m_ct, x_ct[0]);                                \
    constexpr auto before1 = ::cf_test::leading_rows<3>(m_ct, x_ct[1]);                                \
    M m = m_ct;                                                                                        \
    ::constformer::for_each_parameter(m, [](std::string_view, auto& p) { p = ::cf_test::opaque(p); }); \
    ::constformer::batch<T, 2, 6, 4> x{};                                                              \
    for (std::size_t b = 0; b < 2; ++b) x[b] = ::cf_test::opaque(x_ct[b]);                             \
    const auto out = m.forward(x);                                                                     \
    const auto torch = ::cf_test::to_batch<2, 6, 4>(ns::mha_output);                                   \
    const auto prefix = ::cf_test::to_batch<2, 3, 4>(ns::mha_prefix_output);                           \
    EXPECT_EQ(::cf_test::rows_match_torch(out[0], torch[0], prefix[0], true), 3);                      \
    EXPECT_EQ(::cf_test::rows_match_torch(out[1], torch[1], prefix[1], true), 3);                      \
    EXPECT_TRUE(::constformer::bit_equal(::cf_test::nonfinite::top_rows<3>(out[0]), before0));         \
    EXPECT_TRUE(::constformer::bit_equal(::cf_test::nonfinite::top_rows<3>(out[1]), before1));         \
    for (std::size_t i = 3; i < 6; ++i) EXPECT_NE(out[0](i, 0), out[0](i, 0)) << "row " << i;          \
  }

#define CF_TEST_NONFINITE_SDPA(suffix)                                                                           \
  TEST(AttentionNonFinite, ScaledDotProductAttention_##suffix) {                                                 \
    namespace ns = ::constformer_fixtures::attention_nonfinite_seed123_##suffix;                                 \
    constexpr auto clean = ::constformer::scaled_dot_product_attention(::cf_test::to_matrix<6, 4>(ns::q),        \
                                                                       ::cf_test::to_matrix<6, 4>(ns::k),        \
                                                                       ::cf_test::to_matrix<6, 4>(ns::v), true); \
    ::cf_test::nonfinite::check_sdpa(ns::tensors, clean);                                                        \
  }

#endif
