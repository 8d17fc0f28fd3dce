// Section 3.4 at run time: the cases of the typed suite TrainableAttention, each a function template of
// the element type. runtime/trainable_attention_test.cpp registers the tests;
// runtime/trainable_attention_{test,v2,shapes,lengths}_{f32,f64}.cpp compile them, declared `extern template`
// below, a few per translation unit, so that each compiles quickly.
#ifndef CONSTFORMER_TESTS_CASES_TRAINABLE_RUNTIME_HPP
#define CONSTFORMER_TESTS_CASES_TRAINABLE_RUNTIME_HPP

#include <gtest/gtest.h>
#include <cstddef>

#include "cases/trainable.hpp"
#include "fixtures/exercise_3_1_v1_v2_equivalence_f32.hpp"
#include "fixtures/exercise_3_1_v1_v2_equivalence_f64.hpp"
#include "fixtures/self_attention_v1_seed123_f32.hpp"
#include "fixtures/self_attention_v1_seed123_f64.hpp"
#include "fixtures/self_attention_v2_seed789_f32.hpp"
#include "fixtures/self_attention_v2_seed789_f64.hpp"
#include "fixtures/trainable_weights_step_by_step_f32.hpp"
#include "fixtures/trainable_weights_step_by_step_f64.hpp"
#include "cases/named.hpp"
#include "support/intermediates.hpp"
#include "support/runtime_test.hpp"

namespace cf_test::trainable_runtime {

using cf_test::matrix_close;
using cf_test::tensor_matrix;
using cf_test::to_matrix;

// The compile-time results, for the bit-identity checks.
template <class T>
constexpr auto ct_step_by_step() {
  return CF_TEST_WITH_FIXTURE(T, trainable_weights_step_by_step,
                              cf_test::step_by_step(to_matrix<6, 3>(ns::inputs), to_matrix<3, 2>(ns::W_query),
                                                    to_matrix<3, 2>(ns::W_key), to_matrix<3, 2>(ns::W_value)));
}

template <class T>
constexpr auto ct_v1() {
  return CF_TEST_WITH_FIXTURE(T, self_attention_v1_seed123,
                              cf_test::load_named<cf::self_attention_v1<T, 3, 2>>(ns::tensors)
                                  .forward_intermediates(to_matrix<6, 3>(ns::inputs)));
}

template <class T>
constexpr auto ct_v2() {
  return CF_TEST_WITH_FIXTURE(T, self_attention_v2_seed789,
                              cf_test::load_named<cf::self_attention_v2<T, 3, 2>>(ns::tensors)
                                  .forward_intermediates(to_matrix<6, 3>(ns::inputs)));
}

template <class T, class R>
void expect_intermediates(const R& r, const cf::io::tensor_file& file) {
  EXPECT_TRUE(matrix_close(r.queries, tensor_matrix<T, 6, 2>(file, "queries")));
  EXPECT_TRUE(matrix_close(r.keys, tensor_matrix<T, 6, 2>(file, "keys")));
  EXPECT_TRUE(matrix_close(r.values, tensor_matrix<T, 6, 2>(file, "values")));
  EXPECT_TRUE(matrix_close(r.scores, tensor_matrix<T, 6, 6>(file, "attn_scores")));
  EXPECT_TRUE(matrix_close(r.weights, tensor_matrix<T, 6, 6>(file, "attn_weights")));
  EXPECT_TRUE(matrix_close(r.context, tensor_matrix<T, 6, 2>(file, "output")));
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights));
}

//! TYPED_TEST(TrainableAttention, StepByStepMatchesPyTorch).
template <class T>
void step_by_step_matches_pytorch_case() {
  const auto file = cf_test::load_case<T>("trainable_weights_step_by_step");
  const auto r = cf_test::step_by_step(tensor_matrix<T, 6, 3>(file, "inputs"), tensor_matrix<T, 3, 2>(file, "W_query"),
                                       tensor_matrix<T, 3, 2>(file, "W_key"), tensor_matrix<T, 3, 2>(file, "W_value"));
  EXPECT_TRUE(matrix_close(r.query_2, tensor_matrix<T, 1, 2>(file, "query_2")));
  EXPECT_TRUE(matrix_close(r.keys, tensor_matrix<T, 6, 2>(file, "keys")));
  EXPECT_TRUE(matrix_close(r.values, tensor_matrix<T, 6, 2>(file, "values")));
  EXPECT_TRUE(cf_test::close(r.attn_score_22, tensor_matrix<T, 1, 1>(file, "attn_score_22")(0, 0)));
  EXPECT_TRUE(matrix_close(r.attn_scores_2, tensor_matrix<T, 1, 6>(file, "attn_scores_2")));
  EXPECT_TRUE(matrix_close(r.attn_weights_2, tensor_matrix<T, 1, 6>(file, "attn_weights_2")));
  EXPECT_TRUE(matrix_close(r.context_vec_2, tensor_matrix<T, 1, 2>(file, "context_vec_2")));

  constexpr auto ct = ct_step_by_step<T>();
  EXPECT_TRUE(cf::bit_equal(r.query_2, ct.query_2));
  EXPECT_TRUE(cf::bit_equal(r.keys, ct.keys));
  EXPECT_TRUE(cf::bit_equal(r.values, ct.values));
  EXPECT_TRUE(cf::bit_equal(cf::vector<T, 1>{{{r.attn_score_22}}}, cf::vector<T, 1>{{{ct.attn_score_22}}}));
  EXPECT_TRUE(cf::bit_equal(r.attn_scores_2, ct.attn_scores_2));
  EXPECT_TRUE(cf::bit_equal(r.attn_weights_2, ct.attn_weights_2));
  EXPECT_TRUE(cf::bit_equal(r.context_vec_2, ct.context_vec_2));
}

//! TYPED_TEST(TrainableAttention, SelfAttentionV1MatchesPyTorch).
template <class T>
void self_attention_v1_matches_pytorch_case() {
  const auto file = cf_test::load_case<T>("self_attention_v1_seed123");
  const auto m = cf_test::load_module<cf::self_attention_v1<T, 3, 2>>(file);
  const auto x = tensor_matrix<T, 6, 3>(file, "inputs");
  const auto r = m.forward_intermediates(x);
  expect_intermediates<T>(r, file);
  EXPECT_TRUE(cf::bit_equal(m.forward(x), r.context));
  cf_test::expect_intermediates_bit_equal(r, ct_v1<T>());
  EXPECT_TRUE(cf_test::permutation_equivariant(m, x, cf_test::shuffle6));
}

//! TYPED_TEST(TrainableAttention, SelfAttentionV2MatchesPyTorch).
template <class T>
void self_attention_v2_matches_pytorch_case() {
  const auto file = cf_test::load_case<T>("self_attention_v2_seed789");
  const auto m = cf_test::load_module<cf::self_attention_v2<T, 3, 2>>(file);
  const auto x = tensor_matrix<T, 6, 3>(file, "inputs");
  const auto r = m.forward_intermediates(x);
  expect_intermediates<T>(r, file);
  EXPECT_TRUE(cf::bit_equal(m.forward(x), r.context));
  cf_test::expect_intermediates_bit_equal(r, ct_v2<T>());
  EXPECT_TRUE(cf_test::permutation_equivariant(m, x, cf_test::reverse6));
  EXPECT_TRUE(cf_test::permutation_equivariant(m, x, cf_test::shuffle6));
}

//! TYPED_TEST(TrainableAttention, Exercise31V1WithTransposedV2Weights).
template <class T>
void exercise31_v1_with_transposed_v2_weights_case() {
  const auto file = cf_test::load_case<T>("exercise_3_1_v1_v2_equivalence");
  const auto x = tensor_matrix<T, 6, 3>(file, "inputs");
  const auto v2 = cf_test::load_module<cf::self_attention_v2<T, 3, 2>>(file);
  const auto y2 = v2.forward(x);
  // Exercise 3.1: v1 with W = weight^T, written through the parameter names.
  cf::self_attention_v1<T, 3, 2> v1{};
  cf::parameter<"W_query">(v1) = cf::transpose(cf::parameter<"W_query.weight">(v2));
  cf::parameter<"W_key">(v1) = cf::transpose(cf::parameter<"W_key.weight">(v2));
  cf::parameter<"W_value">(v1) = cf::transpose(cf::parameter<"W_value.weight">(v2));
  const auto y1 = v1.forward(x);
  EXPECT_TRUE(matrix_close(y2, tensor_matrix<T, 6, 2>(file, "output_v2")));
  EXPECT_TRUE(matrix_close(y1, tensor_matrix<T, 6, 2>(file, "output_v1_with_transposed_v2_weights")));
  EXPECT_TRUE(cf::bit_equal(y1, y2));
}

// Longer sequences than the notebook's six tokens work too (S is a template parameter).
//! TYPED_TEST(TrainableAttention, AnySequenceLength).
template <class T>
void any_sequence_length_case() {
  const auto file = cf_test::load_case<T>("self_attention_v2_seed789");
  const auto m = cf_test::load_module<cf::self_attention_v2<T, 3, 2>>(file);
  const auto x6 = tensor_matrix<T, 6, 3>(file, "inputs");
  cf::matrix<T, 12, 3> x12{};
  for (std::size_t i = 0; i < 12; ++i)
    for (std::size_t c = 0; c < 3; ++c) x12(i, c) = x6(i % 6, c) * T(i < 6 ? 1 : -1);
  const auto r = m.forward_intermediates(x12);
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights));
  EXPECT_TRUE(cf::bit_equal(m.forward(x12), r.context));
  // A single token attends only to itself: the output is its value vector.
  const auto one = m.forward(cf::row(x6, 2));
  EXPECT_TRUE(cf::bit_equal(one, m.W_value.forward(cf::row(x6, 2))));
}

// Instantiated in runtime/trainable_attention_{test,shapes}_{f32,f64}.cpp.
#define CF_TEST_TRAINABLE_RUNTIME_CASES(T)                                 \
  extern template void step_by_step_matches_pytorch_case<T>();             \
  extern template void self_attention_v1_matches_pytorch_case<T>();        \
  extern template void self_attention_v2_matches_pytorch_case<T>();        \
  extern template void exercise31_v1_with_transposed_v2_weights_case<T>(); \
  extern template void any_sequence_length_case<T>();
CF_TEST_TRAINABLE_RUNTIME_CASES(float)
CF_TEST_TRAINABLE_RUNTIME_CASES(double)
#undef CF_TEST_TRAINABLE_RUNTIME_CASES

}  // namespace cf_test::trainable_runtime

#endif
