// The attention kernel against its constant-evaluation form through multi-head attention,
// double (bitexact/attend_kernel.hpp).
#include <gtest/gtest.h>

#include "bitexact/attend_kernel.hpp"

namespace cf_test::attend_kernel_bitexact {
namespace {

TEST(BitExactKernels, AttendCompileTimeEqualsRunTimeDouble) {
  mha_compile_time_equals_run_time<double, 12, 21, 3, true, 12>();  // head width 4
  mha_compile_time_equals_run_time<double, 6, 11, 2, false, 14>();
}

}  // namespace
}  // namespace cf_test::attend_kernel_bitexact
