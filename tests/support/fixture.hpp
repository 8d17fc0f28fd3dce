// Test support: turning fixture data into matrices and comparing with the tolerances of
// tests/fixtures/book/README.md, usable in static_assert and at run time.
#ifndef CONSTFORMER_TESTS_SUPPORT_FIXTURE_HPP
#define CONSTFORMER_TESTS_SUPPORT_FIXTURE_HPP

#include <cstddef>
#include <limits>

#include "constformer/core/matrix.hpp"

namespace cf_test {

namespace cf = constformer;

//! A Rows x Cols matrix from flat row-major data (a generated fixture array).
template <std::size_t Rows, std::size_t Cols, class T, std::size_t N>
  requires(N == Rows * Cols)
constexpr cf::matrix<T, Rows, Cols> to_matrix(const T (&flat)[N]) {
  cf::matrix<T, Rows, Cols> m{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) m.elems[r][c] = flat[r * Cols + c];
  return m;
}

//! A vector from flat data.
template <class T, std::size_t N>
constexpr cf::vector<T, N> to_vector(const T (&flat)[N]) {
  return to_matrix<1, N>(flat);
}

template <class T>
constexpr T abs_of(T x) {
  return x < 0 ? -x : x;
}

//! The README's tolerance: f64 |d| <= 1e-12 + 1e-12|ref|, f32 |d| <= 1e-6 + 1e-5|ref|;
//! infinities and exact zeros must match exactly.
template <class T>
constexpr bool close(T got, T ref) {
  constexpr T inf = std::numeric_limits<T>::infinity();
  if (ref == inf || ref == -inf || ref == T(0)) return got == ref;
  if constexpr (sizeof(T) == 8) return abs_of(got - ref) <= 1e-12 + 1e-12 * abs_of(ref);
  else return abs_of(got - ref) <= 1e-6f + 1e-5f * abs_of(ref);
}

//! Every element of `m` close to the flat reference `ref` (row-major, same element count).
template <class T, std::size_t Rows, std::size_t Cols, std::size_t N>
  requires(N == Rows * Cols)
constexpr bool all_close(const cf::matrix<T, Rows, Cols>& m, const T (&ref)[N]) {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c)
      if (!close(m.elems[r][c], ref[r * Cols + c])) return false;
  return true;
}

}  // namespace cf_test

#endif
