// Multi-head attention's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp): a head of 72, wider than the 64-element blocks, which
// takes the generic form.
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::mha_case;

TEST(ConstantKernels, MultiHeadGenericWidth) {
  mha_case<float, 4, 72, 1>();  // width 72: the generic form
}

}  // namespace
