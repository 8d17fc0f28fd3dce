// The multi-head attention module's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp), not causal, with dropout, double.
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::mha_case;

TEST(ConstantKernels, MultiHeadDropoutF64) { mha_case<double, 5, 6, 3, false, true>(); }

}  // namespace
