// Numerics under stress at run time: the cases of the typed suite Stress, each a function template of
// the element type. runtime/stress_test.cpp registers the tests; runtime/stress_test_f32.cpp and
// runtime/stress_test_f64.cpp compile the float and double ones, declared `extern template`
// below, so that each translation unit compiles quickly.
#ifndef CONSTFORMER_TESTS_CASES_STRESS_RUNTIME_HPP
#define CONSTFORMER_TESTS_CASES_STRESS_RUNTIME_HPP

#include <gtest/gtest.h>

#include "cases/stress.hpp"
#include "support/opaque.hpp"
#include "support/runtime_test.hpp"

namespace cf_test::stress_runtime {

namespace st = cf_test::stress;
using cf_test::opaque;

//! TYPED_TEST(Stress, SoftmaxLargeMagnitudes).
template <class T>
void softmax_large_magnitudes_case() {
  EXPECT_TRUE(st::softmax_large_magnitudes(opaque(st::large_magnitudes<T>())));
}

//! TYPED_TEST(Stress, SoftmaxEqualRowsAreUniform).
template <class T>
void softmax_equal_rows_are_uniform_case() {
  EXPECT_TRUE(st::softmax_equal_rows(opaque(st::equal_rows<T>())));
}

//! TYPED_TEST(Stress, SoftmaxMaskedEntriesGetZero).
template <class T>
void softmax_masked_entries_get_zero_case() {
  EXPECT_TRUE(st::softmax_masked_rows(opaque(st::masked_rows<T>())));
}

//! TYPED_TEST(Stress, SoftmaxZerosSubnormalsLargestFinite).
template <class T>
void softmax_zeros_subnormals_largest_finite_case() {
  EXPECT_TRUE(st::softmax_edge_values(opaque(st::edge_values<T>())));
}

//! TYPED_TEST(Stress, SoftmaxSubnormalWeight).
template <class T>
void softmax_subnormal_weight_case() {
  EXPECT_TRUE(st::softmax_subnormal_weight(opaque(st::subnormal_gap<T>())));
}

//! TYPED_TEST(Stress, SequenceLengthOne).
template <class T>
void sequence_length_one_case() {
  EXPECT_TRUE(st::sequence_length_one(opaque(cf::matrix<T, 1, 3>{{{T(0.5), T(-2), T(3)}}})));
  EXPECT_TRUE(st::sequence_length_one(opaque(cf::matrix<T, 1, 3>{{{-T(0), st::tiny<T>, T(0)}}})));
}

//! TYPED_TEST(Stress, CausalAttentionLargeScores).
template <class T>
void causal_attention_large_scores_case() {
  EXPECT_TRUE(st::causal_large_scores(opaque(st::large_tokens<T>())));
}

// Documented special values: NaN anywhere in a row, +inf in a row, and a row of only -inf
// each give a NaN row; the other rows are unaffected.
//! TYPED_TEST(Stress, SoftmaxNanAndInfinity).
template <class T>
void softmax_nan_and_infinity_case() {
  EXPECT_TRUE(st::softmax_special_rows(opaque(st::special_rows<T>())));
}

// [max, -max]: x - max overflows to -inf, which gets weight 0: the weights are [1, 0].
//! TYPED_TEST(Stress, SoftmaxOverflowingGap).
template <class T>
void softmax_overflowing_gap_case() {
  EXPECT_TRUE(st::softmax_overflowing_gap(opaque(st::overflowing_gap<T>())));
}

// A NaN token poisons its own row and the later rows of causal attention, not earlier ones.
//! TYPED_TEST(Stress, CausalAttentionNanToken).
template <class T>
void causal_attention_nan_token_case() {
  EXPECT_TRUE(st::causal_nan_token(opaque(st::tokens_with_nan<T>())));
}

// The naive softmax overflows where the stable one does not (documented in nn/softmax.hpp).
//! TYPED_TEST(Stress, NaiveSoftmaxOverflowsStableDoesNot).
template <class T>
void naive_softmax_overflows_stable_does_not_case() {
  const auto x = opaque(cf::matrix<T, 1, 2>{{{T(1e4), T(0)}}});
  const auto naive = cf::softmax_naive(x);
  EXPECT_TRUE(st::is_nan(naive(0, 0)));  // inf / inf
  const auto stable = cf::softmax(x);
  EXPECT_EQ(stable(0, 0), T(1));
  EXPECT_EQ(stable(0, 1), T(0));
}

// Instantiated in runtime/stress_test_f32.cpp (float) and runtime/stress_test_f64.cpp (double).
#define CF_TEST_STRESS_RUNTIME_CASES(T)                                   \
  extern template void softmax_large_magnitudes_case<T>();                \
  extern template void softmax_equal_rows_are_uniform_case<T>();          \
  extern template void softmax_masked_entries_get_zero_case<T>();         \
  extern template void softmax_zeros_subnormals_largest_finite_case<T>(); \
  extern template void softmax_subnormal_weight_case<T>();                \
  extern template void sequence_length_one_case<T>();                     \
  extern template void causal_attention_large_scores_case<T>();           \
  extern template void softmax_nan_and_infinity_case<T>();                \
  extern template void softmax_overflowing_gap_case<T>();                 \
  extern template void causal_attention_nan_token_case<T>();              \
  extern template void naive_softmax_overflows_stable_does_not_case<T>();
CF_TEST_STRESS_RUNTIME_CASES(float)
CF_TEST_STRESS_RUNTIME_CASES(double)
#undef CF_TEST_STRESS_RUNTIME_CASES

}  // namespace cf_test::stress_runtime

#endif
