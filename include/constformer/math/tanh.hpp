// constformer/math/tanh.hpp: constexpr hyperbolic tangent for float and double, without
// <cmath>: an odd Taylor series near 0 and 1 - 2 / (exp(2|x|) + 1) beyond, the same bits
// at compile time and at run time. Float is computed in double and rounded once.
#ifndef CONSTFORMER_MATH_TANH_HPP
#define CONSTFORMER_MATH_TANH_HPP

#include "constformer/concepts.hpp"  // Scalar
#include "constformer/math/exp.hpp"  // math::exp

namespace constformer::detail {
// tanh(a) / a as a series in a^2 for |a| < 0.55 (Taylor coefficients 2^2n (2^2n - 1) B_2n / (2n)!,
// rounded to double; 20 terms: the 21st is below 2^-56 of the sum there).
constexpr double tanh_series(double a) noexcept {
  constexpr double c[] = {0x1.0000000000000p+0,  -0x1.5555555555555p-2, 0x1.1111111111111p-3,  -0x1.ba1ba1ba1ba1cp-5,
                          0x1.664f4882c10fap-6,  -0x1.226e355e6c23dp-7, 0x1.d6d3d0e157de0p-9,  -0x1.7da36452b75e3p-10,
                          0x1.3558248036744p-11, -0x1.f57d7734d1664p-13, 0x1.967e18afcafadp-14, -0x1.497d8eea25259p-15,
                          0x1.0b132d39a6050p-16, -0x1.b0f72d3ee24e9p-18, 0x1.5ef2da474e5b7p-19, -0x1.1c77df95c1c0dp-20,
                          0x1.cd299de4ae6bbp-22, -0x1.75cde6563fed9p-23, 0x1.2efe8db3aff1fp-24, -0x1.eb3229047434cp-26};
  const double z = a * a;
  double p = c[19];
  for (int k = 18; k >= 0; --k) p = p * z + c[k];
  return a * p;
}

constexpr double tanh_double(double x) noexcept {
  if (x != x) return x;
  const double a = x < 0 ? -x : x;
  double t;
  if (a < 0x1p-28)
    t = a;  // tanh(a) = a (1 - a^2 / 3 + ...): the correction is below half an ulp
  else if (a < 0.55)
    t = tanh_series(a);
  else if (a < 22.0)
    t = 1.0 - 2.0 / (math::exp(2.0 * a) + 1.0);  // tanh(a) >= 0.5 here: no harmful cancellation
  else
    t = 1.0;  // 1 - tanh(22) < 2^-63
  return x < 0 ? -t : t;  // odd, and -0 stays -0
}
}  // namespace constformer::detail

namespace constformer::math {

//! The hyperbolic tangent of `x`, the same bits at compile time and at run time. Accuracy
//! measured in docs/math.md; `tanh(-0) = -0`, `tanh(+-inf) = +-1`, NaN gives NaN.
//! Shapes: a scalar in and out.
//! \code
//! static_assert(cf::math::tanh(0.0f) == 0.0f && cf::math::tanh(30.0) == 1.0);
//! \endcode
template <Scalar T>
constexpr T tanh(T x) noexcept {
  return static_cast<T>(detail::tanh_double(static_cast<double>(x)));
}

}  // namespace constformer::math

#endif  // CONSTFORMER_MATH_TANH_HPP
