// constformer/math/tanh.hpp
// constformer::math::tanh: the hyperbolic tangent for float and double, constexpr and
// noexcept, with the same bits at compile time and at run time. No <cmath>.
#ifndef CONSTFORMER_MATH_TANH_HPP
#define CONSTFORMER_MATH_TANH_HPP

#include <constformer/detail/fp_bits.hpp>       // BinaryFloat, CONSTFORMER_IS_CONSTANT_EVALUATED
#include <constformer/detail/odd_function.hpp>  // CONSTFORMER_DETAIL_ODD_SELECT, odd_blend
#include <constformer/math/exp.hpp>             // detail::exp_kernel

namespace constformer::detail {

// Algorithm (see docs/math.md). tanh is odd: it is computed on a = |x| and x's sign is
// put back (detail/odd_function.hpp), so tanh(-0) = -0.
//   a < 0.625: tanh(a) = a + a*(t*P(t)), t = a^2, P a minimax polynomial of degree 4
//     (float), or a + a*((t*P(t))/Q(t)), P/Q a minimax rational of degree 2/3 (double),
//     both for the relative error of the result (tools/math_coefficients.py).
//   0.625 <= a < clamp: tanh(a) = 1 - 2/(e^(2a) + 1), with e^(2a) from exp_kernel (a
//     normal result; the kernel never overflows).
//   clamp = 9.5 (float) / 19.5 (double) <= a: 1, which is tanh(a) rounded (from 9.01 /
//     19.06 on).
// Constants are literals, for the constant evaluator's sake (see exp.hpp). Every
// operation is written out in a fixed order; -ffp-contract=off keeps the bits.

//! The pieces of tanh for T (the interface is described in detail/odd_function.hpp).
template <BinaryFloat T>
struct tanh_pieces;

template <>
struct tanh_pieces<float> {
    static constexpr float small_max = 0.625f;  //!< small below, large from here
    static constexpr float clamp = 9.5f;        //!< tanh rounds to 1 from 9.01 on

    //! tanh(a) for 0 <= a < 0.625 (a subnormal a gives a).
    [[nodiscard]] static constexpr float small(float a) noexcept {
        const float t = a * a;
        return a + a * (t * (-0x1.55553ap-2f +
                             t * (0x1.1107acp-3f +
                                  t * (-0x1.b83a1p-5f + t * (0x1.51c5c2p-6f + t * -0x1.733f28p-8f)))));
    }

    //! tanh(a) for 0.625 <= a < 9.5.
    [[nodiscard]] static constexpr float large(float a) noexcept {
        return 1.0f - 2.0f / (exp_kernel<exp_scaling::normal>(2.0f * a) + 1.0f);
    }

    //! -large(-x) for -9.5 < x <= -0.625, the same bits: -2x is 2(-x), and y - 1 is -(1 - y)
    //! (rounding to nearest is symmetric).
    [[nodiscard]] static constexpr float large_negative(float x) noexcept {
        return 2.0f / (exp_kernel<exp_scaling::normal>(-2.0f * x) + 1.0f) - 1.0f;
    }

    //! large, for odd_blend (it is branch-free already).
    [[nodiscard]] static constexpr float large_blend(float a) noexcept {
        return large(a);
    }
};

template <>
struct tanh_pieces<double> {
    static constexpr double small_max = 0.625;  //!< small below, large from here
    static constexpr double clamp = 19.5;       //!< tanh rounds to 1 from 19.06 on

    //! tanh(a) for 0 <= a < 0.625 (a subnormal a gives a).
    [[nodiscard]] static constexpr double small(double a) noexcept {
        const double t = a * a;
        return a +
               a * ((t * (-0x1.5555555555554p-2 + t * (-0x1.4fd05ad8fa2a6p-6 + t * -0x1.a17d1f33f8b7bp-13))) /
                    (1.0 +
                     t * (0x1.d890aaa24871ap-2 + t * (0x1.7d8dced3a7474p-6 + t * 0x1.b0e6393aebd18p-13))));
    }

    //! tanh(a) for 0.625 <= a < 19.5.
    [[nodiscard]] static constexpr double large(double a) noexcept {
        return 1.0 - 2.0 / (exp_kernel<exp_scaling::normal>(2.0 * a) + 1.0);
    }

    //! -large(-x) for -19.5 < x <= -0.625, the same bits: -2x is 2(-x), and y - 1 is -(1 - y)
    //! (rounding to nearest is symmetric).
    [[nodiscard]] static constexpr double large_negative(double x) noexcept {
        return 2.0 / (exp_kernel<exp_scaling::normal>(-2.0 * x) + 1.0) - 1.0;
    }

    //! large, for odd_blend (it is branch-free already).
    [[nodiscard]] static constexpr double large_blend(double a) noexcept {
        return large(a);
    }
};

}  // namespace constformer::detail

namespace constformer::math {

//! The hyperbolic tangent of x, within 2 ULP of the exact value (measured maxima in
//! docs/math.md), the same bits in constant evaluation and at run time when compiled
//! with -ffp-contract=off. tanh(+-0) = +-0 (sign kept), a subnormal x gives x,
//! tanh(+-inf) = +-1, tanh(NaN) = NaN (quiet, payload kept); from |x| = 19.06 the
//! result is +-1 exactly. Branch-free at run time; double arithmetic only.
//! Shapes: a scalar in, a scalar out.
//! \code
//! static_assert(cf::math::tanh(-0.0) == 0.0 && cf::math::tanh(30.0) == 1.0);
//! constexpr float t = cf::math::tanh(0.5f);  // float overload: 0.462117165f
//! \endcode
[[nodiscard]] constexpr double tanh(double x) noexcept {
    using p = detail::tanh_pieces<double>;
    static_assert(p::small_max == 0.625 && p::clamp == 19.5);
    return CONSTFORMER_IS_CONSTANT_EVALUATED() ? CONSTFORMER_DETAIL_ODD_SELECT(p, double, x, 0.625, 19.5)
                                               : detail::odd_blend<p>(x);
}

//! tanh for float, within 2 ULP; +-1 exactly from |x| = 9.01. Uses float arithmetic
//! only (no double), so on a single-precision FPU it needs no soft-float routines.
[[nodiscard]] constexpr float tanh(float x) noexcept {
    using p = detail::tanh_pieces<float>;
    static_assert(p::small_max == 0.625f && p::clamp == 9.5f);
    return CONSTFORMER_IS_CONSTANT_EVALUATED() ? CONSTFORMER_DETAIL_ODD_SELECT(p, float, x, 0.625f, 9.5f)
                                               : detail::odd_blend<p>(x);
}

}  // namespace constformer::math

#endif  // CONSTFORMER_MATH_TANH_HPP
