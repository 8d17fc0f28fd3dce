// constformer/math/sqrt.hpp
// constformer::math::sqrt: the correctly rounded square root (identical to IEEE-754
// sqrt) for float and double, constexpr and noexcept, no <cmath>.
#ifndef CONSTFORMER_MATH_SQRT_HPP
#define CONSTFORMER_MATH_SQRT_HPP

#include <cstdint>      // std::int32_t, std::int64_t
#include <limits>       // std::numeric_limits<T>::quiet_NaN, min, max
#include <type_traits>  // std::conditional_t

#include <constformer/detail/fp_bits.hpp>  // fp_traits, to_bits, from_bits, quieted, CONSTFORMER_IS_CONSTANT_EVALUATED

namespace constformer::detail {

// Algorithm (see docs/math.md), for finite x > 0; a subnormal x is first scaled
// by 2^24 (float) or 2^54 (double), exactly, and the root scaled back.
//   x = m * 2^E with the integer significand m in [2^p, 2^(p+1)), p = mantissa bits;
//   M = m * 2^sh with sh = p + ((E - p) mod 2), so M is in [2^(2p), 2^(2p+2)),
//   sqrt(x) = sqrt(M) * 2^((E - sh)/2), and the rounded sqrt(M) is the significand.
//   Estimate: Newton's iteration y <- (y + a/y)/2 in the same precision on
//   a = M / 2^(2p) in [1, 4), from a quadratic seed (relative error 0.005;
//   2 steps for float, 3 for double); s = y * 2^p is within 1 of the rounded root.
//   Exact fixup: d = M - s^2 is tiny, so wrapping unsigned arithmetic in the
//   word of T's width gives it exactly. s is the correctly rounded root iff
//   -s < d <= s (a tie is impossible: sqrt(M) is never an odd multiple of 1/2),
//   and each step moves s by one toward it: s + 1 if d > s, s - 1 if d <= -s.

//! The pieces of the reduced problem, exposed for the accuracy tool: the low
//! word of M, the estimate s, the exponent field of the result (for an s with the
//! implicit bit included).
template <BinaryFloat T>
struct sqrt_reduction {
    bits_t<T> m_low;
    bits_t<T> estimate;
    bits_t<T> exponent_field;
};

//! Reduction and estimate for finite x > 0 (normal or subnormal).
template <BinaryFloat T>
[[nodiscard]] constexpr sqrt_reduction<T> sqrt_reduce(T x) noexcept {
    using traits = fp_traits<T>;
    using bits = bits_t<T>;
    constexpr int p = traits::mantissa_bits;
    constexpr bits implicit_bit = bits{1} << p;
    // Subnormal: multiply by 2^scale_exp, the smallest even power that makes it
    // normal (exact), and take 2^(scale_exp/2) off the result's exponent.
    constexpr int scale_exp = p + 1 + (p + 1) % 2;  // 54 for double, 24 for float
    const bool subnormal = x < std::numeric_limits<T>::min();
    constexpr T up = from_bits<T>(static_cast<bits>(traits::exponent_bias + scale_exp) << p);
    const bits unscale = subnormal ? bits{scale_exp / 2} : bits{0};
    // Both variants are computed and blended with a mask (not `?:`), so that GCC
    // keeps the multiplication unconditional and can if-convert the function. At
    // run time x * up may overflow harmlessly (discarded); in a constant
    // expression it must not, so there it multiplies 0 for normal x.
    const T to_scale = CONSTFORMER_IS_CONSTANT_EVALUATED() && !subnormal ? T(0) : x;
    const bits keep_scaled = bits{0} - static_cast<bits>(subnormal);
    const bits u = (to_bits(to_scale * up) & keep_scaled) | (to_bits(x) & ~keep_scaled);
    const bits e = u >> p;  // biased exponent, 1 .. 2*bias for x > 0 (normal now)
    const bits mantissa = u & traits::mantissa_mask;
    // E = e - bias - p and sh = p + ((E - p) mod 2); the bias is odd in both
    // formats, so E - p is odd exactly when e is even.
    static_assert(traits::exponent_bias % 2 == 1);
    const bits odd = (e & 1u) ^ 1u;  // 1 when sh = p + 1
    // a = M / 2^(2p) = m/2^p * 2^odd: the same stored mantissa with exponent 0 or 1.
    const T a = from_bits<T>(((static_cast<bits>(traits::exponent_bias) + odd) << p) | mantissa);

    // Seed: quadratic minimax for sqrt(a) on [1, 4], relative error 0.005.
    T y = T(0.5185546875) + a * (T(0.52600097656) - a * T(0.03953552246));
    y = T(0.5) * (y + a / y);
    y = T(0.5) * (y + a / y);
    if constexpr (p > 23) {
        y = T(0.5) * (y + a / y);
    }
    // y approximates sqrt(a) in [1, 2]; clamp it into [1, 2) (on the bits: y > 0,
    // and integer comparisons keep GCC's if-conversion happy) and read
    // s = y * 2^p straight from the bits.
    constexpr bits one_bits = to_bits(T(1));
    constexpr bits below_two_bits = to_bits(T(2)) - 1u;
    bits y_bits = to_bits(y);
    y_bits = y_bits < one_bits ? one_bits : y_bits;
    y_bits = y_bits > below_two_bits ? below_two_bits : y_bits;
    const bits s = (y_bits & traits::mantissa_mask) | implicit_bit;

    const bits m = mantissa | implicit_bit;
    const bits m_low = m << (p + static_cast<int>(odd));  // M modulo 2^(bits), by design
    // Exponent field of s * 2^q, q = (E - sh)/2, with s's implicit bit counted:
    // q + p + bias - 1 = (e + bias - 2 - odd)/2, an exact division.
    const bits exponent_field = (e + static_cast<bits>(traits::exponent_bias - 2) - odd) / 2u - unscale;
    return {m_low, s, exponent_field};
}

//! One fixup step: s <- s + 1 when d = M - s^2 > s, keeping d = M - s^2.
template <class Signed, class Unsigned>
constexpr void sqrt_step_up(Signed& d, Unsigned& s) noexcept {
    const bool up = d > static_cast<Signed>(s);
    d = up ? static_cast<Signed>(d - static_cast<Signed>(2u * s + 1u)) : d;
    s = up ? static_cast<Unsigned>(s + 1u) : s;
}

//! One fixup step: s <- s - 1 when d = M - s^2 <= -s, keeping d = M - s^2.
template <class Signed, class Unsigned>
constexpr void sqrt_step_down(Signed& d, Unsigned& s) noexcept {
    const bool down = d <= -static_cast<Signed>(s);
    d = down ? static_cast<Signed>(d + static_cast<Signed>(2u * s - 1u)) : d;
    s = down ? static_cast<Unsigned>(s - 1u) : s;
}

//! Correctly rounded sqrt(x) for finite x > 0.
template <BinaryFloat T>
[[nodiscard]] constexpr T sqrt_kernel(T x) noexcept {
    using traits = fp_traits<T>;
    using bits = bits_t<T>;
    using sbits = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
    const sqrt_reduction<T> red = sqrt_reduce(x);
    bits s = red.estimate;
    // d = M - s^2, exact as a signed value because |d| is far below 2^(bits-1).
    auto d = static_cast<sbits>(red.m_low - s * s);
    // Two steps each way (the estimate is within +-2 of the rounded root; the
    // accuracy tool checks the bound), written out so there is no loop.
    sqrt_step_up(d, s);
    sqrt_step_up(d, s);
    sqrt_step_down(d, s);
    sqrt_step_down(d, s);
    // s in [2^p, 2^(p+1)]; adding it to the exponent field carries correctly.
    return from_bits<T>((red.exponent_field << traits::mantissa_bits) + s);
}

template <BinaryFloat T>
[[nodiscard]] constexpr T sqrt_impl(T x) noexcept {
    // Branch-free, like exp_impl (see the comments there): the kernel runs on every
    // input at run time (it is pure integer and IEEE arithmetic, no undefined
    // behaviour, its result is discarded outside the range), on 1 instead at compile
    // time, and the special result is blended in with a bit mask.
    const bool nan = is_nan(x);
    const bool in_range = (x > T(0)) & (x <= std::numeric_limits<T>::max());  // false for NaN
    const T y = sqrt_kernel(CONSTFORMER_IS_CONSTANT_EVALUATED() && !in_range ? T(1) : x);
    // +-0 -> itself, +inf -> +inf, x < 0 -> NaN, NaN -> quieted NaN.
    T special = x < T(0) ? std::numeric_limits<T>::quiet_NaN() : x;
    special = nan ? quieted(x) : special;
    const bits_t<T> keep = bits_t<T>(0) - static_cast<bits_t<T>>(in_range);
    return from_bits<T>((to_bits(y) & keep) | (to_bits(special) & ~keep));
}

}  // namespace constformer::detail

namespace constformer::math {

//! The square root of x, correctly rounded (bit-identical to IEEE-754 sqrt, e.g.
//! std::sqrt), at compile time and at run time. sqrt(+-0) = +-0, sqrt(+inf) =
//! +inf, sqrt(x < 0) = NaN, sqrt(NaN) = NaN (quiet). Subnormal inputs are exact.
//! Uses double and 64-bit integer arithmetic only; no loops, no branches.
//! Shapes: a scalar in, a scalar out.
//! \code
//! static_assert(cf::math::sqrt(2.0) * cf::math::sqrt(2.0) != 2.0);  // rounded like std::sqrt
//! static_assert(cf::math::sqrt(16.0f) == 4.0f);                     // float overload
//! \endcode
[[nodiscard]] constexpr double sqrt(double x) noexcept {
    return detail::sqrt_impl(x);
}

//! sqrt for float; float and 32-bit integer arithmetic only (no double).
[[nodiscard]] constexpr float sqrt(float x) noexcept {
    return detail::sqrt_impl(x);
}

}  // namespace constformer::math

#endif  // CONSTFORMER_MATH_SQRT_HPP
