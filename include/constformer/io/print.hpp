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
// Integral in torch's sense; non-finite values do not decide it. Checked without a cast to
// an integer type, which would be undefined for inf, NaN and huge values.
template <class T>
bool all_integral(const T* v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(v[i]);
    if (x != x || x - x != 0.0) continue;  // NaN or inf
    if (x >= 0x1p52 || x <= -0x1p52) continue;  // every such double is an integer
    const double t = static_cast<double>(static_cast<long long>(x));
    if (t != x) return false;
  }
  return true;
}
inline std::string format_value(double v, bool integral, int decimals) {
  if (v != v) return "nan";
  if (v - v != 0.0) return v > 0 ? "inf" : "-inf";
  char buf[352];  // room for the largest double in %f
  if (integral)
    std::snprintf(buf, sizeof buf, "%.0f.", v);
  else
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}
}  // namespace detail

//! A scalar as torch prints a 0-d tensor: `tensor(1.0000)`, or `tensor(1.)` when integral.
//! Shapes: a scalar in.
//! \code
//! std::string s = cf::io::format_tensor(1.0f);        // "tensor(1.)"
//! std::string t = cf::io::format_tensor(0.5f, 2);     // "tensor(0.50)"
//! \endcode
template <Scalar T>
std::string format_tensor(T value, int decimals = 4) {
  return "tensor(" + detail::format_value(static_cast<double>(value), detail::all_integral(&value, 1), decimals) + ")";
}

//! A matrix as torch prints it with `precision=decimals`: a 1 x N matrix prints as a 1-d
//! tensor (`tensor([a, b])`), anything else as rows (`tensor([[a, b],\n        [c, d]])`).
//! Like torch, when every element is an integer the values print as `1.`, values are
//! right-aligned to a common width (`-0.0739,  0.0713`), and inf/NaN print as `inf`, `nan`.
//! Shapes: any `Rows` x `Cols`; 1 x `N` prints as a 1-d tensor.
//! \code
//! auto v = cf::make_vector<float>({0.9544f, 1.4950f});
//! std::puts(cf::io::format_tensor(v).c_str());  // tensor([0.9544, 1.4950])
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
std::string format_tensor(const matrix<T, Rows, Cols>& m, int decimals = 4) {
  const bool integral = [&] {
    for (std::size_t r = 0; r < Rows; ++r)
      if (!detail::all_integral(m.elems[r], Cols)) return false;
    return true;
  }();
  std::size_t width = 0;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) {
      const std::size_t w = detail::format_value(static_cast<double>(m.elems[r][c]), integral, decimals).size();
      width = w > width ? w : width;
    }
  auto row_text = [&](std::size_t r) {
    std::string s = "[";
    for (std::size_t c = 0; c < Cols; ++c) {
      if (c) s += ", ";
      const std::string v = detail::format_value(static_cast<double>(m.elems[r][c]), integral, decimals);
      s += std::string(width - v.size(), ' ') + v;
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
