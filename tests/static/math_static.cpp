// tests/static/math_static.cpp
// Compile-time tests of constformer::math::exp and constformer::math::sqrt, and the API
// shape of all four functions (tanh and erf values: tanh_erf_static.cpp): every check is a
// static_assert, so building this file is the test.
#include <constformer/detail/fp_bits.hpp>
#include <constformer/math/erf.hpp>
#include <constformer/math/exp.hpp>
#include <constformer/math/sqrt.hpp>
#include <constformer/math/tanh.hpp>

#include <concepts>
#include <cstdint>
#include <limits>

namespace {

namespace cf = constformer;
using cf::detail::from_bits;
using cf::detail::same_bits;
using cf::detail::to_bits;
using cf::detail::ulp_distance;
using flim = std::numeric_limits<float>;
using dlim = std::numeric_limits<double>;

constexpr bool is_nan(auto x) { return x != x; }

// ---- API shape -------------------------------------------------------------------
static_assert(noexcept(cf::math::exp(1.0f)) && noexcept(cf::math::exp(1.0)));
static_assert(noexcept(cf::math::sqrt(1.0f)) && noexcept(cf::math::sqrt(1.0)));
static_assert(std::same_as<decltype(cf::math::exp(1.0f)), float>);
static_assert(std::same_as<decltype(cf::math::exp(1.0)), double>);
static_assert(std::same_as<decltype(cf::math::sqrt(1.0f)), float>);
static_assert(std::same_as<decltype(cf::math::sqrt(1.0)), double>);
static_assert(noexcept(cf::math::tanh(1.0f)) && noexcept(cf::math::tanh(1.0)));
static_assert(noexcept(cf::math::erf(1.0f)) && noexcept(cf::math::erf(1.0)));
static_assert(std::same_as<decltype(cf::math::tanh(1.0f)), float>);
static_assert(std::same_as<decltype(cf::math::tanh(1.0)), double>);
static_assert(std::same_as<decltype(cf::math::erf(1.0f)), float>);
static_assert(std::same_as<decltype(cf::math::erf(1.0)), double>);
// Only float and double: long double (target-dependent format) is rejected, and so
// is an int argument (ambiguous between the overloads; write 2.0 or 2.0f).
template <class T>
concept HasExp = requires(T x) { cf::math::exp(x); };
template <class T>
concept HasSqrt = requires(T x) { cf::math::sqrt(x); };
template <class T>
concept HasTanh = requires(T x) { cf::math::tanh(x); };
template <class T>
concept HasErf = requires(T x) { cf::math::erf(x); };
static_assert(HasExp<float> && HasExp<double> && HasSqrt<float> && HasSqrt<double>);
static_assert(HasTanh<float> && HasTanh<double> && HasErf<float> && HasErf<double>);
static_assert(!HasExp<long double> && !HasSqrt<long double> && !HasTanh<long double> && !HasErf<long double>);
static_assert(!HasExp<int> && !HasSqrt<int> && !HasTanh<int> && !HasErf<int>);

// ---- exp: exact values and edge cases -----------------------------------------------
static_assert(cf::math::exp(0.0) == 1.0 && cf::math::exp(-0.0) == 1.0);
static_assert(cf::math::exp(0.0f) == 1.0f && cf::math::exp(-0.0f) == 1.0f);
static_assert(cf::math::exp(dlim::denorm_min()) == 1.0 && cf::math::exp(-dlim::denorm_min()) == 1.0);
static_assert(cf::math::exp(flim::denorm_min()) == 1.0f && cf::math::exp(-flim::denorm_min()) == 1.0f);
static_assert(cf::math::exp(dlim::infinity()) == dlim::infinity());
static_assert(cf::math::exp(flim::infinity()) == flim::infinity());
static_assert(same_bits(cf::math::exp(-dlim::infinity()), 0.0));
static_assert(same_bits(cf::math::exp(-flim::infinity()), 0.0f));
static_assert(is_nan(cf::math::exp(dlim::quiet_NaN())) && is_nan(cf::math::exp(flim::quiet_NaN())));
static_assert(is_nan(cf::math::exp(-dlim::quiet_NaN())) && is_nan(cf::math::exp(-flim::quiet_NaN())));
static_assert(to_bits(cf::math::exp(dlim::signaling_NaN())) ==
              (to_bits(dlim::signaling_NaN()) | cf::detail::fp_traits<double>::quiet_bit));
static_assert(to_bits(cf::math::exp(flim::signaling_NaN())) ==
              (to_bits(flim::signaling_NaN()) | cf::detail::fp_traits<float>::quiet_bit));
// Overflow: no arithmetic overflow happens inside, so these are constant expressions.
static_assert(cf::math::exp(dlim::max()) == dlim::infinity());
static_assert(cf::math::exp(flim::max()) == flim::infinity());
static_assert(cf::math::exp(710.0) == dlim::infinity() && cf::math::exp(89.0f) == flim::infinity());
static_assert(cf::math::exp(0x1.62e42fefa39efp+9) < dlim::infinity());  // largest finite case
static_assert(cf::math::exp(0x1.62e42fefa39f0p+9) == dlim::infinity());
static_assert(cf::math::exp(0x1.62e42ep+6f) < flim::infinity());
static_assert(cf::math::exp(0x1.62e430p+6f) == flim::infinity());
// Underflow: subnormal results, then +0.
static_assert(same_bits(cf::math::exp(dlim::lowest()), 0.0) && same_bits(cf::math::exp(flim::lowest()), 0.0f));
static_assert(same_bits(cf::math::exp(-746.0), 0.0) && same_bits(cf::math::exp(-104.0f), 0.0f));
static_assert(cf::math::exp(-0x1.74910d52d3051p+9) == dlim::denorm_min());
static_assert(same_bits(cf::math::exp(-0x1.74910d52d3052p+9), 0.0));
static_assert(cf::math::exp(-0x1.9fe368p+6f) == flim::denorm_min());
static_assert(same_bits(cf::math::exp(-0x1.9fe36ap+6f), 0.0f));
static_assert(cf::math::exp(-740.0) > 0.0 && cf::math::exp(-740.0) < dlim::min());
static_assert(cf::math::exp(-100.0f) > 0.0f && cf::math::exp(-100.0f) < flim::min());
// exp(1) is within 1 ULP of e (correctly rounded e: 0x4005BF0A8B145769, 0x402DF854).
static_assert(ulp_distance(cf::math::exp(1.0), from_bits<double>(0x4005'BF0A'8B14'5769u)) <= 1);
static_assert(ulp_distance(cf::math::exp(1.0f), from_bits<float>(0x402D'F854u)) <= 1);
// Powers: exp(k*ln2) for the exactly representable log(2^k) is not exact, but
// exp(-x) * exp(x) stays within a few ULP of 1.
static_assert(ulp_distance(cf::math::exp(-3.5) * cf::math::exp(3.5), 1.0) <= 2);
static_assert(ulp_distance(cf::math::exp(-3.5f) * cf::math::exp(3.5f), 1.0f) <= 2);
// Monotonic around a reduction boundary (x = ln2/2).
static_assert(cf::math::exp(0.34657359027997264) <= cf::math::exp(0.34657359027997270));

// ---- sqrt: correctly rounded values and edge cases --------------------------------
static_assert(cf::math::sqrt(4.0) == 2.0 && cf::math::sqrt(4.0f) == 2.0f);
static_assert(cf::math::sqrt(1.0) == 1.0 && cf::math::sqrt(1.0f) == 1.0f);
static_assert(cf::math::sqrt(0.25) == 0.5 && cf::math::sqrt(0.25f) == 0.5f);
static_assert(cf::math::sqrt(1e300 * 1e-300 * 9.0) == 3.0);
static_assert(to_bits(cf::math::sqrt(2.0)) == 0x3FF6'A09E'667F'3BCDu);
static_assert(to_bits(cf::math::sqrt(2.0f)) == 0x3FB5'04F3u);
static_assert(to_bits(cf::math::sqrt(3.0)) == 0x3FFB'B67A'E858'4CAAu);
static_assert(to_bits(cf::math::sqrt(3.0f)) == 0x3FDD'B3D7u);
static_assert(same_bits(cf::math::sqrt(0.0), 0.0) && same_bits(cf::math::sqrt(-0.0), -0.0));
static_assert(same_bits(cf::math::sqrt(0.0f), 0.0f) && same_bits(cf::math::sqrt(-0.0f), -0.0f));
static_assert(cf::math::sqrt(dlim::infinity()) == dlim::infinity());
static_assert(cf::math::sqrt(flim::infinity()) == flim::infinity());
static_assert(is_nan(cf::math::sqrt(-1.0)) && is_nan(cf::math::sqrt(-1.0f)));
static_assert(is_nan(cf::math::sqrt(-dlim::infinity())) && is_nan(cf::math::sqrt(-flim::infinity())));
static_assert(is_nan(cf::math::sqrt(-dlim::denorm_min())) && is_nan(cf::math::sqrt(-flim::denorm_min())));
static_assert(is_nan(cf::math::sqrt(dlim::quiet_NaN())) && is_nan(cf::math::sqrt(flim::quiet_NaN())));
static_assert(is_nan(cf::math::sqrt(dlim::signaling_NaN())) && is_nan(cf::math::sqrt(flim::signaling_NaN())));
// Subnormal inputs: sqrt(2^-1074) = 2^-537, sqrt(2^-149) = 2^-74.5 rounded.
static_assert(cf::math::sqrt(dlim::denorm_min()) == 0x1p-537);
static_assert(to_bits(cf::math::sqrt(flim::denorm_min())) == 0x1A35'04F3u);  // 0x1.6a09e6p-75
static_assert(cf::math::sqrt(0x1p-1072) == 0x1p-536 && cf::math::sqrt(0x1p-148f) == 0x1p-74f);
// Extremes.
static_assert(to_bits(cf::math::sqrt(dlim::max())) == 0x5FEF'FFFF'FFFF'FFFFu);
static_assert(to_bits(cf::math::sqrt(flim::max())) == 0x5F7F'FFFFu);
static_assert(cf::math::sqrt(dlim::min()) == 0x1p-511 && cf::math::sqrt(flim::min()) == 0x1p-63f);
// Perfect squares are exact, and the rounding boundary just below 1 + eps.
static_assert(cf::math::sqrt(94906265.0 * 94906265.0) == 94906265.0);
static_assert(cf::math::sqrt(4095.0f * 4095.0f) == 4095.0f);
static_assert(cf::math::sqrt(1.0 + dlim::epsilon()) == 1.0);  // 1 + eps/2 - ... rounds to 1
static_assert(cf::math::sqrt(1.0 + 2 * dlim::epsilon()) == 1.0 + dlim::epsilon());

}  // namespace
