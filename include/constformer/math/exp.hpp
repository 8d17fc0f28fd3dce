// constformer/math/exp.hpp
// constformer::math::exp: the natural exponential for float and double, constexpr
// and noexcept, with the same bits at compile time and at run time. No <cmath>.
#ifndef CONSTFORMER_MATH_EXP_HPP
#define CONSTFORMER_MATH_EXP_HPP

#include <cstdint>      // std::uint32_t, std::uint64_t
#include <limits>       // std::numeric_limits<T>::infinity

#include <constformer/detail/fp_bits.hpp>  // bits_t, to_bits, from_bits, is_nan, quieted, CONSTFORMER_*

namespace constformer::detail {

// Algorithm (both precisions; see docs/math.md):
//   k = round(x / ln2) by adding and subtracting 1.5 * 2^p (p = mantissa bits),
//   r = x - k*ln2 = hi - lo with hi = x - k*ln2_hi (exact: ln2_hi has trailing
//   zero bits), lo = k*ln2_lo;
//   e^r = 1 + 2r / (R(r) - r) with R(r) = r*coth(r/2) = 2 + r^2*g(r^2); g is a
//   minimax polynomial on [0, (ln2/2)^2], so with c = r - r^2*g(r^2):
//   e^r = 1 - ((lo - r*c/(2-c)) - hi);
//   e^x = (e^r * 2^floor(k/2)) * 2^(k - floor(k/2)): the first product is exact
//   and the second rounds once, also when the result is subnormal. When the result
//   is known to be normal, adding k to the exponent field of e^r gives the same bits.
// Every operation is written out in a fixed order; compile with
// -ffp-contract=off so that no fused multiply-add changes the bits at run time.
//
// Written for a cheap constant evaluation (docs/math.md, "Constant-evaluation cost"):
// constants are literals (a named constant costs GCC's evaluator two operations per
// use), the locals of one type share one declaration (one step on Clang), and bits are
// moved with CONSTFORMER_BIT_CAST. The constants, by name:
//   1/ln2, 1.5*2^p (round_shift), ln2_hi, ln2_lo, then g's coefficients p1, p2, ...
//   double: ln2_hi has 32 significant bits, so k*ln2_hi is exact for |k| < 2^21; g has
//   degree 4, max weighted error 2^-60.2 before rounding the coefficients.
//   float: ln2_hi has 16 significant bits (exact for |k| < 2^8); g has degree 1, max
//   weighted error 2^-29.1.

//! How exp_kernel scales e^r by 2^k.
enum class exp_scaling {
    normal,  //!< the result is a normal number: k is added to the exponent field
    any,     //!< any finite result, subnormal included: two products, one rounding
};

//! exp(x) for x in [min_arg, max_arg] (see exp_limits); with exp_scaling::normal only
//! where the result is normal (x >= exp_limits::normal_arg). Straight-line code, double
//! arithmetic and 64-bit integers only. Never overflows, so it is a constant expression
//! for every such x.
template <exp_scaling Scaling>
[[nodiscard]] constexpr double exp_kernel(double x) noexcept {
    const double z = x * 0x1.71547652b82fep+0 + 0x1.8p+52,  // k + 1.5*2^52, rounded to nearest
        hi = x - (z - 0x1.8p+52) * 0x1.62e42ffp-1,           // exact
        lo = (z - 0x1.8p+52) * -0x1.718432a1b0e26p-35, r = hi - lo, t = r * r,
                 c = r - t * (0x1.5555555555543p-3 +
                              t * (-0x1.6c16c16bedfcfp-9 +
                                   t * (0x1.1566aaf05bca2p-14 +
                                        t * (-0x1.bbd4074122a23p-20 + t * 0x1.63683d1cbfd2dp-25))));
    // e^r = 1 - ((lo - r*c/(2-c)) - hi), in [0.7, 1.42], is written in each branch (a local
    // costs GCC's evaluator three operations). The low bits of z hold k in two's complement
    // (|k| <= 1076); shifted into the exponent field, z's own high bits drop out.
    if constexpr (Scaling == exp_scaling::normal) {
        return CONSTFORMER_BIT_CAST(
            double, CONSTFORMER_BIT_CAST(std::uint64_t, 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)) +
                        (CONSTFORMER_BIT_CAST(std::uint64_t, z) << 52));
    } else {
        // z's bits are k + 0x4338'0000'0000'0000 (|k| <= 1076): the biased exponents of
        // 2^floor(k/2) and 2^ceil(k/2) are (k + 2046) >> 1 and (k + 2047) >> 1.
        return ((1.0 - ((lo - (r * c) / (2.0 - c)) - hi)) *
                CONSTFORMER_BIT_CAST(
                    double, ((CONSTFORMER_BIT_CAST(std::uint64_t, z) - (0x4338'0000'0000'0000u - 2046u)) >> 1)
                                << 52)) *
               CONSTFORMER_BIT_CAST(
                   double, ((CONSTFORMER_BIT_CAST(std::uint64_t, z) - (0x4338'0000'0000'0000u - 2047u)) >> 1)
                               << 52);
    }
}

//! expf(x), as the double version; float arithmetic and 32-bit integers only.
template <exp_scaling Scaling>
[[nodiscard]] constexpr float exp_kernel(float x) noexcept {
    const float z = x * 0x1.715476p+0f + 0x1.8p+23f,  // k + 1.5*2^23
        hi = x - (z - 0x1.8p+23f) * 0x1.62e4p-1f,     // exact
        lo = (z - 0x1.8p+23f) * 0x1.7f7d1cp-20f, r = hi - lo,
                c = r - (r * r) * (0x1.555516p-3f + (r * r) * -0x1.6a8848p-9f);
    if constexpr (Scaling == exp_scaling::normal) {
        return CONSTFORMER_BIT_CAST(
            float, CONSTFORMER_BIT_CAST(std::uint32_t, 1.0f - ((lo - (r * c) / (2.0f - c)) - hi)) +
                       (CONSTFORMER_BIT_CAST(std::uint32_t, z) << 23));
    } else {
        // z's bits are k + 0x4B40'0000 (|k| <= 151); biased exponents as for double.
        return ((1.0f - ((lo - (r * c) / (2.0f - c)) - hi)) *
                CONSTFORMER_BIT_CAST(
                    float, ((CONSTFORMER_BIT_CAST(std::uint32_t, z) - (0x4B40'0000u - 254u)) >> 1) << 23)) *
               CONSTFORMER_BIT_CAST(
                   float, ((CONSTFORMER_BIT_CAST(std::uint32_t, z) - (0x4B40'0000u - 255u)) >> 1) << 23);
    }
}

//! The domain boundaries of exp for T.
template <BinaryFloat T>
struct exp_limits;

template <>
struct exp_limits<double> {
    //! Largest x with exp(x) <= DBL_MAX after rounding.
    static constexpr double max_arg = 0x1.62e42fefa39efp+9;  //  709.782712893384
    //! From here up the result is normal (k >= -1021) and exp_scaling::normal applies.
    static constexpr double normal_arg = -707.5;
    //! Smallest x with exp(x) > 2^-1075 (which rounds to the smallest subnormal, not to 0).
    static constexpr double min_arg = -0x1.74910d52d3051p+9;  // -745.1332191019411
};

template <>
struct exp_limits<float> {
    static constexpr float max_arg = 0x1.62e42ep+6f;      //!<  88.72283172607421875
    static constexpr float normal_arg = -86.5f;           //!< k >= -125
    static constexpr float min_arg = -0x1.9fe368p+6f;     //!< -103.97207641601562
};

//! exp, the form for constant evaluation, as an expression: selects (`?:`), so only the path
//! taken is evaluated. `MAX_ARG`, `NORMAL_ARG` and `MIN_ARG` are exp_limits<T>'s, written as
//! literals where math::exp expands this in its own body (GCC's evaluator charges two
//! operations per use of a named constant and eight per call). Infinities and NaNs are
//! constants or built from bits: arithmetic that overflows or makes a NaN is not a constant
//! expression.
#define CONSTFORMER_DETAIL_EXP_SELECT(T, x, MAX_ARG, NORMAL_ARG, MIN_ARG)                                   \
    ((x) > MAX_ARG       ? ::std::numeric_limits<T>::infinity()                                             \
     : (x) >= NORMAL_ARG ? ::constformer::detail::exp_kernel<::constformer::detail::exp_scaling::normal>(x) \
     : (x) >= MIN_ARG    ? ::constformer::detail::exp_kernel<::constformer::detail::exp_scaling::any>(x)    \
     : (x) != (x)        ? ::constformer::detail::quieted(x)                                                \
                         : T{})

//! CONSTFORMER_DETAIL_EXP_SELECT as a function, on exp_limits<T>. Same operations, hence the
//! same bits, as exp_blend for every input (checked for all floats by
//! bench/math/constexpr_form_identity.cpp).
template <BinaryFloat T>
[[nodiscard]] constexpr T exp_select(T x) noexcept {
    using lim = exp_limits<T>;
    return CONSTFORMER_DETAIL_EXP_SELECT(T, x, lim::max_arg, lim::normal_arg, lim::min_arg);
}

//! exp, the form for run time: branch-free, so that a loop calling exp can be
//! vectorised (Clang and GCC):
//! - every comparison is evaluated unconditionally (`|`, not `||`): under GCC's
//!   default -ftrapping-math a conditional comparison or FP operation blocks
//!   if-conversion;
//! - the kernel runs on x itself, whatever it is (IEEE arithmetic and unsigned integer
//!   operations only, so no undefined behaviour; the result is discarded outside the
//!   range). Feeding it a constant instead lets GCC split the loop body into paths. In
//!   range it runs the same operations on the same x as exp_select;
//! - the special result is blended in with a bit mask: a plain `?:` is turned back into
//!   a branch by GCC.
//! Not a constant expression for inputs outside the range (the kernel overflows).
template <BinaryFloat T>
[[nodiscard]] constexpr T exp_blend(T x) noexcept {
    using lim = exp_limits<T>;
    const bool above = x > lim::max_arg;
    const bool below = x < lim::min_arg;
    const bool nan = is_nan(x);
    const bool in_range = !(above | below | nan);
    const T y = exp_kernel<exp_scaling::any>(x);
    T special = above ? std::numeric_limits<T>::infinity() : T(0);
    special = nan ? quieted(x) : special;
    const bits_t<T> keep = bits_t<T>(0) - static_cast<bits_t<T>>(in_range);
    return from_bits<T>((to_bits(y) & keep) | (to_bits(special) & ~keep));
}

}  // namespace constformer::detail

namespace constformer::math {

//! e^x, within 1 ULP of the exact value over the whole domain (measured maxima
//! in docs/math.md), the same bits in constant evaluation and at run time when
//! compiled with -ffp-contract=off. exp(+-0) = 1 exactly; exp(NaN) = NaN
//! (quiet, payload kept); exp(+inf) and exp(x > 709.782712893384) = +inf;
//! exp(-inf) and exp(x < -745.1332191019411) = +0; subnormal results are
//! rounded once. Branch-free straight-line code; uses double arithmetic only.
//! Shapes: a scalar in, a scalar out (for tensors, see `softmax`).
//! \code
//! static_assert(cf::math::exp(0.0) == 1.0);
//! constexpr float e = cf::math::exp(1.0f);  // float overload: 2.71828175f
//! \endcode
[[nodiscard]] constexpr double exp(double x) noexcept {
    using lim = detail::exp_limits<double>;
    static_assert(lim::max_arg == 0x1.62e42fefa39efp+9 && lim::normal_arg == -707.5 &&
                  lim::min_arg == -0x1.74910d52d3051p+9);
    return CONSTFORMER_IS_CONSTANT_EVALUATED()
               ? CONSTFORMER_DETAIL_EXP_SELECT(double, x, 0x1.62e42fefa39efp+9, -707.5, -0x1.74910d52d3051p+9)
               : detail::exp_blend(x);
}

//! e^x for float, within 1 ULP; overflow above 88.72283172607421875, +0 below
//! -103.97207641601562. Uses float arithmetic only (no double), so on a
//! single-precision FPU (e.g. Cortex-M4F) it needs no soft-float routines.
[[nodiscard]] constexpr float exp(float x) noexcept {
    using lim = detail::exp_limits<float>;
    static_assert(lim::max_arg == 0x1.62e42ep+6f && lim::normal_arg == -86.5f &&
                  lim::min_arg == -0x1.9fe368p+6f);
    return CONSTFORMER_IS_CONSTANT_EVALUATED()
               ? CONSTFORMER_DETAIL_EXP_SELECT(float, x, 0x1.62e42ep+6f, -86.5f, -0x1.9fe368p+6f)
               : detail::exp_blend(x);
}

}  // namespace constformer::math

#endif  // CONSTFORMER_MATH_EXP_HPP
