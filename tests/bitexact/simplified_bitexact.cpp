// Compile-time vs run-time bit identity of section 3.3; this file is built at -O0, -O2 and
// -O3 -march=native. The run-time inputs pass through volatile so nothing is folded.
#include <gtest/gtest.h>

#include "cases/simplified.hpp"
#include "fixtures/simplified_attention_all_f32.hpp"
#include "fixtures/simplified_attention_all_f64.hpp"
#include "support/fixture.hpp"
#include "support/opaque.hpp"

namespace {

namespace cf = constformer;

// `Inputs` is a generated fixture array (a constant expression).
template <const auto& Inputs>
void expect_bit_identical() {
  constexpr auto ct = cf_test::simplified_all(cf_test::to_matrix<6, 3>(Inputs));
  const auto in = cf_test::opaque(cf_test::to_matrix<6, 3>(Inputs));
  const auto rt = cf_test::simplified_all(in);
  EXPECT_TRUE(cf::bit_equal(rt.scores, ct.scores));
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.row_sums, ct.row_sums));
  EXPECT_TRUE(cf::bit_equal(rt.context, ct.context));

  constexpr auto ct_q = cf_test::simplified_query(cf_test::to_matrix<6, 3>(Inputs), 1);
  const auto rt_q = cf_test::simplified_query(in, cf_test::opaque(std::size_t{1}));
  EXPECT_TRUE(cf::bit_equal(rt_q.scores, ct_q.scores));
  EXPECT_TRUE(cf::bit_equal(rt_q.by_sum, ct_q.by_sum));
  EXPECT_TRUE(cf::bit_equal(rt_q.naive, ct_q.naive));
  EXPECT_TRUE(cf::bit_equal(rt_q.stable, ct_q.stable));
  EXPECT_TRUE(cf::bit_equal(rt_q.context, ct_q.context));

  // Every single-query computation is a row of the all-pairs one, to the bit.
  for (std::size_t q = 0; q < 6; ++q) {
    const auto one = cf_test::simplified_query(in, cf_test::opaque(q));
    EXPECT_TRUE(cf::bit_equal(one.scores, cf::row(rt.scores, q))) << "query " << q;
    EXPECT_TRUE(cf::bit_equal(one.stable, cf::row(rt.weights, q))) << "query " << q;
  }
}

TEST(BitExact, SimplifiedAttentionF32) {
  expect_bit_identical<constformer_fixtures::simplified_attention_all_f32::inputs>();
}
TEST(BitExact, SimplifiedAttentionF64) {
  expect_bit_identical<constformer_fixtures::simplified_attention_all_f64::inputs>();
}

}  // namespace
