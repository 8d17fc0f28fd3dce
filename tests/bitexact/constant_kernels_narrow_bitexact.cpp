// Multi-head attention's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp): heads narrower than the vectors' blocks.
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::mha_case;

TEST(ConstantKernels, MultiHeadNarrowWidths) {
  mha_case<float, 7, 8, 8>();  // width 1
  mha_case<float, 9, 8, 2>();  // width 4
  mha_case<double, 7, 12, 3>();
}

}  // namespace
