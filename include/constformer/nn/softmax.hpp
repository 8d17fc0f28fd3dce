// constformer/nn/softmax.hpp: the notebook's three normalisations of attention scores,
// applied to each row of a matrix (a vector is a 1 x N matrix, so it is one row):
// normalize_by_sum, softmax_naive and the numerically stable softmax.
#ifndef CONSTFORMER_NN_SOFTMAX_HPP
#define CONSTFORMER_NN_SOFTMAX_HPP

#include <cstddef>  // std::size_t

#include "constformer/core/matrix.hpp"
#include "constformer/math/exp.hpp"  // math::exp

namespace constformer {

namespace detail {
//! The stable softmax of `n` values of `x` into `o` (which may be `x`): the maximum, then
//! `exp(x - max)` summed as computed, then each divided by the sum.
template <class T>
constexpr void softmax_row(const T* x, T* o, std::size_t n) noexcept {
  T m = x[0];
  for (std::size_t c = 1; c < n; ++c) m = x[c] > m ? x[c] : m;
  T s{};  // summed as the exponentials are computed: the same order, one pass fewer
  for (std::size_t c = 0; c < n; ++c) s += (o[c] = math::exp(x[c] - m));
  for (std::size_t c = 0; c < n; ++c) o[c] = o[c] / s;
}
}  // namespace detail

//! Each row divided by its sum: `x / x.sum(dim=-1)` (notebook step 2). Rows summing to zero
//! give inf/NaN as in torch.
//! Shapes: `Rows` x `Cols` in and out.
//! \code
//! constexpr auto w = cf::normalize_by_sum(cf::make_vector<float>({1, 1, 2}));
//! static_assert(w == cf::make_vector<float>({0.25f, 0.25f, 0.5f}));
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> normalize_by_sum(const matrix<T, Rows, Cols>& x) noexcept {
  matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r) {
    const T* xr = x.elems[r];
    T s{};
    for (std::size_t c = 0; c < Cols; ++c) s += xr[c];
    for (std::size_t c = 0; c < Cols; ++c) out.elems[r][c] = xr[c] / s;
  }
  return out;
}

//! The naive softmax of each row, `exp(x) / exp(x).sum()`, as the notebook's `softmax_func`.
//! Overflows to inf/NaN once an element exceeds ~88 (float) or ~709 (double): use `softmax`.
//! Shapes: `Rows` x `Cols` in and out.
//! \code
//! auto w = cf::softmax_naive(cf::make_vector<float>({0.9544f, 1.4950f}));  // 1 x 2
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> softmax_naive(const matrix<T, Rows, Cols>& x) noexcept {
  matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r) {
    T* o = out.elems[r];
    const T* xr = x.elems[r];
    T s{};
    for (std::size_t c = 0; c < Cols; ++c) s += (o[c] = math::exp(xr[c]));
    for (std::size_t c = 0; c < Cols; ++c) o[c] = o[c] / s;
  }
  return out;
}

//! The numerically stable softmax of each row (`torch.softmax(x, dim=-1)`):
//! `exp(x - max) / sum(exp(x - max))`. Never overflows for finite input; `-inf` entries
//! (masked scores) get weight exactly 0. A row whose entries are all `-inf` has no
//! maximum to subtract and gives NaN, as in torch. NaN in a row makes the row NaN.
//! Shapes: `Rows` x `Cols` in and out.
//! \code
//! cf::matrix<float, 6, 6> scores{};
//! cf::matrix<float, 6, 6> weights = cf::softmax(scores);  // each row sums to ~1
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> softmax(const matrix<T, Rows, Cols>& x) noexcept {
  matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r) detail::softmax_row(x.elems[r], out.elems[r], Cols);
  return out;
}

}  // namespace constformer

#endif  // CONSTFORMER_NN_SOFTMAX_HPP
