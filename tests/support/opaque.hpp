// Test support: values the optimiser cannot fold. Copying through a volatile makes a run-time
// test really compute at run time, instead of the compiler constant-folding it (which could
// make a "run-time" result equal the compile-time one for the wrong reason).
#ifndef CONSTFORMER_TESTS_SUPPORT_OPAQUE_HPP
#define CONSTFORMER_TESTS_SUPPORT_OPAQUE_HPP

#include <cstddef>

#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"

namespace cf_test {

template <class T>
T opaque(T x) {
  volatile T v = x;
  return v;
}

template <class T, std::size_t Rows, std::size_t Cols>
constformer::matrix<T, Rows, Cols> opaque(const constformer::matrix<T, Rows, Cols>& m) {
  constformer::matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) {
      volatile T v = m.elems[r][c];
      out.elems[r][c] = v;
    }
  return out;
}

template <class T, std::size_t Batch, std::size_t Rows, std::size_t Cols>
constformer::batch<T, Batch, Rows, Cols> opaque(const constformer::batch<T, Batch, Rows, Cols>& x) {
  constformer::batch<T, Batch, Rows, Cols> out{};
  for (std::size_t b = 0; b < Batch; ++b) out[b] = opaque(x[b]);
  return out;
}

}  // namespace cf_test

#endif
