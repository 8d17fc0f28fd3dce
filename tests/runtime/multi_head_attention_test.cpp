// Section 3.6 at run time: inputs and weights read from the fixture files, results compared
// with PyTorch's and, bit for bit, with the compile-time evaluation of the same code. The
// wrapper and MultiHeadAttention cases are in cases/multi_head_runtime.hpp, compiled in
// runtime/multi_head_attention_test_*.cpp.
#include <gtest/gtest.h>

#include <cstddef>

#include "cases/multi_head.hpp"
#include "cases/multi_head_runtime.hpp"
#include "fixtures/batched_matmul_example_f32.hpp"
#include "fixtures/batched_matmul_example_f64.hpp"
#include "support/runtime_test.hpp"

namespace {

namespace mhr = cf_test::multi_head_runtime;
using cf_test::matrix_close;
using cf_test::tensor_matrix;

CF_TEST_SCALAR_SUITE(MultiHeadAttention);

TYPED_TEST(MultiHeadAttention, WrapperMatchesPyTorch) { mhr::wrapper_case<TypeParam>(); }
TYPED_TEST(MultiHeadAttention, Exercise32WrapperDOut1MatchesPyTorch) { mhr::wrapper_dout1_case<TypeParam>(); }
TYPED_TEST(MultiHeadAttention, MultiHeadAttentionMatchesPyTorch) { mhr::mha_case<TypeParam>(); }
TYPED_TEST(MultiHeadAttention, MultiHeadAttentionDOut4MatchesPyTorch) { mhr::mha_dout4_case<TypeParam>(); }

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
