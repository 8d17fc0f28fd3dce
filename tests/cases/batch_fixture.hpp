// Test helpers for batched tensors: converting between the flat row-major fixture layout
// ([B, S, D] read as B*S rows) and batch / head_batch, and comparing with the README
// tolerance. Usable in static_assert and at run time.
#ifndef CONSTFORMER_TESTS_CASES_BATCH_FIXTURE_HPP
#define CONSTFORMER_TESTS_CASES_BATCH_FIXTURE_HPP

#include <cstddef>

#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"
#include "support/fixture.hpp"

namespace cf_test {

namespace cf = constformer;

//! A [B, S, D] batch from flat row-major data.
template <std::size_t Batch, std::size_t Rows, std::size_t Cols, class T, std::size_t N>
  requires(N == Batch * Rows * Cols)
constexpr cf::batch<T, Batch, Rows, Cols> to_batch(const T (&flat)[N]) {
  cf::batch<T, Batch, Rows, Cols> x{};
  std::size_t n = 0;
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t r = 0; r < Rows; ++r)
      for (std::size_t c = 0; c < Cols; ++c) x.items[b].elems[r][c] = flat[n++];
  return x;
}

//! A [B, H, S, C] head batch from flat row-major data.
template <std::size_t Batch, std::size_t Heads, std::size_t Rows, std::size_t Cols, class T, std::size_t N>
  requires(N == Batch * Heads * Rows * Cols)
constexpr cf::head_batch<T, Batch, Heads, Rows, Cols> to_head_batch(const T (&flat)[N]) {
  cf::head_batch<T, Batch, Heads, Rows, Cols> x{};
  std::size_t n = 0;
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t h = 0; h < Heads; ++h)
      for (std::size_t r = 0; r < Rows; ++r)
        for (std::size_t c = 0; c < Cols; ++c) x.items[b].items[h].elems[r][c] = flat[n++];
  return x;
}

//! A batch stacked into one matrix of B*S rows (the fixture's flat layout).
template <class T, std::size_t Batch, std::size_t Rows, std::size_t Cols>
constexpr cf::matrix<T, Batch * Rows, Cols> flatten(const cf::batch<T, Batch, Rows, Cols>& x) {
  cf::matrix<T, Batch * Rows, Cols> m{};
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t r = 0; r < Rows; ++r)
      for (std::size_t c = 0; c < Cols; ++c) m.elems[b * Rows + r][c] = x.items[b].elems[r][c];
  return m;
}

//! A head batch stacked into one matrix of B*H*S rows.
template <class T, std::size_t Batch, std::size_t Heads, std::size_t Rows, std::size_t Cols>
constexpr cf::matrix<T, Batch * Heads * Rows, Cols> flatten(const cf::head_batch<T, Batch, Heads, Rows, Cols>& x) {
  cf::matrix<T, Batch * Heads * Rows, Cols> m{};
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t h = 0; h < Heads; ++h)
      for (std::size_t r = 0; r < Rows; ++r)
        for (std::size_t c = 0; c < Cols; ++c) m.elems[(b * Heads + h) * Rows + r][c] = x.items[b].items[h].elems[r][c];
  return m;
}

using cf::head_of;  // the weights of one head, [B, S, S] (the wrapper's `heads.h.attn_weights`)

//! A matrix of B*S rows split into a [B, S, D] batch (run-time fixture input).
template <std::size_t Batch, class T, std::size_t AllRows, std::size_t Cols>
  requires(AllRows % Batch == 0)
constexpr cf::batch<T, Batch, AllRows / Batch, Cols> unflatten(const cf::matrix<T, AllRows, Cols>& m) {
  constexpr std::size_t rows = AllRows / Batch;
  cf::batch<T, Batch, rows, Cols> x{};
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < Cols; ++c) x.items[b].elems[r][c] = m.elems[b * rows + r][c];
  return x;
}

//! Every element of a batch close to the flat reference.
template <class T, std::size_t Batch, std::size_t Rows, std::size_t Cols, std::size_t N>
  requires(N == Batch * Rows * Cols)
constexpr bool all_close(const cf::batch<T, Batch, Rows, Cols>& x, const T (&ref)[N]) {
  return all_close(flatten(x), ref);
}

//! Every element of a head batch close to the flat reference.
template <class T, std::size_t Batch, std::size_t Heads, std::size_t Rows, std::size_t Cols, std::size_t N>
  requires(N == Batch * Heads * Rows * Cols)
constexpr bool all_close(const cf::head_batch<T, Batch, Heads, Rows, Cols>& x, const T (&ref)[N]) {
  return all_close(flatten(x), ref);
}

//! Every row of `w` sums to 1 within `(Cols + 2)` units of roundoff: each weight is rounded
//! once when divided by the row sum, and the sum of `Cols` terms adds `Cols - 1` roundings.
template <class T, std::size_t Rows, std::size_t Cols>
constexpr bool rows_sum_to_one(const cf::matrix<T, Rows, Cols>& w) {
  constexpr T eps = sizeof(T) == 4 ? T(0x1p-23) : T(0x1p-52);
  for (std::size_t r = 0; r < Rows; ++r) {
    T s{};
    for (std::size_t c = 0; c < Cols; ++c) s += w.elems[r][c];
    if (abs_of(s - T(1)) > T(Cols + 2) * eps) return false;
  }
  return true;
}

template <class T, std::size_t Batch, std::size_t Rows, std::size_t Cols>
constexpr bool rows_sum_to_one(const cf::batch<T, Batch, Rows, Cols>& w) {
  for (std::size_t b = 0; b < Batch; ++b)
    if (!rows_sum_to_one(w.items[b])) return false;
  return true;
}

template <class T, std::size_t Batch, std::size_t Heads, std::size_t Rows, std::size_t Cols>
constexpr bool rows_sum_to_one(const cf::head_batch<T, Batch, Heads, Rows, Cols>& w) {
  for (std::size_t b = 0; b < Batch; ++b)
    if (!rows_sum_to_one(w.items[b])) return false;
  return true;
}

//! Every entry strictly above the diagonal is +0 exactly (a causal weight matrix).
template <class T, std::size_t S>
constexpr bool upper_is_zero(const cf::matrix<T, S, S>& w) {
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = i + 1; j < S; ++j)
      if (!cf::bit_equal(cf::matrix<T, 1, 1>{{{w.elems[i][j]}}}, cf::matrix<T, 1, 1>{})) return false;
  return true;
}

}  // namespace cf_test

#endif
