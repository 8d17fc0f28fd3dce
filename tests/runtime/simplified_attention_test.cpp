// Section 3.3 at run time: inputs read from the fixture files, results compared with
// PyTorch's and, bit for bit, with the compile-time evaluation of the same code.
#include <gtest/gtest.h>

#include "cases/simplified.hpp"
#include "fixtures/simplified_attention_all_f32.hpp"
#include "fixtures/simplified_attention_all_f64.hpp"
#include "fixtures/simplified_attention_query2_f32.hpp"
#include "fixtures/simplified_attention_query2_f64.hpp"
#include "support/runtime_test.hpp"

namespace {

CF_TEST_SCALAR_SUITE(SimplifiedAttention);

template <class T>
constexpr auto compile_time_query() {
  return CF_TEST_WITH_FIXTURE(T, simplified_attention_query2,
                              cf_test::simplified_query(cf_test::to_matrix<6, 3>(ns::inputs), 1));
}

template <class T>
constexpr auto compile_time_all() {
  return CF_TEST_WITH_FIXTURE(T, simplified_attention_all,
                              cf_test::simplified_all(cf_test::to_matrix<6, 3>(ns::inputs)));
}

TYPED_TEST(SimplifiedAttention, OneQueryMatchesPyTorch) {
  using T = TypeParam;
  const auto file = cf_test::load_case<T>("simplified_attention_query2");
  const auto inputs = cf_test::tensor_matrix<T, 6, 3>(file, "inputs");
  const auto r = cf_test::simplified_query(inputs, 1);
  EXPECT_TRUE(cf_test::matrix_close(cf::row(inputs, 1), cf_test::tensor_matrix<T, 1, 3>(file, "query")));
  EXPECT_TRUE(cf_test::matrix_close(r.scores, cf_test::tensor_matrix<T, 1, 6>(file, "attn_scores_2")));
  EXPECT_TRUE(cf_test::matrix_close(r.by_sum, cf_test::tensor_matrix<T, 1, 6>(file, "attn_weights_2_sum_normalized")));
  EXPECT_TRUE(cf_test::matrix_close(r.naive, cf_test::tensor_matrix<T, 1, 6>(file, "attn_weights_2_softmax_naive")));
  EXPECT_TRUE(cf_test::matrix_close(r.stable, cf_test::tensor_matrix<T, 1, 6>(file, "attn_weights_2")));
  EXPECT_TRUE(cf_test::matrix_close(r.context, cf_test::tensor_matrix<T, 1, 3>(file, "context_vec_2")));

  constexpr auto ct = compile_time_query<T>();
  EXPECT_TRUE(cf::bit_equal(r.scores, ct.scores));
  EXPECT_TRUE(cf::bit_equal(r.by_sum, ct.by_sum));
  EXPECT_TRUE(cf::bit_equal(r.naive, ct.naive));
  EXPECT_TRUE(cf::bit_equal(r.stable, ct.stable));
  EXPECT_TRUE(cf::bit_equal(r.context, ct.context));
}

TYPED_TEST(SimplifiedAttention, AllQueriesMatchPyTorch) {
  using T = TypeParam;
  const auto file = cf_test::load_case<T>("simplified_attention_all");
  const auto inputs = cf_test::tensor_matrix<T, 6, 3>(file, "inputs");
  const auto r = cf_test::simplified_all(inputs);
  EXPECT_TRUE(cf_test::matrix_close(r.scores, cf_test::tensor_matrix<T, 6, 6>(file, "attn_scores")));
  EXPECT_TRUE(cf_test::matrix_close(r.weights, cf_test::tensor_matrix<T, 6, 6>(file, "attn_weights")));
  EXPECT_TRUE(cf_test::matrix_close(r.row_sums, cf_test::tensor_matrix<T, 1, 6>(file, "row_sums")));
  EXPECT_TRUE(cf_test::matrix_close(r.context, cf_test::tensor_matrix<T, 6, 3>(file, "context_vecs")));

  constexpr auto ct = compile_time_all<T>();
  EXPECT_TRUE(cf::bit_equal(r.scores, ct.scores));
  EXPECT_TRUE(cf::bit_equal(r.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(r.row_sums, ct.row_sums));
  EXPECT_TRUE(cf::bit_equal(r.context, ct.context));
}

TYPED_TEST(SimplifiedAttention, RowsOfWeightsSumToOne) {
  using T = TypeParam;
  const auto file = cf_test::load_case<T>("simplified_attention_all");
  const auto r = cf_test::simplified_all(cf_test::tensor_matrix<T, 6, 3>(file, "inputs"));
  // Six terms each rounded once, then the sum: within 8 units of roundoff of 1.
  const T bound = 8 * std::numeric_limits<T>::epsilon();
  for (std::size_t i = 0; i < 6; ++i) EXPECT_NEAR(r.row_sums(0, i), T(1), bound) << "row " << i;
}

}  // namespace
