// constformer/math/erf.hpp
// constformer::math::erf: the error function for float and double, constexpr and
// noexcept, with the same bits at compile time and at run time. No <cmath>.
#ifndef CONSTFORMER_MATH_ERF_HPP
#define CONSTFORMER_MATH_ERF_HPP

#include <constformer/detail/fp_bits.hpp>       // BinaryFloat, blend, CONSTFORMER_IS_CONSTANT_EVALUATED
#include <constformer/detail/odd_function.hpp>  // CONSTFORMER_DETAIL_ODD_SELECT, odd_blend

namespace constformer::detail {

// Algorithm (see docs/math.md). erf is odd: it is computed on a = |x| and x's sign is
// put back (detail/odd_function.hpp), so erf(-0) = -0.
//   a < 0.875: erf(a) = a + a*P(a^2), P a minimax polynomial (degree 5 for float, 10 for
//     double) for the relative error of the result.
//   0.875 <= a < clamp: a polynomial in u = a - m on each interval [b, b'), m its midpoint
//     (float: degree 8 on 3 intervals up to 4; double: degree 16 on 4 intervals up to
//     6), minimax for the absolute error (the result is near 1). m/2 <= a <= 2m there,
//     so u = a - m is exact.
//   clamp = 4 (float) / 6 (double) <= a: 1, which is erf(a) rounded (from 3.92 / 5.86
//     on).
// No exponential: for the constant evaluator a polynomial of degree 16 costs less than
// exp (docs/math.md, "Constant-evaluation cost"); for the same reason the constants are
// literals (see exp.hpp). Coefficients: tools/math_coefficients.py. Every operation is
// written out in a fixed order; -ffp-contract=off keeps the bits.

//! The pieces of erf for T (the interface is described in detail/odd_function.hpp).
template <BinaryFloat T>
struct erf_pieces;

template <>
struct erf_pieces<float> {
    static constexpr float small_max = 0.875f;  //!< small below, large from here
    static constexpr float clamp = 4.0f;        //!< erf rounds to 1 from 3.92 on

    //! erf(a) for 0 <= a < 0.875.
    [[nodiscard, gnu::always_inline]] static constexpr float small(float a) noexcept {
        const float t = a * a;
        return a + a * (0x1.06eba6p-3f +
                        t * (-0x1.81270cp-2f +
                             t * (0x1.ce211ep-4f +
                                  t * (-0x1.b6f38ap-6f + t * (0x1.49c9fep-8f + t * -0x1.453aaep-11f)))));
    }

    //! erf(1.3125 + u) for 0.875 <= 1.3125 + u < 1.75.
    [[nodiscard, gnu::always_inline]] static constexpr float piece0(float u) noexcept {
        return 0x1.df85eap-1f +
               u * (0x1.9cb5b6p-3f +
                    u * (-0x1.0ed74cp-2f +
                         u * (0x1.5068c6p-3f +
                              u * (-0x1.418e04p-6f +
                                   u * (-0x1.3fd87ep-5f +
                                        u * (0x1.6c39b2p-6f +
                                             u * (0x1.794f88p-10f + u * -0x1.39a146p-8f)))))));
    }

    //! erf(2.3125 + u) for 1.75 <= 2.3125 + u < 2.875.
    [[nodiscard, gnu::always_inline]] static constexpr float piece1(float u) noexcept {
        return 0x1.ff7338p-1f +
               u * (0x1.5ff45ep-8f +
                    u * (-0x1.96f076p-7f +
                         u * (0x1.1c460ap-6f +
                              u * (-0x1.04f45cp-6f +
                                   u * (0x1.39fff8p-7f +
                                        u * (-0x1.96332ap-9f +
                                             u * (-0x1.e745fcp-12f + u * 0x1.a652e4p-11f)))))));
    }

    //! erf(3.4375 + u) for 2.875 <= 3.4375 + u < 4.
    [[nodiscard, gnu::always_inline]] static constexpr float piece2(float u) noexcept {
        return 0x1.ffffd8p-1f +
               u * (0x1.174d18p-17f +
                    u * (-0x1.e04e16p-16f +
                         u * (0x1.08b88p-14f +
                              u * (-0x1.9d9e8ap-14f +
                                   u * (0x1.dbf1aap-14f +
                                        u * (-0x1.bd2fbp-14f +
                                             u * (0x1.7bf1acp-14f + u * -0x1.8ea79cp-15f)))))));
    }

    //! erf(a) for 0.875 <= a < 4.
    [[nodiscard]] static constexpr float large(float a) noexcept {
        return a < 1.75f ? piece0(a - 1.3125f) : a < 2.875f ? piece1(a - 2.3125f) : piece2(a - 3.4375f);
    }

    //! -large(-x), for x <= -small_max.
    [[nodiscard]] static constexpr float large_negative(float x) noexcept {
        return -large(-x);
    }

    //! large, branch-free.
    [[nodiscard, gnu::always_inline]] static constexpr float large_blend(float a) noexcept {
        return blend(a < 1.75f, piece0(a - 1.3125f),
                     blend(a < 2.875f, piece1(a - 2.3125f), piece2(a - 3.4375f)));
    }
};

template <>
struct erf_pieces<double> {
    static constexpr double small_max = 0.875;  //!< small below, large from here
    static constexpr double clamp = 6.0;        //!< erf rounds to 1 from 5.86 on

    //! erf(a) for 0 <= a < 0.875.
    [[nodiscard, gnu::always_inline]] static constexpr double small(double a) noexcept {
        const double t = a * a;
        return a + a * (0x1.06eba8214db68p-3 +
                        t * (-0x1.812746b03795dp-2 +
                             t * (0x1.ce2f21a03bc93p-4 +
                                  t * (-0x1.b82ce310568fbp-6 +
                                       t * (0x1.565bccb326933p-8 +
                                            t * (-0x1.c02da2a993fb6p-11 +
                                                 t * (0x1.f9a11778563d8p-14 +
                                                      t * (-0x1.f4a9ea679922cp-17 +
                                                           t * (0x1.b7e52db36ae49p-20 +
                                                                t * (-0x1.4f6bc42fcf327p-23 +
                                                                     t * 0x1.674ad72b34696p-27))))))))));
    }

    //! erf(1.375 + u) for 0.875 <= 1.375 + u < 1.875.
    [[nodiscard, gnu::always_inline]] static constexpr double piece0(double u) noexcept {
        return 0x1.e5768c3b4a3fcp-1 +
               u * (0x1.5ce595c455b05p-3 +
                    u * (-0x1.dfbbadedf5c7dp-3 +
                         u * (0x1.4374d82e05042p-3 +
                              u * (-0x1.f3b8d52d587ebp-6 +
                                   u * (-0x1.f572c4c937fc6p-6 +
                                        u * (0x1.6b16f531b8064p-6 +
                                             u * (-0x1.73ffa902f9b3cp-10 +
                                                  u * (-0x1.174048ee3586bp-8 +
                                                       u * (0x1.9da3caf8e211p-10 +
                                                            u * (0x1.535091dcebbafp-12 +
                                                                 u * (-0x1.6391bd8f4005bp-12 +
                                                                      u * (0x1.e0bb1b86e04f5p-16 +
                                                                           u * (0x1.5e1dc988655cep-15 +
                                                                                u * (-0x1.8e84a143b4423p-17 +
                                                                                     u * (-0x1.8a22788693e9bp-19 +
                                                                                          u * 0x1.c44095d718f65p-20)))))))))))))));
    }

    //! erf(2.375 + u) for 1.875 <= 2.375 + u < 2.875.
    [[nodiscard, gnu::always_inline]] static constexpr double piece1(double u) noexcept {
        return 0x1.ff9960f3eb327p-1 +
               u * (0x1.06918b63554cp-8 +
                    u * (-0x1.37ccd585f5458p-7 +
                         u * (0x1.c1ec102e3eaeap-7 +
                              u * (-0x1.ae59615f9a7f9p-7 +
                                   u * (0x1.11dae4717b376p-7 +
                                        u * (-0x1.982b27448d5ddp-9 +
                                             u * (0x1.0283ec448788cp-13 +
                                                  u * (0x1.377c431c79534p-11 +
                                                       u * (-0x1.61ecbdc12d3b8p-12 +
                                                            u * (0x1.cae98015781bap-15 +
                                                                 u * (0x1.0939a89c1e08dp-15 +
                                                                      u * (-0x1.5d0bc1298e325p-16 +
                                                                           u * (0x1.a0dcf1ab8e5b2p-19 +
                                                                                u * (0x1.c64a067f2cbf9p-20 +
                                                                                     u * (-0x1.c0c3613aba9e3p-21 +
                                                                                          u * 0x1.848e8ab0f00b6p-25)))))))))))))));
    }

    //! erf(3.5 + u) for 2.875 <= 3.5 + u < 4.125.
    [[nodiscard, gnu::always_inline]] static constexpr double piece2(double u) noexcept {
        return 0x1.ffffe710d565ep-1 +
               u * (0x1.6a59721912561p-18 +
                    u * (-0x1.3d0e43d649c12p-16 +
                         u * (0x1.62ccea6cdf08fp-15 +
                              u * (-0x1.1c07721d59f62p-14 +
                                   u * (0x1.586baf26996b8p-14 +
                                        u * (-0x1.46153f7b4124ep-14 +
                                             u * (0x1.e8280f8cc69ep-15 +
                                                  u * (-0x1.1f630ad76e53bp-15 +
                                                       u * (0x1.0133c58c69d8dp-16 +
                                                            u * (-0x1.3772c64b98c51p-18 +
                                                                 u * (0x1.df2bf1b739e2bp-22 +
                                                                      u * (0x1.dc29131f352e4p-22 +
                                                                           u * (-0x1.4891c5899959ap-22 +
                                                                                u * (0x1.8fd55a61dd736p-24 +
                                                                                     u * (0x1.82fea036986f3p-31 +
                                                                                          u * -0x1.40f46651c63ddp-27)))))))))))))));
    }

    //! erf(5.0625 + u) for 4.125 <= 5.0625 + u < 6.
    [[nodiscard, gnu::always_inline]] static constexpr double piece3(double u) noexcept {
        return 0x1.fffffffffe38p-1 +
               u * (0x1.25f561f54ee3dp-37 +
                    u * (-0x1.740f3b32ee262p-35 +
                         u * (0x1.33dd7aff52c4ap-33 +
                              u * (-0x1.7613ad6f873cdp-32 +
                                   u * (0x1.6368bac79e431p-31 +
                                        u * (-0x1.131ab7e474efcp-30 +
                                             u * (0x1.6483087c38a84p-30 +
                                                  u * (-0x1.875d6bdb120d9p-30 +
                                                       u * (0x1.6f8ca863584c7p-30 +
                                                            u * (-0x1.314932fbc87dcp-30 +
                                                                 u * (0x1.c85c2209cdd28p-31 +
                                                                      u * (-0x1.1ac9024751131p-31 +
                                                                           u * (0x1.13fbaca437bdp-32 +
                                                                                u * (-0x1.230da72492094p-33 +
                                                                                     u * (0x1.5d1bf49442b97p-34 +
                                                                                          u * -0x1.a9397b0b913fdp-36)))))))))))))));
    }

    //! erf(a) for 0.875 <= a < 6.
    [[nodiscard]] static constexpr double large(double a) noexcept {
        return a < 1.875   ? piece0(a - 1.375)
               : a < 2.875 ? piece1(a - 2.375)
               : a < 4.125 ? piece2(a - 3.5)
                           : piece3(a - 5.0625);
    }

    //! -large(-x), for x <= -small_max.
    [[nodiscard]] static constexpr double large_negative(double x) noexcept {
        return -large(-x);
    }

    //! large, branch-free.
    [[nodiscard, gnu::always_inline]] static constexpr double large_blend(double a) noexcept {
        return blend(
            a < 1.875, piece0(a - 1.375),
            blend(a < 2.875, piece1(a - 2.375), blend(a < 4.125, piece2(a - 3.5), piece3(a - 5.0625))));
    }
};

}  // namespace constformer::detail

namespace constformer::math {

//! The error function erf(x) = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt, within
//! 2 ULP of the exact value (measured maxima in docs/math.md), the same bits in
//! constant evaluation and at run time when compiled with -ffp-contract=off.
//! erf(+-0) = +-0 (sign kept), erf(+-inf) = +-1, erf(NaN) = NaN (quiet, payload kept);
//! from |x| = 5.86 the result is +-1 exactly. Branch-free at run time; double
//! arithmetic only.
//! Shapes: a scalar in, a scalar out.
//! \code
//! static_assert(cf::math::erf(-0.0) == 0.0 && cf::math::erf(10.0) == 1.0);
//! constexpr float e = cf::math::erf(0.5f);  // float overload: 0.520499885f
//! \endcode
[[nodiscard, gnu::always_inline]] constexpr double erf(double x) noexcept {
    using p = detail::erf_pieces<double>;
    static_assert(p::small_max == 0.875 && p::clamp == 6.0);
    return CONSTFORMER_IS_CONSTANT_EVALUATED() ? CONSTFORMER_DETAIL_ODD_SELECT(p, double, x, 0.875, 6.0)
                                               : detail::odd_blend<p>(x);
}

//! erf for float, within 2 ULP; +-1 exactly from |x| = 3.92. Uses float arithmetic
//! only (no double), so on a single-precision FPU it needs no soft-float routines.
[[nodiscard, gnu::always_inline]] constexpr float erf(float x) noexcept {
    using p = detail::erf_pieces<float>;
    static_assert(p::small_max == 0.875f && p::clamp == 4.0f);
    return CONSTFORMER_IS_CONSTANT_EVALUATED() ? CONSTFORMER_DETAIL_ODD_SELECT(p, float, x, 0.875f, 4.0f)
                                               : detail::odd_blend<p>(x);
}

}  // namespace constformer::math

#endif  // CONSTFORMER_MATH_ERF_HPP
