// cf::reproduces_compile_time() in the builds of tests/bitexact (-O0, -O2, -O3 -march=native,
// and without the matmul panel), and, through scripts/test.d/header_only_bitexact.sh, in
// builds that do not pass -ffp-contract=off: it must find no difference wherever the other
// bit-exactness tests find none. Its own ability to find one is the control of that script
// (the same build without the headers' pragmas must fail).
#include <gtest/gtest.h>

#include "constformer/self_check.hpp"

namespace {

namespace cf = constformer;

TEST(SelfCheck, ReproducesCompileTime) {
  const cf::self_check_result r = cf::reproduces_compile_time();
  EXPECT_TRUE(r) << r.first_mismatch << " differs from its compile-time result";
}

TEST(SelfCheck, EachTypeAlone) {
  EXPECT_TRUE(cf::reproduces_compile_time<float>());
  EXPECT_TRUE(cf::reproduces_compile_time<double>());
}

}  // namespace
