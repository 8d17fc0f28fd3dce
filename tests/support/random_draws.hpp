// Seeded random matrices and values for the kernel bit-identity tests (tests/bitexact), from
// constformer's own SplitMix64 stream, so the draws are the same on every platform.
#ifndef CONSTFORMER_TESTS_SUPPORT_RANDOM_DRAWS_HPP
#define CONSTFORMER_TESTS_SUPPORT_RANDOM_DRAWS_HPP

#include <cstddef>
#include <cstdint>
#include <limits>

#include "constformer/core/matrix.hpp"
#include "constformer/nn/dropout.hpp"  // random_bits, uniform

namespace cf_test {

//! Elements uniform in [-scale, scale), drawn at compile time or at run time alike.
template <class T, std::size_t R, std::size_t C>
constexpr constformer::matrix<T, R, C> random_matrix(std::uint64_t seed, T scale) {
  constformer::matrix<T, R, C> m{};
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t j = 0; j < C; ++j) m.elems[i][j] = (constformer::uniform<T>(seed, i * C + j) - T(0.5)) * 2 * scale;
  return m;
}

//! A stream of draws: sizes below a bound, and values that are mostly uniform in [-2, 2),
//! with signed zeros, large values (exponentials that underflow or dominate) and subnormals.
struct draws {
  std::uint64_t seed;
  std::uint64_t counter = 0;
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(constformer::random_bits(seed, counter++) % n); }
  template <class T>
  T value() {
    const std::size_t kind = below(32);
    const T u = (constformer::uniform<T>(seed, counter++) - T(0.5)) * 4;
    if (kind == 0) return T(0);
    if (kind == 1) return -T(0);
    if (kind == 2) return u * T(60);
    if (kind == 3) return u * std::numeric_limits<T>::min();
    return u;
  }
  template <class T, std::size_t R, std::size_t C>
  void fill(constformer::matrix<T, R, C>& m) {
    for (auto& row : m.elems)
      for (auto& e : row) e = value<T>();
  }
};

}  // namespace cf_test

#endif  // CONSTFORMER_TESTS_SUPPORT_RANDOM_DRAWS_HPP
