// tests/runtime/math/sqrt_test.cpp
// Run-time tests of constformer::math::sqrt: seeded sweeps (10^6 samples per
// range) that must equal std::sqrt bit for bit (IEEE sqrt is correctly rounded),
// the edge cases, and bit identity between constant evaluation and run time.
#include <constformer/detail/fp_bits.hpp>
#include <constformer/math/sqrt.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>

namespace {

namespace cf = constformer;

constexpr std::size_t samples_per_range = 1'000'000;

enum class source { bit_patterns, positive_bit_patterns, subnormals, squares, near_squares };

template <class T>
T draw(source src, std::mt19937_64& rng) {
    using bits = cf::detail::bits_t<T>;
    using traits = cf::detail::fp_traits<T>;
    const auto raw = static_cast<bits>(rng());
    switch (src) {
        case source::bit_patterns:
            return cf::detail::from_bits<T>(raw);
        case source::positive_bit_patterns:
            return cf::detail::from_bits<T>(static_cast<bits>(raw & ~traits::sign_mask));
        case source::subnormals:
            return cf::detail::from_bits<T>(static_cast<bits>(raw & traits::mantissa_mask));
        case source::squares: {
            // Exact squares of values with at most half the significand bits.
            const T r = cf::detail::from_bits<T>(
                static_cast<bits>((raw & ~traits::sign_mask) &
                                  ~(traits::mantissa_mask >> ((traits::mantissa_bits + 1) / 2 - 1))));
            return r * r;
        }
        case source::near_squares: {
            // Neighbours of rounded squares, where the root is close to a rounding boundary.
            const T r = cf::detail::from_bits<T>(
                static_cast<bits>((raw >> 3) | (static_cast<bits>(traits::exponent_bias) << traits::mantissa_bits)));
            const T sq = r * r;
            return cf::detail::from_bits<T>(static_cast<bits>(cf::detail::to_bits(sq) + (raw & 3u) - 1u));
        }
    }
    return T(0);
}

template <class T>
void expect_matches_std_sqrt(source src, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::size_t mismatches = 0;
    T first_bad = 0;
    for (std::size_t i = 0; i < samples_per_range; ++i) {
        const T x = draw<T>(src, rng);
        const T got = cf::math::sqrt(x);
        const T ref = std::sqrt(x);
        const bool ok = (ref != ref) ? (got != got) : cf::detail::same_bits(got, ref);
        if (!ok && mismatches++ == 0) {
            first_bad = x;
        }
    }
    EXPECT_EQ(mismatches, 0u) << "first mismatch at x = " << static_cast<double>(first_bad);
}

}  // namespace

TEST(MathSqrt, FloatRandomBitPatterns) { expect_matches_std_sqrt<float>(source::bit_patterns, 301); }
TEST(MathSqrt, FloatPositive) { expect_matches_std_sqrt<float>(source::positive_bit_patterns, 302); }
TEST(MathSqrt, FloatSubnormals) { expect_matches_std_sqrt<float>(source::subnormals, 303); }
TEST(MathSqrt, FloatSquares) { expect_matches_std_sqrt<float>(source::squares, 304); }
TEST(MathSqrt, FloatNearSquares) { expect_matches_std_sqrt<float>(source::near_squares, 305); }
TEST(MathSqrt, DoubleRandomBitPatterns) { expect_matches_std_sqrt<double>(source::bit_patterns, 401); }
TEST(MathSqrt, DoublePositive) { expect_matches_std_sqrt<double>(source::positive_bit_patterns, 402); }
TEST(MathSqrt, DoubleSubnormals) { expect_matches_std_sqrt<double>(source::subnormals, 403); }
TEST(MathSqrt, DoubleSquares) { expect_matches_std_sqrt<double>(source::squares, 404); }
TEST(MathSqrt, DoubleNearSquares) { expect_matches_std_sqrt<double>(source::near_squares, 405); }

namespace {

template <class T>
void expect_edge_cases() {
    using lim = std::numeric_limits<T>;
    EXPECT_TRUE(cf::detail::same_bits(cf::math::sqrt(T(0)), T(0)));
    EXPECT_TRUE(cf::detail::same_bits(cf::math::sqrt(-T(0)), -T(0)));
    EXPECT_EQ(cf::math::sqrt(lim::infinity()), lim::infinity());
    EXPECT_TRUE(std::isnan(cf::math::sqrt(-lim::infinity())));
    EXPECT_TRUE(std::isnan(cf::math::sqrt(T(-1))));
    EXPECT_TRUE(std::isnan(cf::math::sqrt(-lim::denorm_min())));
    EXPECT_TRUE(std::isnan(cf::math::sqrt(lim::quiet_NaN())));
    EXPECT_TRUE(std::isnan(cf::math::sqrt(lim::signaling_NaN())));
    EXPECT_EQ(cf::detail::to_bits(cf::math::sqrt(lim::signaling_NaN())),
              cf::detail::to_bits(lim::signaling_NaN()) | cf::detail::fp_traits<T>::quiet_bit);
    for (const T x : {lim::denorm_min(), lim::min(), lim::max(), T(1), T(2), T(4), T(0.25), lim::epsilon(),
                      T(1) + lim::epsilon(), T(1) - lim::epsilon() / 2}) {
        EXPECT_TRUE(cf::detail::same_bits(cf::math::sqrt(x), std::sqrt(x))) << static_cast<double>(x);
    }
}

template <class T>
constexpr std::array<T, 16> bit_identity_inputs() {
    using lim = std::numeric_limits<T>;
    return {T(0), T(-0.0), T(1), T(2), T(3), T(0.5), T(1e-3), T(12345.678), lim::max(), lim::min(),
            lim::denorm_min(), T(7) * lim::denorm_min(), T(-1), lim::infinity(), T(0.1), T(1) + lim::epsilon()};
}

template <class T>
constexpr auto compile_time_results = [] {
    constexpr auto in = bit_identity_inputs<T>();
    std::array<T, in.size()> out{};
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[i] = cf::math::sqrt(in[i]);
    }
    return out;
}();

template <class T>
void expect_bit_identical() {
    constexpr auto in = bit_identity_inputs<T>();
    for (std::size_t i = 0; i < in.size(); ++i) {
        volatile T opaque = in[i];  // the optimiser cannot constant-fold through this
        const T x = opaque;
        const T got = cf::math::sqrt(x);
        EXPECT_TRUE(cf::detail::same_bits(got, compile_time_results<T>[i]) ||
                    (got != got && compile_time_results<T>[i] != compile_time_results<T>[i]))
            << "x = " << static_cast<double>(x);
    }
}

}  // namespace

TEST(MathSqrt, FloatEdgeCases) { expect_edge_cases<float>(); }
TEST(MathSqrt, DoubleEdgeCases) { expect_edge_cases<double>(); }
TEST(MathSqrt, FloatRunTimeEqualsCompileTime) { expect_bit_identical<float>(); }
TEST(MathSqrt, DoubleRunTimeEqualsCompileTime) { expect_bit_identical<double>(); }
