// The matrix products' constant-evaluation forms against their run-time forms
// (bitexact/constant_kernels.hpp): row lengths below, at and past the 64-term blocks.
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::matmul_case;

TEST(ConstantKernels, MatmulShapes) {
  matmul_case<float, 3, 1, 2>();
  matmul_case<float, 5, 7, 3>();
  matmul_case<float, 2, 64, 5>();
  matmul_case<float, 3, 100, 4>();
  matmul_case<float, 2, 128, 3>();
  matmul_case<double, 4, 65, 3>();
  matmul_case<double, 3, 13, 6>();
}

}  // namespace
