// Numerics under stress at run time: the cases of tests/cases/stress.hpp (also checked at
// compile time by tests/static/stress_static.cpp) with inputs copied through a volatile, so
// the processor computes them. NaN and infinity inputs, which constant evaluation may
// reject, are checked here unconditionally, with the documented results (docs/errors.md).
// The cases are in cases/stress_runtime.hpp, compiled in stress_test_f32.cpp and stress_test_f64.cpp.
#include <gtest/gtest.h>

#include "cases/stress_runtime.hpp"
#include "support/runtime_test.hpp"

namespace {

CF_TEST_SCALAR_SUITE(Stress);

TYPED_TEST(Stress, SoftmaxLargeMagnitudes) { cf_test::stress_runtime::softmax_large_magnitudes_case<TypeParam>(); }
TYPED_TEST(Stress, SoftmaxEqualRowsAreUniform) {
  cf_test::stress_runtime::softmax_equal_rows_are_uniform_case<TypeParam>();
}
TYPED_TEST(Stress, SoftmaxMaskedEntriesGetZero) {
  cf_test::stress_runtime::softmax_masked_entries_get_zero_case<TypeParam>();
}
TYPED_TEST(Stress, SoftmaxZerosSubnormalsLargestFinite) {
  cf_test::stress_runtime::softmax_zeros_subnormals_largest_finite_case<TypeParam>();
}
TYPED_TEST(Stress, SoftmaxSubnormalWeight) { cf_test::stress_runtime::softmax_subnormal_weight_case<TypeParam>(); }
TYPED_TEST(Stress, SequenceLengthOne) { cf_test::stress_runtime::sequence_length_one_case<TypeParam>(); }
TYPED_TEST(Stress, CausalAttentionLargeScores) {
  cf_test::stress_runtime::causal_attention_large_scores_case<TypeParam>();
}
TYPED_TEST(Stress, SoftmaxNanAndInfinity) { cf_test::stress_runtime::softmax_nan_and_infinity_case<TypeParam>(); }
TYPED_TEST(Stress, SoftmaxOverflowingGap) { cf_test::stress_runtime::softmax_overflowing_gap_case<TypeParam>(); }
TYPED_TEST(Stress, CausalAttentionNanToken) { cf_test::stress_runtime::causal_attention_nan_token_case<TypeParam>(); }
TYPED_TEST(Stress, NaiveSoftmaxOverflowsStableDoesNot) {
  cf_test::stress_runtime::naive_softmax_overflows_stable_does_not_case<TypeParam>();
}

}  // namespace
