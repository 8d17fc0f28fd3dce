// Dropout at run time: keep statistics over 10^5 draws, exact scaling, the identity cases,
// invalid run-time rates, the same masks as at compile time (inside the modules:
// dropout_modules_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "cases/dropout.hpp"
#include "support/opaque.hpp"
#include "support/runtime_test.hpp"

namespace {

CF_TEST_SCALAR_SUITE(Dropout);

TYPED_TEST(Dropout, KeptFractionNearOneMinusRate) {
  using T = TypeParam;
  constexpr std::uint64_t n = 100000;
  for (const double p : {0.1, 0.25, 0.5, 0.9}) {
    const cf::dropout<T> d{static_cast<T>(cf_test::opaque(p)), cf_test::opaque(std::uint64_t{42}), true};
    const double kept = static_cast<double>(cf_test::kept_count(d, n));
    const double sigma = std::sqrt(static_cast<double>(n) * p * (1 - p));
    EXPECT_NEAR(kept, static_cast<double>(n) * (1 - p), 5 * sigma) << "rate " << p;
  }
  // The uniforms themselves: mean 1/2 within 5 sigma (sigma = sqrt(1/12/n)).
  double sum = 0;
  for (std::uint64_t i = 0; i < n; ++i)
    sum += static_cast<double>(cf::uniform<T>(cf_test::opaque(std::uint64_t{7}), i));
  EXPECT_NEAR(sum / static_cast<double>(n), 0.5, 5 * std::sqrt(1.0 / 12.0 / static_cast<double>(n)));
}

TYPED_TEST(Dropout, KeptValuesScaledExactly) {
  using T = TypeParam;
  const auto x = cf_test::opaque(cf_test::test_matrix<T, 16, 16>(3));
  EXPECT_TRUE(cf_test::kept_values_scaled(cf::dropout<T>{T(0.5), 11, true}, x, 0));
  EXPECT_TRUE(cf_test::kept_values_scaled(cf::dropout<T>{T(0.3), 12, true}, x, 500));
}

TYPED_TEST(Dropout, EvalAndRateZeroAreIdentity) {
  using T = TypeParam;
  const auto x = cf_test::opaque(cf_test::test_matrix<T, 16, 16>(4));
  EXPECT_TRUE(cf::bit_equal(cf::dropout<T>{T(0.5), 1, false}.forward(x), x));
  EXPECT_TRUE(cf::bit_equal(cf::dropout<T>{T(0), 1, true}.forward(x), x));
}

TYPED_TEST(Dropout, InvalidRunTimeRateIsReportedAndLeavesInputUnchanged) {
  using T = TypeParam;
  const auto x = cf_test::opaque(cf_test::test_matrix<T, 4, 4>(5));
  for (const T rate :
       {T(1), T(1.5), T(-0.1), std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity()}) {
    const cf::dropout<T> d{cf_test::opaque(rate), 1, true};
    EXPECT_FALSE(d.valid()) << "rate " << rate;
    EXPECT_FALSE(d.active()) << "rate " << rate;
    EXPECT_TRUE(cf::bit_equal(d.forward(x), x)) << "rate " << rate;
  }
}

TYPED_TEST(Dropout, SameMaskAsAtCompileTime) {
  using T = TypeParam;
  constexpr auto ct = cf_test::dropout_ones_6x6<T>();
  cf::matrix<T, 6, 6> ones{};
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 6; ++c) ones(r, c) = cf_test::opaque(T(1));
  const cf::dropout<T> d{cf_test::opaque(T(0.5)), cf_test::opaque(std::uint64_t{123}), true};
  EXPECT_TRUE(cf::bit_equal(d.forward(ones), ct));
  for (std::uint64_t i = 0; i < 1000; ++i)
    EXPECT_EQ(cf::random_bits(cf_test::opaque(std::uint64_t{5}), i), cf::random_bits(5, i));
}

}  // namespace
