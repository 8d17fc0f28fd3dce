// constformer/math/erf.hpp: constexpr error function for float and double, without <cmath>:
// its Maclaurin series below 1 and 1 - erfc beyond, erfc by its continued fraction with
// exp(-a^2) taken on an exact split of a^2. The same bits at compile time and at run time; float is computed in
// double and rounded once.
#ifndef CONSTFORMER_MATH_ERF_HPP
#define CONSTFORMER_MATH_ERF_HPP

#include "constformer/concepts.hpp"  // Scalar
#include "constformer/math/exp.hpp"  // math::exp

namespace constformer::detail {
constexpr double two_over_sqrt_pi = 0x1.20dd750429b6dp+0;

constexpr double erf_double(double x) noexcept {
  if (x != x) return x;
  const double a = x < 0 ? -x : x;
  double r;
  if (a < 0x1p-28) {
    r = two_over_sqrt_pi * a;
  } else if (a < 1.0) {
    // sum (-1)^n a^(2n+1) / (n! (2n+1)), 1/n! carried in `term`, until the terms vanish.
    const double z = a * a;
    double term = a, sum = a;
    for (int n = 1; n < 30; ++n) {
      term = -term * z / n;
      sum += term / (2 * n + 1);
    }
    r = two_over_sqrt_pi * sum;
  } else if (a < 6.0) {
    // a^2 = hi + lo exactly (Dekker's split of a), so exp(-a^2) = exp(-hi) (1 - lo).
    constexpr double split = 134217729.0;  // 2^27 + 1
    const double p = a * split, ah = p - (p - a), al = a - ah;
    const double hi = a * a, lo = ((ah * ah - hi) + 2.0 * ah * al) + al * al;
    const double e = math::exp(-hi) * (1.0 - lo);
    // erfc(a) = exp(-a^2) / sqrt(pi) / (a + (1/2) / (a + 1 / (a + (3/2) / (a + ...)))), the
    // continued fraction evaluated from 200 levels up; erf = 1 - erfc loses nothing here.
    double k = a;
    for (int n = 200; n >= 1; --n) k = a + (0.5 * n) / k;
    r = 1.0 - e * (0.5 * two_over_sqrt_pi) / k;
    r = r > 1.0 ? 1.0 : r;
  } else {
    r = 1.0;  // erfc(6) < 2^-55
  }
  return x < 0 ? -r : r;
}
}  // namespace constformer::detail

namespace constformer::math {

//! The error function of `x`, the same bits at compile time and at run time. Accuracy
//! measured in docs/math.md; `erf(-0) = -0`, `erf(+-inf) = +-1`, NaN gives NaN.
//! Shapes: a scalar in and out.
//! \code
//! static_assert(cf::math::erf(0.0f) == 0.0f && cf::math::erf(-10.0) == -1.0);
//! \endcode
template <Scalar T>
constexpr T erf(T x) noexcept {
  return static_cast<T>(detail::erf_double(static_cast<double>(x)));
}

}  // namespace constformer::math

#endif  // CONSTFORMER_MATH_ERF_HPP
