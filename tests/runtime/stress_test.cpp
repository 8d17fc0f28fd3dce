// Numerics under stress at run time: the cases of tests/cases/stress.hpp (also checked at
// compile time by tests/static/stress_static.cpp) with inputs copied through a volatile, so
// the processor computes them. NaN and infinity inputs, which constant evaluation may
// reject, are checked here unconditionally, with the documented results (docs/errors.md).
#include <gtest/gtest.h>

#include "cases/stress.hpp"
#include "support/opaque.hpp"
#include "support/runtime_test.hpp"

namespace {

namespace st = cf_test::stress;
using cf_test::opaque;

CF_TEST_SCALAR_SUITE(Stress);

TYPED_TEST(Stress, SoftmaxLargeMagnitudes) {
  EXPECT_TRUE(st::softmax_large_magnitudes(opaque(st::large_magnitudes<TypeParam>())));
}
TYPED_TEST(Stress, SoftmaxEqualRowsAreUniform) {
  EXPECT_TRUE(st::softmax_equal_rows(opaque(st::equal_rows<TypeParam>())));
}
TYPED_TEST(Stress, SoftmaxMaskedEntriesGetZero) {
  EXPECT_TRUE(st::softmax_masked_rows(opaque(st::masked_rows<TypeParam>())));
}
TYPED_TEST(Stress, SoftmaxZerosSubnormalsLargestFinite) {
  EXPECT_TRUE(st::softmax_edge_values(opaque(st::edge_values<TypeParam>())));
}
TYPED_TEST(Stress, SoftmaxSubnormalWeight) {
  EXPECT_TRUE(st::softmax_subnormal_weight(opaque(st::subnormal_gap<TypeParam>())));
}
TYPED_TEST(Stress, SequenceLengthOne) {
  using T = TypeParam;
  EXPECT_TRUE(st::sequence_length_one(opaque(cf::matrix<T, 1, 3>{{{T(0.5), T(-2), T(3)}}})));
  EXPECT_TRUE(st::sequence_length_one(opaque(cf::matrix<T, 1, 3>{{{-T(0), st::tiny<T>, T(0)}}})));
}
TYPED_TEST(Stress, CausalAttentionLargeScores) {
  EXPECT_TRUE(st::causal_large_scores(opaque(st::large_tokens<TypeParam>())));
}

// Documented special values: NaN anywhere in a row, +inf in a row, and a row of only -inf
// each give a NaN row; the other rows are unaffected.
TYPED_TEST(Stress, SoftmaxNanAndInfinity) {
  EXPECT_TRUE(st::softmax_special_rows(opaque(st::special_rows<TypeParam>())));
}
// [max, -max]: x - max overflows to -inf, which gets weight 0: the weights are [1, 0].
TYPED_TEST(Stress, SoftmaxOverflowingGap) {
  EXPECT_TRUE(st::softmax_overflowing_gap(opaque(st::overflowing_gap<TypeParam>())));
}
// A NaN token poisons its own row and the later rows of causal attention, not earlier ones.
TYPED_TEST(Stress, CausalAttentionNanToken) {
  EXPECT_TRUE(st::causal_nan_token(opaque(st::tokens_with_nan<TypeParam>())));
}
// The naive softmax overflows where the stable one does not (documented in nn/softmax.hpp).
TYPED_TEST(Stress, NaiveSoftmaxOverflowsStableDoesNot) {
  using T = TypeParam;
  const auto x = opaque(cf::matrix<T, 1, 2>{{{T(1e4), T(0)}}});
  const auto naive = cf::softmax_naive(x);
  EXPECT_TRUE(st::is_nan(naive(0, 0)));  // inf / inf
  const auto stable = cf::softmax(x);
  EXPECT_EQ(stable(0, 0), T(1));
  EXPECT_EQ(stable(0, 1), T(0));
}

}  // namespace
