// constformer/math/exp.hpp
// constformer::math::exp: the natural exponential for float and double, constexpr
// and noexcept, with the same bits at compile time and at run time. No <cmath>.
#ifndef CONSTFORMER_MATH_EXP_HPP
#define CONSTFORMER_MATH_EXP_HPP

#include <cstdint>      // std::uint32_t, std::uint64_t
#include <limits>       // std::numeric_limits<T>::infinity
#include <type_traits>  // std::is_constant_evaluated

#include <constformer/detail/fp_bits.hpp>  // to_bits, from_bits, quieted

namespace constformer::detail {

// Algorithm (both precisions; see docs/math.md):
//   k = round(x / ln2) by adding and subtracting 1.5 * 2^p (p = mantissa bits),
//   r = x - k*ln2 = hi - lo with hi = x - k*ln2_hi (exact: ln2_hi has trailing
//   zero bits), lo = k*ln2_lo;
//   e^r = 1 + 2r / (R(r) - r) with R(r) = r*coth(r/2) = 2 + r^2*g(r^2); g is a
//   minimax polynomial on [0, (ln2/2)^2], so with c = r - r^2*g(r^2):
//   e^r = 1 - ((lo - r*c/(2-c)) - hi);
//   e^x = (e^r * 2^floor(k/2)) * 2^(k - floor(k/2)): the first product is exact
//   and the second rounds once, also when the result is subnormal.
// Every operation is written out in a fixed order; compile with
// -ffp-contract=off so that no fused multiply-add changes the bits at run time.

struct exp_f64_constants {
    static constexpr double inv_ln2 = 0x1.71547652b82fep+0;
    // ln2 = ln2_hi + ln2_lo; ln2_hi has 32 significant bits, so k*ln2_hi is exact
    // for |k| < 2^21.
    static constexpr double ln2_hi = 0x1.62e42ffp-1;
    static constexpr double ln2_lo = -0x1.718432a1b0e26p-35;
    static constexpr double round_shift = 0x1.8p+52;
    // Largest x with exp(x) <= DBL_MAX after rounding; smallest x with
    // exp(x) > 2^-1075 (which rounds to the smallest subnormal, not to 0).
    static constexpr double max_arg = 0x1.62e42fefa39efp+9;   //  709.782712893384
    static constexpr double min_arg = -0x1.74910d52d3051p+9;  // -745.1332191019411
    // Minimax g(t) ~ (sqrt(t)*coth(sqrt(t)/2) - 2)/t on [0, (ln2/2)^2], weight
    // t^1.5 (the error's effect on e^r); max weighted error 2^-60.2 before
    // rounding the coefficients.
    static constexpr double p1 = 0x1.5555555555543p-3;
    static constexpr double p2 = -0x1.6c16c16bedfcfp-9;
    static constexpr double p3 = 0x1.1566aaf05bca2p-14;
    static constexpr double p4 = -0x1.bbd4074122a23p-20;
    static constexpr double p5 = 0x1.63683d1cbfd2dp-25;
};

struct exp_f32_constants {
    static constexpr float inv_ln2 = 0x1.715476p+0f;
    // ln2_hi has 16 significant bits, so k*ln2_hi is exact for |k| < 2^8.
    static constexpr float ln2_hi = 0x1.62e4p-1f;
    static constexpr float ln2_lo = 0x1.7f7d1cp-20f;
    static constexpr float round_shift = 0x1.8p+23f;
    static constexpr float max_arg = 0x1.62e42ep+6f;   //  88.72283172607421875
    static constexpr float min_arg = -0x1.9fe368p+6f;  // -103.97207641601562
    // Minimax g as above, degree 1; max weighted error 2^-29.1.
    static constexpr float p1 = 0x1.555516p-3f;
    static constexpr float p2 = -0x1.6a8848p-9f;
};

//! exp(x) for x in [min_arg, max_arg] (finite result, never overflows, so it is a
//! constant expression for every such x). Straight-line code, double only.
[[nodiscard]] constexpr double exp_kernel(double x) noexcept {
    using c = exp_f64_constants;
    const double z = x * c::inv_ln2 + c::round_shift;  // k + 1.5*2^52, rounded to nearest
    const double k = z - c::round_shift;
    const double hi = x - k * c::ln2_hi;
    const double lo = k * c::ln2_lo;
    const double r = hi - lo;
    const double t = r * r;
    const double g = r - t * (c::p1 + t * (c::p2 + t * (c::p3 + t * (c::p4 + t * c::p5))));
    const double y = 1.0 - ((lo - (r * g) / (2.0 - g)) - hi);
    // The low bits of z hold k in two's complement; |k| <= 1076.
    const std::uint64_t ku = to_bits(z) - to_bits(c::round_shift);
    const std::uint64_t half = (ku + 2048u) >> 1;                  // floor(k/2) + 1024
    const double scale1 = from_bits<double>((half - 1u) << 52);         // 2^floor(k/2)
    const double scale2 = from_bits<double>((ku + 2047u - half) << 52);  // 2^(k - floor(k/2))
    return (y * scale1) * scale2;
}

//! expf(x) for x in [min_arg, max_arg]; float arithmetic only.
[[nodiscard]] constexpr float exp_kernel(float x) noexcept {
    using c = exp_f32_constants;
    const float z = x * c::inv_ln2 + c::round_shift;
    const float k = z - c::round_shift;
    const float hi = x - k * c::ln2_hi;
    const float lo = k * c::ln2_lo;
    const float r = hi - lo;
    const float t = r * r;
    const float g = r - t * (c::p1 + t * c::p2);
    const float y = 1.0f - ((lo - (r * g) / (2.0f - g)) - hi);
    const std::uint32_t ku = to_bits(z) - to_bits(c::round_shift);  // |k| <= 151
    const std::uint32_t half = (ku + 256u) >> 1;                   // floor(k/2) + 128
    const float scale1 = from_bits<float>((half - 1u) << 23);
    const float scale2 = from_bits<float>((ku + 255u - half) << 23);
    return (y * scale1) * scale2;
}

template <BinaryFloat T, class Constants>
[[nodiscard]] constexpr T exp_impl(T x) noexcept {
    // Branch-free so that a loop calling exp can be vectorised (Clang and GCC):
    // - every comparison is evaluated unconditionally (`|`, not `||`): under GCC's
    //   default -ftrapping-math a conditional comparison or FP operation blocks
    //   if-conversion;
    // - at run time the kernel runs on x itself, whatever it is (IEEE arithmetic
    //   and unsigned integer operations only, so no undefined behaviour; the
    //   result is discarded outside the range). Feeding it a constant instead
    //   lets GCC split the loop body into paths. In a constant expression it runs
    //   on 0 instead, because overflow or NaN arithmetic is not a constant
    //   expression. In range both phases run the same operations on the same x;
    // - the special result is blended in with a bit mask: a plain `?:` is turned
    //   back into a branch by GCC.
    const bool above = x > Constants::max_arg;
    const bool below = x < Constants::min_arg;
    const bool nan = is_nan(x);
    const bool in_range = !(above | below | nan);
    const T y = exp_kernel(std::is_constant_evaluated() && !in_range ? T(0) : x);
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
    return detail::exp_impl<double, detail::exp_f64_constants>(x);
}

//! e^x for float, within 1 ULP; overflow above 88.72283172607421875, +0 below
//! -103.97207641601562. Uses float arithmetic only (no double), so on a
//! single-precision FPU (e.g. Cortex-M4F) it needs no soft-float routines.
[[nodiscard]] constexpr float exp(float x) noexcept {
    return detail::exp_impl<float, detail::exp_f32_constants>(x);
}

}  // namespace constformer::math

#endif  // CONSTFORMER_MATH_EXP_HPP
