// The matrix-product kernel against its constant-evaluation form and the in-order dot product,
// float (bitexact/matmul_kernel.hpp).
#include <gtest/gtest.h>

#include "bitexact/matmul_kernel.hpp"

namespace cf_test::matmul_kernel_bitexact {
namespace {

TEST(BitExactKernels, MatmulTransposedCompileTimeEqualsRunTimeFloat) {
  matmul_transposed_compile_time_equals_run_time<float, 7, 70, 5, 21>();  // two panels along k
  matmul_transposed_compile_time_equals_run_time<float, 6, 33, 41, 23>();  // partial vectors
}
TEST(BitExactKernels, MatmulTransposedPanelEqualsDotProductsFloat) { matmul_transposed_random<float>(0x3A7, 30); }

}  // namespace
}  // namespace cf_test::matmul_kernel_bitexact
