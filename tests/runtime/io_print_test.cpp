// torch-style printing: alignment, integral tensors, and non-finite values.
#include <gtest/gtest.h>

#include <limits>

#include "constformer/io/print.hpp"

namespace {

namespace cf = constformer;

TEST(Print, AlignsColumnsAsTorchDoes) {
  const cf::matrix<float, 2, 2> m{{{-0.0739f, 0.0713f}, {1.5f, -12.25f}}};
  EXPECT_EQ(cf::io::format_tensor(m), "tensor([[ -0.0739,   0.0713],\n        [  1.5000, -12.2500]])");
}

TEST(Print, IntegralTensorsAndScalars) {
  const cf::vector<double, 3> v{{{1.0, 0.0, 2.0}}};
  EXPECT_EQ(cf::io::format_tensor(v), "tensor([1., 0., 2.])");
  EXPECT_EQ(cf::io::format_tensor(1.0f), "tensor(1.)");
  EXPECT_EQ(cf::io::format_tensor(0.5f), "tensor(0.5000)");
}

TEST(Print, NonFiniteValuesPrintWithoutUndefinedBehaviour) {
  const double inf = std::numeric_limits<double>::infinity();
  const cf::vector<double, 4> v{{{0.25, -inf, std::numeric_limits<double>::quiet_NaN(), 1e300}}};
  const std::string s = cf::io::format_tensor(v);
  EXPECT_NE(s.find("-inf"), std::string::npos);
  EXPECT_NE(s.find("nan"), std::string::npos);
  EXPECT_NE(s.find("0.2500"), std::string::npos);
  const cf::vector<float, 2> masked{{{0.5f, -std::numeric_limits<float>::infinity()}}};
  EXPECT_EQ(cf::io::format_tensor(masked), "tensor([0.5000,   -inf])");
}

}  // namespace
