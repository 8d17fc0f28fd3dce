// The attention kernel against its constant-evaluation form through multi-head attention, float
// (bitexact/attend_kernel.hpp).
#include <gtest/gtest.h>

#include "bitexact/attend_kernel.hpp"

namespace cf_test::attend_kernel_bitexact {
namespace {

TEST(BitExactKernels, AttendCompileTimeEqualsRunTimeFloat) {
  mha_compile_time_equals_run_time<float, 8, 19, 2, true, 11>();
  mha_compile_time_equals_run_time<float, 20, 9, 2, true, 13>();  // head width 10
}

}  // namespace
}  // namespace cf_test::attend_kernel_bitexact
