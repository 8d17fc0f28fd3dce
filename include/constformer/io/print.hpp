// constformer/io/print.hpp (hosted only): formats matrices the way PyTorch prints tensors,
// `tensor([0.9544, 1.4950])`, so output can be compared with the notebook by eye.
#ifndef CONSTFORMER_IO_PRINT_HPP
#define CONSTFORMER_IO_PRINT_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/print.hpp needs a hosted standard library"
#endif

#include <cstddef>  // std::size_t
#include <cstdio>   // std::snprintf
#include <string>   // std::string

#include "constformer/core/matrix.hpp"

namespace constformer::io {

namespace detail {
template <class T>
bool all_integral(const T* v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (v[i] != static_cast<T>(static_cast<long long>(v[i]))) return false;
  return true;
}
inline std::string format_value(double v, bool integral, int decimals) {
  char buf[64];
  if (integral)
    std::snprintf(buf, sizeof buf, "%.0f.", v);
  else
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}
}  // namespace detail

//! A scalar as torch prints a 0-d tensor: `tensor(1.0000)`, or `tensor(1.)` when integral.
template <Scalar T>
std::string format_tensor(T value, int decimals = 4) {
  return "tensor(" + detail::format_value(static_cast<double>(value), detail::all_integral(&value, 1), decimals) + ")";
}

//! A matrix as torch prints it with `precision=decimals`: a 1 x N matrix prints as a 1-d
//! tensor (`tensor([a, b])`), anything else as rows (`tensor([[a, b],\n        [c, d]])`).
//! Like torch, when every element is an integer the values print as `1.`.
template <Scalar T, std::size_t Rows, std::size_t Cols>
std::string format_tensor(const matrix<T, Rows, Cols>& m, int decimals = 4) {
  const bool integral = [&] {
    for (std::size_t r = 0; r < Rows; ++r)
      if (!detail::all_integral(m.elems[r], Cols)) return false;
    return true;
  }();
  auto row_text = [&](std::size_t r) {
    std::string s = "[";
    for (std::size_t c = 0; c < Cols; ++c) {
      if (c) s += ", ";
      s += detail::format_value(static_cast<double>(m.elems[r][c]), integral, decimals);
    }
    return s + "]";
  };
  if constexpr (Rows == 1) {
    return "tensor(" + row_text(0) + ")";
  } else {
    std::string s = "tensor([";
    for (std::size_t r = 0; r < Rows; ++r) {
      if (r) s += ",\n        ";
      s += row_text(r);
    }
    return s + "])";
  }
}

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_PRINT_HPP
