// constformer/detail/fp_bits.hpp
// Internal bit-level helpers for IEEE-754 binary32/binary64: bit casts, field
// constants, NaN quieting and integer ULP distance. Used by constformer/math and
// by the tests; not part of the public API.
#ifndef CONSTFORMER_DETAIL_FP_BITS_HPP
#define CONSTFORMER_DETAIL_FP_BITS_HPP

#include "constformer/config.hpp"  // first: its floating-point settings precede all code

#include <bit>          // std::bit_cast
#include <concepts>     // std::same_as
#include <cstdint>      // std::uint32_t, std::uint64_t, std::int64_t
#include <limits>       // std::numeric_limits<T>::is_iec559
#include <type_traits>  // std::is_constant_evaluated (fallback of CONSTFORMER_IS_CONSTANT_EVALUATED)

//! `std::bit_cast<To>(from)` for the math kernels, spelled as the compiler builtin where
//! there is one (GCC >= 11, Clang >= 9, MSVC): a call to std::bit_cast costs the constant
//! evaluator two steps (Clang) or about five operations (GCC) per use, the builtin nothing.
#if defined(__has_builtin)
#if __has_builtin(__builtin_bit_cast)
#define CONSTFORMER_BIT_CAST(To, from) __builtin_bit_cast(To, from)
#endif
#endif
#ifndef CONSTFORMER_BIT_CAST
#define CONSTFORMER_BIT_CAST(To, from) ::std::bit_cast<To>(from)
#endif

//! `std::is_constant_evaluated()`, spelled as the builtin where there is one, for the same
//! reason as CONSTFORMER_BIT_CAST.
#if defined(__has_builtin)
#if __has_builtin(__builtin_is_constant_evaluated)
#define CONSTFORMER_IS_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#endif
#endif
#ifndef CONSTFORMER_IS_CONSTANT_EVALUATED
#define CONSTFORMER_IS_CONSTANT_EVALUATED() ::std::is_constant_evaluated()
#endif

namespace constformer::detail {

//! The two IEEE-754 binary formats the math functions support: `float` (binary32)
//! and `double` (binary64). `long double` is deliberately excluded: its format
//! differs between targets.
template <class T>
concept BinaryFloat =
    (std::same_as<T, float> || std::same_as<T, double>) && std::numeric_limits<T>::is_iec559;

//! Field layout of a binary format: the unsigned integer of the same width, the
//! number of stored significand bits, the exponent bias and the field masks.
template <BinaryFloat T>
struct fp_traits;

template <>
struct fp_traits<float> {
    using bits_type = std::uint32_t;
    static constexpr int mantissa_bits = 23;
    static constexpr int exponent_bias = 127;
    static constexpr bits_type sign_mask = 0x8000'0000u;
    static constexpr bits_type exponent_mask = 0x7F80'0000u;
    static constexpr bits_type mantissa_mask = 0x007F'FFFFu;
    static constexpr bits_type quiet_bit = 0x0040'0000u;
};

template <>
struct fp_traits<double> {
    using bits_type = std::uint64_t;
    static constexpr int mantissa_bits = 52;
    static constexpr int exponent_bias = 1023;
    static constexpr bits_type sign_mask = 0x8000'0000'0000'0000u;
    static constexpr bits_type exponent_mask = 0x7FF0'0000'0000'0000u;
    static constexpr bits_type mantissa_mask = 0x000F'FFFF'FFFF'FFFFu;
    static constexpr bits_type quiet_bit = 0x0008'0000'0000'0000u;
};

//! The unsigned integer with the same width as `T`.
template <BinaryFloat T>
using bits_t = typename fp_traits<T>::bits_type;

static_assert(sizeof(bits_t<float>) == sizeof(float) && sizeof(bits_t<double>) == sizeof(double),
              "constformer::math needs 32-bit float and 64-bit double");

//! The object representation of `x` as an unsigned integer (constexpr std::bit_cast).
template <BinaryFloat T>
[[nodiscard]] constexpr bits_t<T> to_bits(T x) noexcept {
    return std::bit_cast<bits_t<T>>(x);
}

//! The value of `T` whose object representation is `bits`.
template <BinaryFloat T>
[[nodiscard]] constexpr T from_bits(bits_t<T> bits) noexcept {
    return std::bit_cast<T>(bits);
}

//! True when `x` is a NaN. Same as `x != x`, but on the bits, so it stays quiet
//! under -Wfloat-equal and raises no FP exception for signalling NaNs.
template <BinaryFloat T>
[[nodiscard]] constexpr bool is_nan(T x) noexcept {
    return (to_bits(x) & ~fp_traits<T>::sign_mask) > fp_traits<T>::exponent_mask;
}

//! `nan` with its quiet bit set, keeping sign and payload, like a hardware
//! operation on a NaN operand would return. No arithmetic, so it is usable in
//! constant expressions (arithmetic on NaN is not a constant expression on Clang).
template <BinaryFloat T>
[[nodiscard]] constexpr T quieted(T nan) noexcept {
    return from_bits<T>(to_bits(nan) | fp_traits<T>::quiet_bit);
}

//! `c ? a : b`, picked with a bit mask: for run-time code that must stay branch-free.
//! GCC may turn a `?:` between two computed floating-point values back into a branch
//! (and then not vectorise the loop around it).
template <BinaryFloat T>
[[nodiscard]] constexpr T blend(bool c, T a, T b) noexcept {
    const bits_t<T> mask = bits_t<T>{0} - static_cast<bits_t<T>>(c);
    return from_bits<T>((to_bits(a) & mask) | (to_bits(b) & ~mask));
}

//! Maps `x` to a signed integer that is monotonic in the value of `x`
//! (-0 and +0 both map to 0; NaNs map outside the range of finite values).
template <BinaryFloat T>
[[nodiscard]] constexpr std::int64_t ordinal(T x) noexcept {
    const bits_t<T> bits = to_bits(x);
    const auto magnitude = static_cast<std::int64_t>(bits & ~fp_traits<T>::sign_mask);
    return (bits & fp_traits<T>::sign_mask) != 0 ? -magnitude : magnitude;
}

//! Number of representable values of `T` strictly stepped over when going from
//! `a` to `b` (0 if equal, 1 for neighbours, +0 and -0 are the same point).
//! Meaningless for NaN arguments.
template <BinaryFloat T>
[[nodiscard]] constexpr std::uint64_t ulp_distance(T a, T b) noexcept {
    const std::int64_t ia = ordinal(a);
    const std::int64_t ib = ordinal(b);
    return ia < ib ? static_cast<std::uint64_t>(ib - ia) : static_cast<std::uint64_t>(ia - ib);
}

//! True when `a` and `b` have the same object representation (distinguishes
//! -0 from +0 and compares NaNs by payload).
template <BinaryFloat T>
[[nodiscard]] constexpr bool same_bits(T a, T b) noexcept {
    return to_bits(a) == to_bits(b);
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_FP_BITS_HPP
