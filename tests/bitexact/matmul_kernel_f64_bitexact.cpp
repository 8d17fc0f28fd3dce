// The matrix-product kernel against its constant-evaluation form and the in-order dot product,
// double (bitexact/matmul_kernel.hpp).
#include <gtest/gtest.h>

#include "bitexact/matmul_kernel.hpp"

namespace cf_test::matmul_kernel_bitexact {
namespace {

TEST(BitExactKernels, MatmulTransposedCompileTimeEqualsRunTimeDouble) {
  matmul_transposed_compile_time_equals_run_time<double, 9, 3, 67, 22>();  // two panels of columns
  matmul_transposed_compile_time_equals_run_time<double, 5, 66, 20, 24>();  // partial row blocks
}
TEST(BitExactKernels, MatmulTransposedPanelEqualsDotProductsDouble) { matmul_transposed_random<double>(0x3A8, 30); }

}  // namespace
}  // namespace cf_test::matmul_kernel_bitexact
