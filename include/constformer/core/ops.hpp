// constformer/core/ops.hpp: the operations on matrix: transpose, dot, matmul (and the
// A * B^T form attention scores need), element-wise arithmetic and row-wise reductions.
//
// Every reduction adds its terms in increasing index order starting from +0, and nothing
// is reassociated, so a result is the same bits whether the constant evaluator or the
// processor computes it (given -ffp-contract=off, which the CMake target sets).
#ifndef CONSTFORMER_CORE_OPS_HPP
#define CONSTFORMER_CORE_OPS_HPP

#include <cstddef>      // std::size_t
#include <utility>      // std::index_sequence: the unrolled compile-time kernels

#include "constformer/config.hpp"  // CONSTFORMER_MATMUL_PANEL
#include "constformer/core/matrix.hpp"
#include "constformer/detail/axpy_tile.hpp"  // axpy_rows: the run-time panel kernel
#include "constformer/detail/fp_bits.hpp"     // CONSTFORMER_BIT_CAST, CONSTFORMER_IS_CONSTANT_EVALUATED
#include "constformer/detail/value_rows.hpp"  // matrix_rows, row_blocks, dot_value: by-value rows

namespace constformer {

namespace detail {

// Compile-time kernels. The constant evaluators charge per statement (Clang's steps) or per
// expression node (GCC's ops), so the cheapest constant-evaluated code does many
// multiply-adds in one expression, on arrays indexed by constants. These compute the same
// sums in the same order as the loops (from +0, increasing index), so the bits agree; the
// run-time paths keep the plain loops, which the optimiser vectorises.

//! `s + a[Off]*b[Off] + ... + a[Off+K-1]*b[Off+K-1]`, added left to right (K = sizeof...(I)).
template <std::size_t Off, class T, std::size_t N, std::size_t M, std::size_t... I>
constexpr T dot_block(T s, const T (&a)[N], const T (&b)[M], std::index_sequence<I...>) noexcept {
  return (s + ... + (a[Off + I] * b[Off + I]));
}

inline constexpr std::size_t dot_block_size = 64;  // keeps each fold expression shallow

//! The dot product of the first `N` elements of `a` and `b`, in index order from +0, as
//! one fold expression per block of `dot_block_size` terms.
template <class T, std::size_t N, std::size_t M, std::size_t... Block>
constexpr T dot_fold(const T (&a)[N], const T (&b)[M], std::index_sequence<Block...>) noexcept {
  constexpr std::size_t full = N / dot_block_size;
  T s{};
  ((s = dot_block<Block * dot_block_size>(s, a, b, std::make_index_sequence<dot_block_size>{})), ...);
  return dot_block<full * dot_block_size>(s, a, b, std::make_index_sequence<N % dot_block_size>{});
}

template <class T, std::size_t N, std::size_t M>
constexpr T dot_fold(const T (&a)[N], const T (&b)[M]) noexcept {
  return dot_fold(a, b, std::make_index_sequence<N / dot_block_size>{});
}

//! Elements [Off, Off + sizeof...(C)) of row `r` of `m` into column `r` of `t`, one expression.
template <std::size_t Off, class T, std::size_t Rows, std::size_t Cols, std::size_t... C>
constexpr void transpose_row(T (&t)[Cols][Rows], const T (&m)[Cols], std::size_t r,
                             std::index_sequence<C...>) noexcept {
  ((t[Off + C][r] = m[Off + C]), ...);
}

//! Row `r` of `m` into column `r` of `t`, one expression per 64 elements (a fold expression of
//! thousands of terms is too deep for Clang).
template <class T, std::size_t Rows, std::size_t Cols, std::size_t... B>
constexpr void transpose_row_blocks(T (&t)[Cols][Rows], const T (&m)[Cols], std::size_t r,
                                    std::index_sequence<B...>) noexcept {
  (transpose_row<B * dot_block_size>(t, m, r, std::make_index_sequence<dot_block_size>{}), ...);
  if constexpr (Cols % dot_block_size != 0)
    transpose_row<Cols / dot_block_size * dot_block_size>(t, m, r, std::make_index_sequence<Cols % dot_block_size>{});
}

//! `s + p[0]*q[0] + ... + p[n-1]*q[n-1]`, left to right, for a length known only at run
//! time: blocks of 16 terms in one expression each, then the rest one by one.
template <class T, std::size_t... I>
constexpr T dot_block16(T s, const T* p, const T* q, std::index_sequence<I...>) noexcept {
  return (s + ... + (p[I] * q[I]));
}
template <class T>
constexpr T dot_acc(T s, const T* p, const T* q, std::size_t n) noexcept {
  for (; n >= 16; n -= 16, p += 16, q += 16) s = dot_block16(s, p, q, std::make_index_sequence<16>{});
  for (; n != 0; --n, ++p, ++q) s = s + *p * *q;
  return s;
}

//! `o[c] = o[c] + x * v[c]` for c < n (an axpy), in blocks of 16 as `dot_acc`.
template <class T, std::size_t... I>
constexpr void axpy_block16(T* o, T x, const T* v, std::index_sequence<I...>) noexcept {
  ((o[I] = o[I] + x * v[I]), ...);
}
template <class T>
constexpr void axpy(T* o, T x, const T* v, std::size_t n) noexcept {
  for (; n >= 16; n -= 16, o += 16, v += 16) axpy_block16(o, x, v, std::make_index_sequence<16>{});
  for (; n != 0; --n, ++o, ++v) *o = *o + x * *v;
}

}  // namespace detail

template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Cols, Rows> transpose(const matrix<T, Rows, Cols>& m) noexcept;

namespace detail {
#ifdef CONSTFORMER_DETAIL_CLANG_LANES
//! Rows [first, last) of `a * b` for Clang's constant evaluator (detail/value_rows.hpp): each
//! output row is a row of vectors that adds `a[i][k] * b[k]` for k = 0, 1, ...: the sum of
//! the dot product, from +0 in increasing k, computed a whole row at a time.
template <class T, std::size_t Rows, std::size_t Inner, std::size_t Cols>
constexpr void matmul_lanes(const matrix<T, Rows, Inner>& a, const matrix<T, Inner, Cols>& b,
                            matrix<T, Rows, Cols>& out, std::size_t first, std::size_t last) noexcept {
  struct b_rows {
    lane_row<T, Cols> r[Inner];
  };
  using a_row = row_value<T, Inner>;
  using o_row = row_value<T, Cols>;
  const b_rows bv = CONSTFORMER_BIT_CAST(b_rows, b);
  for (std::size_t i = first; i < last; ++i) {
    lane_row<T, Cols> o{};
    row_times_lanes(o, CONSTFORMER_BIT_CAST(a_row, a.elems[i]), bv.r, std::make_index_sequence<Inner / value_block>{});
    const o_row oi = CONSTFORMER_BIT_CAST(o_row, o);
    store_row(out.elems[i], oi, std::make_index_sequence<Cols / value_block>{});
  }
}
#endif

//! `matmul_transposed_rows` for the constant evaluator: by-value rows (detail/value_rows.hpp),
//! half GCC's operations per multiply-add. A function of its own so that its copy of `b`
//! is never part of a run-time frame.
template <class T, std::size_t Rows, std::size_t LhsCols, std::size_t Cols>
constexpr void matmul_transposed_constant(const matrix<T, Rows, LhsCols>& a, const matrix<T, Cols, LhsCols>& b,
                                          matrix<T, Rows, Cols>& out, std::size_t first, std::size_t last) noexcept {
#ifdef CONSTFORMER_DETAIL_CLANG_LANES
  matmul_lanes(a, transpose(b), out, first, last);
#else
  using b_rows = matrix_rows<T, Cols, LhsCols>;
  using a_row = row_blocks<T, LhsCols>;
  const b_rows bv = CONSTFORMER_BIT_CAST(b_rows, b);
  for (std::size_t i = first; i < last; ++i) {
    const a_row ai = CONSTFORMER_BIT_CAST(a_row, a.elems[i]);
    T(&o)[Cols] = out.elems[i];
    for (std::size_t j = 0; j < Cols; ++j) o[j] = dot_value(ai, bv.r[j]);
  }
#endif
}

//! `matmul_into` for the constant evaluator: the same dot products against the columns of
//! `b`, the same sums in the same order.
template <class T, std::size_t Rows, std::size_t Inner, std::size_t Cols>
constexpr void matmul_constant(const matrix<T, Rows, Inner>& a, const matrix<T, Inner, Cols>& b,
                               matrix<T, Rows, Cols>& out) noexcept {
#ifdef CONSTFORMER_DETAIL_CLANG_LANES
  matmul_lanes(a, b, out, 0, Rows);
#else
  matmul_transposed_constant(a, transpose(b), out, 0, Rows);
#endif
}
}  // namespace detail

//! `m` transposed: `Cols` x `Rows`.
//! Shapes: `Rows` x `Cols` in, `Cols` x `Rows` out.
//! \code
//! cf::matrix<float, 2, 3> m{};
//! cf::matrix<float, 3, 2> t = cf::transpose(m);
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Cols, Rows> transpose(const matrix<T, Rows, Cols>& m) noexcept {
  matrix<T, Cols, Rows> t{};
  if (CONSTFORMER_IS_CONSTANT_EVALUATED()) {
    for (std::size_t r = 0; r < Rows; ++r)
      if constexpr (Cols <= detail::dot_block_size)
        detail::transpose_row<0>(t.elems, m.elems[r], r, std::make_index_sequence<Cols>{});
      else
        detail::transpose_row_blocks(t.elems, m.elems[r], r, std::make_index_sequence<Cols / detail::dot_block_size>{});
    return t;
  }
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) t.elems[c][r] = m.elems[r][c];
  return t;
}

//! Dot product of two vectors of the same length, summed in index order.
//! Shapes: two 1 x `N` vectors in, a scalar `T` out.
//! \code
//! constexpr auto a = cf::make_vector<float>({1, 2, 3});
//! static_assert(cf::dot(a, a) == 14.0f);
//! \endcode
template <Scalar T, std::size_t N, std::size_t M>
  requires(N == M)
constexpr T dot(const vector<T, N>& a, const vector<T, M>& b) noexcept {
  T s{};
  for (std::size_t k = 0; k < N; ++k) s += a.elems[0][k] * b.elems[0][k];
  return s;
}

//! Matrix product `a * b` written into `out`: (`Rows` x `LhsCols`) * (`RhsRows` x `Cols`),
//! requiring `LhsCols == RhsRows`. Rows*LhsCols*Cols multiply-adds; each output element sums
//! its terms from +0 in increasing inner index. i-k-j order at run time: the inner loop runs
//! along contiguous rows of `b` and of `out`, which vectorises without reassociating a sum.
//! `out` must not alias `a` or `b`. Uses no stack beyond a few scalars.
//! Shapes: `Rows` x `LhsCols` and `RhsRows` x `Cols` in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 3, 2> w{};
//! cf::matrix<float, 6, 2> y;
//! cf::matmul_into(x, w, y);  // y == cf::matmul(x, w)
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t LhsCols, std::size_t RhsRows, std::size_t Cols>
  requires(LhsCols == RhsRows)
constexpr void matmul_into(const matrix<T, Rows, LhsCols>& a, const matrix<T, RhsRows, Cols>& b,
                           matrix<T, Rows, Cols>& out) noexcept {
  if (CONSTFORMER_IS_CONSTANT_EVALUATED()) {
    // In a function of its own, so that its transposed copy of `b` is never in this frame.
    detail::matmul_constant(a, b, out);
    return;
  }
  for (std::size_t i = 0; i < Rows; ++i) {
    T* o = out.elems[i];
    for (std::size_t j = 0; j < Cols; ++j) o[j] = T(0);
    for (std::size_t k = 0; k < LhsCols; ++k) {
      const T aik = a.elems[i][k];
      const T* bk = b.elems[k];
      for (std::size_t j = 0; j < Cols; ++j) o[j] += aik * bk[j];
    }
  }
}

//! Matrix product `a * b` (see `matmul_into`), returned by value.
//! Shapes: `Rows` x `LhsCols` and `RhsRows` x `Cols` in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 3, 2> w{};
//! cf::matrix<float, 6, 2> y = cf::matmul(x, w);
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t LhsCols, std::size_t RhsRows, std::size_t Cols>
  requires(LhsCols == RhsRows)
constexpr matrix<T, Rows, Cols> matmul(const matrix<T, Rows, LhsCols>& a, const matrix<T, RhsRows, Cols>& b) noexcept {
  matrix<T, Rows, Cols> out{};
  matmul_into(a, b, out);
  return out;
}

namespace detail {
//! Rows [first, last) of `matmul_transposed_into(a, b, out)`; the other rows are untouched.
template <class T, std::size_t Rows, std::size_t LhsCols, std::size_t Cols>
constexpr void matmul_transposed_rows(const matrix<T, Rows, LhsCols>& a, const matrix<T, Cols, LhsCols>& b,
                                      matrix<T, Rows, Cols>& out, std::size_t first, std::size_t last) noexcept {
  if (CONSTFORMER_IS_CONSTANT_EVALUATED()) {
    matmul_transposed_constant(a, b, out, first, last);
    return;
  }
#if CONSTFORMER_MATMUL_PANEL
  // Run time: a dot product per element is a serial chain of adds that no compiler may
  // vectorise without reassociating. Instead, transpose `b` a panel (at most 64 x 64) at a
  // time and run i-k-j over it: the inner loop runs along contiguous panel rows and output
  // rows, each lane a different output element. Each element still adds its terms from +0
  // (`out` starts zeroed) in increasing k: panels along k are taken in increasing order and
  // the partial sum in `out` is stored exactly, so the bits are the dot product's. (The first
  // panel along k starts each sum from +0; the next ones continue from `out`.)
  constexpr std::size_t panel_cols = Cols < 64 ? Cols : 64;
  constexpr std::size_t panel_inner = LhsCols < 64 ? LhsCols : 64;
  T panel[panel_inner][panel_cols];
  for (std::size_t j0 = 0; j0 < Cols; j0 += panel_cols) {
    const std::size_t nj = Cols - j0 < panel_cols ? Cols - j0 : panel_cols;
    for (std::size_t k0 = 0; k0 < LhsCols; k0 += panel_inner) {
      const std::size_t nk = LhsCols - k0 < panel_inner ? LhsCols - k0 : panel_inner;
      detail::simd_transpose(b.elems + j0, k0, panel, nj, nk);
      // Four output rows at a time, held in registers over the panel (detail/axpy_tile.hpp).
      const std::size_t last4 = first + (last - first) / 4 * 4;
      for (std::size_t i = first; i < last4; i += 4) {
        constexpr std::size_t n4[4] = {0, 0, 0, 0};
        T* const o4[4] = {out.elems[i] + j0, out.elems[i + 1] + j0, out.elems[i + 2] + j0, out.elems[i + 3] + j0};
        detail::axpy_rows<false>(a.elems, i, k0, panel, 0, nj, nk, n4, o4, k0 != 0);
      }
      for (std::size_t i = last4; i < last; ++i) {
        constexpr std::size_t n1[1] = {0};
        T* const o1[1] = {out.elems[i] + j0};
        detail::axpy_rows<false>(a.elems, i, k0, panel, 0, nj, nk, n1, o1, k0 != 0);
      }
    }
  }
#else
  // Small-stack builds (freestanding by default): one dot product per element, no panel.
  for (std::size_t i = first; i < last; ++i) {
    const T* ai = a.elems[i];
    for (std::size_t j = 0; j < Cols; ++j) {
      const T* bj = b.elems[j];
      T s{};
      for (std::size_t k = 0; k < LhsCols; ++k) s += ai[k] * bj[k];
      out.elems[i][j] = s;
    }
  }
#endif
}

}  // namespace detail

//! `a * transpose(b)` without forming the transpose: (`Rows` x `Inner`) * (`Cols` x `Inner`)^T,
//! element (i, j) is the dot product of row i of `a` and row j of `b`. Bit-identical to
//! `matmul(a, transpose(b))`. This is `X X^T` and `Q K^T` of the notebook.
//! Written into `out`, which must not alias `a` or `b`; the run-time form uses a stack
//! panel of at most 64 x 64 elements (`CONSTFORMER_MATMUL_PANEL`), whatever the extents.
//! Shapes: `Rows` x `Inner` and `Cols` x `Inner` in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 6, 6> scores;
//! cf::matmul_transposed_into(x, x, scores);  // x x^T
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t LhsCols, std::size_t Cols, std::size_t RhsCols>
  requires(LhsCols == RhsCols)
constexpr void matmul_transposed_into(const matrix<T, Rows, LhsCols>& a, const matrix<T, Cols, RhsCols>& b,
                                      matrix<T, Rows, Cols>& out) noexcept {
  detail::matmul_transposed_rows(a, b, out, 0, Rows);
}

//! `a * transpose(b)` (see `matmul_transposed_into`), returned by value. This is `X X^T`
//! and `Q K^T` of the notebook.
//! Shapes: `Rows` x `Inner` and `Cols` x `Inner` in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 6, 6> scores = cf::matmul_transposed(x, x);  // x x^T
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t LhsCols, std::size_t Cols, std::size_t RhsCols>
  requires(LhsCols == RhsCols)
constexpr matrix<T, Rows, Cols> matmul_transposed(const matrix<T, Rows, LhsCols>& a,
                                                  const matrix<T, Cols, RhsCols>& b) noexcept {
  matrix<T, Rows, Cols> out{};
  matmul_transposed_into(a, b, out);
  return out;
}

//! Element-wise sum of two matrices of the same shape.
//! Shapes: two `Rows` x `Cols` matrices in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 2, 3> a{}, b{};
//! cf::matrix<float, 2, 3> c = a + b;
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> operator+(const matrix<T, Rows, Cols>& a, const matrix<T, Rows, Cols>& b) noexcept {
  matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) out.elems[r][c] = a.elems[r][c] + b.elems[r][c];
  return out;
}

//! Element-wise difference of two matrices of the same shape.
//! Shapes: two `Rows` x `Cols` matrices in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 2, 3> a{}, b{};
//! cf::matrix<float, 2, 3> d = a - b;
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> operator-(const matrix<T, Rows, Cols>& a, const matrix<T, Rows, Cols>& b) noexcept {
  matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) out.elems[r][c] = a.elems[r][c] - b.elems[r][c];
  return out;
}

//! Every element multiplied by the scalar `s`.
//! Shapes: `Rows` x `Cols` and a scalar `T` (exactly `T`: `2.0f` for float) in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 2, 3> m{};
//! cf::matrix<float, 2, 3> y = m * 2.0f;
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> operator*(const matrix<T, Rows, Cols>& m, T s) noexcept {
  matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) out.elems[r][c] = m.elems[r][c] * s;
  return out;
}

//! Every element divided by the scalar `s` (a true division, not a multiplication by 1/s).
//! Shapes: `Rows` x `Cols` and a scalar `T` in, `Rows` x `Cols` out.
//! \code
//! cf::matrix<float, 6, 6> scores{};
//! auto scaled = scores / cf::math::sqrt(2.0f);  // 6 x 6
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> operator/(const matrix<T, Rows, Cols>& m, T s) noexcept {
  matrix<T, Rows, Cols> out{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) out.elems[r][c] = m.elems[r][c] / s;
  return out;
}

//! Sum of each row, in column order: a vector of `Rows` (torch's `.sum(dim=-1)`).
//! Shapes: `Rows` x `Cols` in, 1 x `Rows` out.
//! \code
//! constexpr auto m = cf::make_matrix<float>({{1, 2}, {3, 4}});
//! static_assert(cf::row_sum(m) == cf::make_vector<float>({3, 7}));
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr vector<T, Rows> row_sum(const matrix<T, Rows, Cols>& m) noexcept {
  vector<T, Rows> out{};
  for (std::size_t r = 0; r < Rows; ++r) {
    T s{};
    for (std::size_t c = 0; c < Cols; ++c) s += m.elems[r][c];
    out.elems[0][r] = s;
  }
  return out;
}

//! Largest element of each row (NaN elements are skipped unless the row is all NaN).
//! Shapes: `Rows` x `Cols` in, 1 x `Rows` out.
//! \code
//! constexpr auto m = cf::make_matrix<float>({{1, 5}, {3, 4}});
//! static_assert(cf::row_max(m) == cf::make_vector<float>({5, 4}));
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr vector<T, Rows> row_max(const matrix<T, Rows, Cols>& m) noexcept {
  vector<T, Rows> out{};
  for (std::size_t r = 0; r < Rows; ++r) {
    T best = m.elems[r][0];
    for (std::size_t c = 1; c < Cols; ++c) best = (m.elems[r][c] > best || best != best) ? m.elems[r][c] : best;
    out.elems[0][r] = best;
  }
  return out;
}

//! Sum of all elements, row by row in index order (torch's `.sum()` on a 1-d tensor).
//! Shapes: `Rows` x `Cols` in, a scalar `T` out.
//! \code
//! static_assert(cf::sum(cf::make_vector<float>({1, 2, 3})) == 6.0f);
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr T sum(const matrix<T, Rows, Cols>& m) noexcept {
  T s{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) s += m.elems[r][c];
  return s;
}

//! Row `r` of `m` as a vector.
//! Shapes: `Rows` x `Cols` in, 1 x `Cols` out.
//! \code
//! cf::matrix<float, 6, 3> inputs{};
//! cf::vector<float, 3> x2 = cf::row(inputs, 1);  // the notebook's inputs[1]
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr vector<T, Cols> row(const matrix<T, Rows, Cols>& m, std::size_t r) noexcept {
  vector<T, Cols> out{};
  for (std::size_t c = 0; c < Cols; ++c) out.elems[0][c] = m.elems[r][c];
  return out;
}

}  // namespace constformer

#endif  // CONSTFORMER_CORE_OPS_HPP
