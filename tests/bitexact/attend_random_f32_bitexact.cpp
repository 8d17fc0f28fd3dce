// The blocked attention kernel against the row-by-row loop on random shapes and values, float
// (bitexact/attend_random.hpp).
#include <gtest/gtest.h>

#include "bitexact/attend_random.hpp"

namespace cf_test::attend_random_bitexact {
namespace {

TEST(BitExactKernels, AttendBlockedEqualsRowByRowFloat) { attend_random<float>(0xA77E4D, 60); }

}  // namespace
}  // namespace cf_test::attend_random_bitexact
