// tests/runtime/math/exp_test.cpp
// Run-time tests of constformer::math::exp: seeded random sweeps (10^6 samples per
// range) against a higher-precision reference, the edge cases, and bit identity
// between constant evaluation and run time.
#include <constformer/detail/fp_bits.hpp>
#include <constformer/math/exp.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include "support/math_sweep.hpp"  // cf_test::sweep
#include "support/ulp.hpp"         // cf_test::ulp_error

namespace {

namespace cf = constformer;

constexpr std::size_t samples_per_range = 1'000'000;

using cf_test::ulp_error;

// Reference: float against double std::exp, double against x87 long double expl.
double reference(float x) { return std::exp(static_cast<double>(x)); }
long double reference(double x) { return std::exp(static_cast<long double>(x)); }

// Samples uniformly in [lo, hi], or random bit patterns of T when lo > hi.
template <class T>
void expect_within_one_ulp(T lo, T hi, std::uint64_t seed) {
    const cf_test::sweep_result res = cf_test::sweep(
        [](T x) { return cf::math::exp(x); }, [](T x) { return reference(x); }, lo, hi, seed, samples_per_range);
    EXPECT_LE(res.max_ulp, 1.0) << "worst x = " << res.worst_x;
    EXPECT_EQ(res.nan_failures, 0u);
    ::testing::Test::RecordProperty("max_ulp_x1e6", static_cast<int>(res.max_ulp * 1e6));
}

constexpr float f_inf = std::numeric_limits<float>::infinity();
constexpr double d_inf = std::numeric_limits<double>::infinity();

}  // namespace

TEST(MathExp, FloatRandomBitPatterns) { expect_within_one_ulp(1.0f, -1.0f, 101); }
TEST(MathExp, FloatUnitInterval) { expect_within_one_ulp(-1.0f, 1.0f, 102); }
TEST(MathExp, FloatNormalResults) { expect_within_one_ulp(-87.0f, 88.0f, 103); }
TEST(MathExp, FloatSubnormalResults) { expect_within_one_ulp(-103.98f, -87.33f, 104); }
TEST(MathExp, FloatNearOverflow) { expect_within_one_ulp(88.0f, 88.8f, 105); }

TEST(MathExp, DoubleRandomBitPatterns) { expect_within_one_ulp(1.0, -1.0, 201); }
TEST(MathExp, DoubleUnitInterval) { expect_within_one_ulp(-1.0, 1.0, 202); }
TEST(MathExp, DoubleNormalResults) { expect_within_one_ulp(-708.0, 709.0, 203); }
TEST(MathExp, DoubleSubnormalResults) { expect_within_one_ulp(-745.14, -708.39, 204); }
TEST(MathExp, DoubleNearOverflow) { expect_within_one_ulp(709.0, 709.8, 205); }

TEST(MathExp, FloatEdgeCases) {
    using lim = std::numeric_limits<float>;
    EXPECT_TRUE(std::isnan(cf::math::exp(lim::quiet_NaN())));
    EXPECT_TRUE(std::isnan(cf::math::exp(-lim::quiet_NaN())));
    EXPECT_TRUE(std::isnan(cf::math::exp(lim::signaling_NaN())));
    // Quieted, payload kept.
    EXPECT_EQ(cf::detail::to_bits(cf::math::exp(lim::signaling_NaN())),
              cf::detail::to_bits(lim::signaling_NaN()) | cf::detail::fp_traits<float>::quiet_bit);
    EXPECT_EQ(cf::math::exp(f_inf), f_inf);
    EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(-f_inf), 0.0f));
    EXPECT_EQ(cf::math::exp(0.0f), 1.0f);
    EXPECT_EQ(cf::math::exp(-0.0f), 1.0f);
    EXPECT_EQ(cf::math::exp(lim::denorm_min()), 1.0f);
    EXPECT_EQ(cf::math::exp(-lim::denorm_min()), 1.0f);
    EXPECT_EQ(cf::math::exp(lim::max()), f_inf);
    EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(lim::lowest()), 0.0f));
    // Overflow threshold: 88.72283172607421875 is the largest finite case.
    const float max_arg = 0x1.62e42ep+6f;
    EXPECT_LT(cf::math::exp(max_arg), f_inf);
    EXPECT_EQ(cf::math::exp(std::nextafter(max_arg, f_inf)), f_inf);
    // Underflow threshold: below -103.97207641601562 the result is +0.
    const float min_arg = -0x1.9fe368p+6f;
    EXPECT_EQ(cf::math::exp(min_arg), lim::denorm_min());
    EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(std::nextafter(min_arg, -f_inf)), 0.0f));
    // Known value: e rounds to 0x402DF854.
    EXPECT_LE(cf::detail::ulp_distance(cf::math::exp(1.0f), cf::detail::from_bits<float>(0x402D'F854u)), 1u);
}

TEST(MathExp, DoubleEdgeCases) {
    using lim = std::numeric_limits<double>;
    EXPECT_TRUE(std::isnan(cf::math::exp(lim::quiet_NaN())));
    EXPECT_TRUE(std::isnan(cf::math::exp(lim::signaling_NaN())));
    EXPECT_EQ(cf::detail::to_bits(cf::math::exp(lim::signaling_NaN())),
              cf::detail::to_bits(lim::signaling_NaN()) | cf::detail::fp_traits<double>::quiet_bit);
    EXPECT_EQ(cf::math::exp(d_inf), d_inf);
    EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(-d_inf), 0.0));
    EXPECT_EQ(cf::math::exp(0.0), 1.0);
    EXPECT_EQ(cf::math::exp(-0.0), 1.0);
    EXPECT_EQ(cf::math::exp(lim::denorm_min()), 1.0);
    EXPECT_EQ(cf::math::exp(-lim::denorm_min()), 1.0);
    EXPECT_EQ(cf::math::exp(lim::max()), d_inf);
    EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(lim::lowest()), 0.0));
    const double max_arg = 0x1.62e42fefa39efp+9;
    EXPECT_LT(cf::math::exp(max_arg), d_inf);
    EXPECT_LE(ulp_error(cf::math::exp(max_arg), reference(max_arg)), 1.0);
    EXPECT_EQ(cf::math::exp(std::nextafter(max_arg, d_inf)), d_inf);
    const double min_arg = -0x1.74910d52d3051p+9;
    EXPECT_EQ(cf::math::exp(min_arg), lim::denorm_min());
    EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(std::nextafter(min_arg, -d_inf)), 0.0));
    EXPECT_LE(cf::detail::ulp_distance(cf::math::exp(1.0), cf::detail::from_bits<double>(0x4005'BF0A'8B14'5769u)),
              1u);
    // Tiny arguments: exp(x) = 1 + x rounded.
    EXPECT_EQ(cf::math::exp(0x1p-30), 1.0 + 0x1p-30);
    EXPECT_EQ(cf::math::exp(-0x1p-60), 1.0);
}

// ---- compile time vs run time --------------------------------------------------

namespace {

template <class T>
constexpr std::array<T, 24> bit_identity_inputs() {
    using lim = std::numeric_limits<T>;
    return {T(0), T(-0.0), T(1), T(-1), T(0.5), T(-0.5), T(0.1), T(-2.75), T(10), T(-10), T(42.5), T(-60.25),
            T(80), T(-87.5), T(-100), T(-103.9), T(88.7), lim::denorm_min(), lim::min(), -lim::min(),
            T(0.693359375), T(-0.346573590279972654709), lim::infinity(), -lim::infinity()};
}

template <class T>
constexpr auto compile_time_results = [] {
    constexpr auto in = bit_identity_inputs<T>();
    std::array<T, in.size()> out{};
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[i] = cf::math::exp(in[i]);
    }
    return out;
}();

template <class T>
void expect_bit_identical() {
    constexpr auto in = bit_identity_inputs<T>();
    for (std::size_t i = 0; i < in.size(); ++i) {
        volatile T opaque = in[i];  // the optimiser cannot constant-fold through this
        const T x = opaque;
        EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(x), compile_time_results<T>[i]))
            << "x = " << static_cast<double>(x);
    }
}

}  // namespace

TEST(MathExp, FloatRunTimeEqualsCompileTime) { expect_bit_identical<float>(); }
TEST(MathExp, DoubleRunTimeEqualsCompileTime) { expect_bit_identical<double>(); }

TEST(MathExp, RunTimeEqualsCompileTimeOnGrid) {
    // A denser set: 257 points across each domain, evaluated in a constant expression.
    constexpr auto grid = [] {
        std::array<double, 257> d{};
        std::array<float, 257> f{};
        for (std::size_t i = 0; i < 257; ++i) {
            d[i] = cf::math::exp(-745.0 + 1455.0 * static_cast<double>(i) / 256.0);
            f[i] = cf::math::exp(-103.5f + 192.0f * static_cast<float>(i) / 256.0f);
        }
        return std::pair{d, f};
    }();
    for (std::size_t i = 0; i < 257; ++i) {
        volatile double vd = -745.0 + 1455.0 * static_cast<double>(i) / 256.0;
        volatile float vf = -103.5f + 192.0f * static_cast<float>(i) / 256.0f;
        EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(static_cast<double>(vd)), grid.first[i])) << i;
        EXPECT_TRUE(cf::detail::same_bits(cf::math::exp(static_cast<float>(vf)), grid.second[i])) << i;
    }
}
