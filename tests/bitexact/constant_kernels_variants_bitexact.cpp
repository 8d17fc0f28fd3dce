// The multi-head attention module's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp): not causal, and with dropout. Causal attention:
// constant_kernels_causal_bitexact.cpp.
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::mha_case;

TEST(ConstantKernels, MultiHeadVariants) {
  mha_case<float, 7, 8, 2, false>();       // not causal
  mha_case<float, 6, 8, 2, true, true>();  // dropout
  mha_case<double, 5, 6, 3, false, true>();
}

}  // namespace
