// Test support (run time): seeded random sweeps of a math function against a reference of
// higher precision, measuring the largest error in ULPs and checking NaN propagation.
#ifndef CONSTFORMER_TESTS_SUPPORT_MATH_SWEEP_HPP
#define CONSTFORMER_TESTS_SUPPORT_MATH_SWEEP_HPP

#include <cstddef>
#include <cstdint>
#include <random>

#include "constformer/detail/fp_bits.hpp"
#include "support/ulp.hpp"

namespace cf_test {

//! What a sweep found.
struct sweep_result {
  double max_ulp = 0;             //!< largest error (NaN if an error was NaN)
  double worst_x = 0;             //!< where
  std::size_t nan_failures = 0;   //!< NaN in but not NaN out, or NaN out for a number
  std::size_t sign_failures = 0;  //!< odd functions: result without the sign of x
};

//! `samples` inputs, uniform in [lo, hi], or random bit patterns of T (any value, NaNs
//! and infinities included) when `lo > hi`; f(x) against ref(x) (in a wider type). With
//! `odd`, every non-NaN result must carry the sign of x (so that f(-0) = -0).
template <class T, class F, class Ref>
sweep_result sweep(F f, Ref ref, T lo, T hi, std::uint64_t seed, std::size_t samples, bool odd = false) {
  namespace cd = constformer::detail;
  const bool bit_patterns = lo > hi;
  std::mt19937_64 rng(seed);
  // With bit patterns the distribution is unused; lo > hi would be undefined behaviour.
  std::uniform_real_distribution<T> domain(bit_patterns ? T(0) : lo, bit_patterns ? T(1) : hi);
  sweep_result res;
  for (std::size_t i = 0; i < samples; ++i) {
    const T x = bit_patterns ? cd::from_bits<T>(static_cast<cd::bits_t<T>>(rng())) : domain(rng);
    const T got = f(x);
    if (x != x || got != got) {
      res.nan_failures += (x != x) == (got != got) ? 0u : 1u;
      continue;
    }
    const double err = ulp_error(got, ref(x));
    if (!(err <= res.max_ulp)) {
      res.max_ulp = err;
      res.worst_x = static_cast<double>(x);
    }
    const auto sign = cd::fp_traits<T>::sign_mask;
    res.sign_failures += odd && (cd::to_bits(got) & sign) != (cd::to_bits(x) & sign) ? 1u : 0u;
  }
  return res;
}

}  // namespace cf_test

#endif
