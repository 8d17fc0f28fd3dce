// The multi-head attention module's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp), not causal. With dropout: constant_kernels_dropout_bitexact.cpp
// and constant_kernels_dropout_f64_bitexact.cpp; causal attention:
// constant_kernels_causal_bitexact.cpp.
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::mha_case;

TEST(ConstantKernels, MultiHeadNotCausal) {
  mha_case<float, 7, 8, 2, false>();  // not causal
}

}  // namespace
