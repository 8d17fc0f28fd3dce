// Test support: the error of a floating-point result in ULPs against a reference of
// higher precision. Used by the math tests and by the accuracy sweeps in bench/math/.
#ifndef CONSTFORMER_TESTS_SUPPORT_ULP_HPP
#define CONSTFORMER_TESTS_SUPPORT_ULP_HPP

#include <algorithm>
#include <cmath>
#include <limits>

namespace cf_test {

//! The exponent e with 2^e <= |v| < 2^(e+1), for a finite nonzero v of a wide type (double,
//! long double, or __float128), read through long double and corrected when that
//! conversion rounded up to a power of two.
template <class Wide>
int exponent_of(Wide v) {
  const Wide a = v < Wide(0) ? -v : v;
  int e = std::ilogb(static_cast<long double>(a));
  if (static_cast<Wide>(std::ldexp(1.0L, e)) > a) --e;
  return e;
}

//! Error of `got` against the reference `ref` (of a wider type) in ULPs of T at `ref`;
//! the ULP of a subnormal or tiny value is the subnormal spacing. An infinite `got` is an
//! error of 0 when `ref` rounds to infinity in T, and an infinite error otherwise.
template <class T, class Wide>
double ulp_error(T got, Wide ref) {
  constexpr int digits = std::numeric_limits<T>::digits;
  constexpr int min_exp = std::numeric_limits<T>::min_exponent - 1;
  // T's largest finite value plus half an ULP: from there a value rounds to infinity.
  const Wide max_plus_half =
      static_cast<Wide>(std::ldexp(2.0L - std::ldexp(1.0L, -digits), std::numeric_limits<T>::max_exponent - 1));
  const Wide magnitude = ref < Wide(0) ? -ref : ref;
  const bool ref_overflows = magnitude >= max_plus_half;
  if (std::isinf(got) || ref_overflows) {
    return (std::isinf(got) && ref_overflows) ? 0.0 : std::numeric_limits<double>::infinity();
  }
  const int e = ref == Wide(0) ? min_exp : std::max(exponent_of(ref), min_exp);
  const Wide ulp = static_cast<Wide>(std::ldexp(1.0L, e - (digits - 1)));
  const Wide diff = static_cast<Wide>(got) - ref;
  return static_cast<double>((diff < Wide(0) ? -diff : diff) / ulp);
}

}  // namespace cf_test

#endif
