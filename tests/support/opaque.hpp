// Test support: values the optimiser cannot fold. Copying through a volatile makes a run-time
// test really compute at run time, instead of the compiler constant-folding it (which could
// make a "run-time" result equal the compile-time one for the wrong reason).
#ifndef CONSTFORMER_TESTS_SUPPORT_OPAQUE_HPP
#define CONSTFORMER_TESTS_SUPPORT_OPAQUE_HPP

#include <cstddef>
#include <type_traits>

#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"

namespace cf_test {

//! `x` copied byte by byte through a volatile (any trivially copyable object, a whole model
//! included; a walk over its parameters would cost compile time).
template <class T>
T opaque_object(const T& x) {
  static_assert(std::is_trivially_copyable_v<T>);
  T out{};
  const auto* from = reinterpret_cast<const unsigned char*>(&x);
  auto* to = reinterpret_cast<unsigned char*>(&out);
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    const volatile unsigned char b = from[i];
    to[i] = b;
  }
  return out;
}

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
