// Multi-head attention's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp): heads of 8 and 16. Width 72 (the generic form):
// constant_kernels_generic_bitexact.cpp.
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::mha_case;

TEST(ConstantKernels, MultiHeadWideWidths) {
  mha_case<float, 6, 24, 3>();  // width 8
  mha_case<float, 5, 16, 1>();  // width 16
}

}  // namespace
