// Section 3.6 at run time: inputs and weights read from the fixture files, results compared
// with PyTorch's and, bit for bit, with the compile-time evaluation of the same code.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "cases/multi_head.hpp"
#include "fixtures/batched_matmul_example_f32.hpp"
#include "fixtures/batched_matmul_example_f64.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f64.hpp"
#include "cases/named.hpp"
#include "support/runtime_test.hpp"

namespace {

using cf_test::matrix_close;
using cf_test::tensor_matrix;
using cf_test::to_matrix;

CF_TEST_SCALAR_SUITE(MultiHeadAttention);

template <class T, std::size_t DOut>
void check_wrapper(const std::string& name) {
  const auto file = cf_test::load_case<T>(name);
  const auto m = cf_test::load_module<cf::multi_head_attention_wrapper<T, 3, DOut, 6, 2>>(file);
  const auto x = cf_test::unflatten<2>(tensor_matrix<T, 12, 3>(file, "inputs"));
  const auto r = m.forward_intermediates(x);
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.output), tensor_matrix<T, 12, 2 * DOut>(file, "output")));
  if (file.find("heads.0.attn_weights") != nullptr) {
    EXPECT_TRUE(matrix_close(cf_test::flatten(cf_test::head_of(r.weights, 0)),
                             tensor_matrix<T, 12, 6>(file, "heads.0.attn_weights")));
    EXPECT_TRUE(matrix_close(cf_test::flatten(cf_test::head_of(r.weights, 1)),
                             tensor_matrix<T, 12, 6>(file, "heads.1.attn_weights")));
  }
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights));
  EXPECT_TRUE(cf_test::wrapper_is_concatenation(m, x));
  EXPECT_TRUE(cf_test::future_tokens_do_not_matter(m, x));
}

TYPED_TEST(MultiHeadAttention, WrapperMatchesPyTorch) { check_wrapper<TypeParam, 2>("mha_wrapper_seed123"); }
TYPED_TEST(MultiHeadAttention, Exercise32WrapperDOut1MatchesPyTorch) {
  check_wrapper<TypeParam, 1>("exercise_3_2_wrapper_dout1");
}

template <class T, std::size_t DOut>
auto check_mha(const std::string& name) {
  const auto file = cf_test::load_case<T>(name);
  const auto m = cf_test::load_module<cf::multi_head_attention<T, 3, DOut, 6, 2>>(file);
  const auto x = cf_test::unflatten<2>(tensor_matrix<T, 12, 3>(file, "inputs"));
  const auto r = m.forward_intermediates(x);
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.weights), tensor_matrix<T, 24, 6>(file, "attn_weights")));
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.context), tensor_matrix<T, 12, DOut>(file, "context_before_out_proj")));
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.output), tensor_matrix<T, 12, DOut>(file, "output")));
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights));
  EXPECT_TRUE(cf_test::mha_equals_reference(m, x));
  EXPECT_TRUE(cf_test::future_tokens_do_not_matter(m, x));
  EXPECT_TRUE(cf_test::shorter_sequence_is_prefix<3>(m, x));
  return r;
}

template <class T>
constexpr auto ct_mha() {
  return CF_TEST_WITH_FIXTURE(T, multi_head_attention_seed123,
                              cf_test::load_named<cf::multi_head_attention<T, 3, 2, 6, 2>>(ns::tensors)
                                  .forward_intermediates(cf_test::to_batch<2, 6, 3>(ns::inputs)));
}

TYPED_TEST(MultiHeadAttention, MultiHeadAttentionMatchesPyTorch) {
  using T = TypeParam;
  const auto r = check_mha<T, 2>("multi_head_attention_seed123");
  constexpr auto ct = ct_mha<T>();
  EXPECT_TRUE(cf::bit_equal(r.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(r.context, ct.context));
  EXPECT_TRUE(cf::bit_equal(r.output, ct.output));
}

TYPED_TEST(MultiHeadAttention, MultiHeadAttentionDOut4MatchesPyTorch) {
  check_mha<TypeParam, 4>("multi_head_attention_dout4_seed123");
}

template <class T>
constexpr auto ct_batched() {
  return CF_TEST_WITH_FIXTURE(T, batched_matmul_example,
                              cf_test::batched_matmul_transposed(cf_test::to_head_batch<1, 2, 3, 4>(ns::a)));
}

TYPED_TEST(MultiHeadAttention, BatchedMatmulMatchesPyTorch) {
  using T = TypeParam;
  const auto file = cf_test::load_case<T>("batched_matmul_example");
  const auto a_rows = tensor_matrix<T, 6, 4>(file, "a");
  cf::head_batch<T, 1, 2, 3, 4> a{};
  for (std::size_t h = 0; h < 2; ++h)
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t c = 0; c < 4; ++c) a[0][h](i, c) = a_rows(h * 3 + i, c);
  const auto r = cf_test::batched_matmul_transposed(a);
  EXPECT_TRUE(matrix_close(cf_test::flatten(r), tensor_matrix<T, 6, 3>(file, "result")));
  EXPECT_TRUE(cf::bit_equal(r, ct_batched<T>()));
}

}  // namespace
