// The multi-head attention module's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp), causal with dropout, float (double:
// constant_kernels_dropout_f64_bitexact.cpp).
#include "bitexact/constant_kernels.hpp"

namespace {

using cf_test::constant_kernels::mha_case;

TEST(ConstantKernels, MultiHeadDropout) { mha_case<float, 6, 8, 2, true, true>(); }

}  // namespace
