// The blocked attention kernel against the row-by-row loop on random shapes and values, double
// (bitexact/attend_random.hpp).
#include <gtest/gtest.h>

#include "bitexact/attend_random.hpp"

namespace cf_test::attend_random_bitexact {
namespace {

TEST(BitExactKernels, AttendBlockedEqualsRowByRowDouble) { attend_random<double>(0xA77E4E, 60); }

}  // namespace
}  // namespace cf_test::attend_random_bitexact
