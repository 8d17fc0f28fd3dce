// constformer/core/batch.hpp: batch<T, Batch, Rows, Cols>, a stack of `Batch` matrices (the
// [B, S, D] tensors that causal and multi-head attention take), and
// head_batch<T, Batch, Heads, Rows, Cols>, a stack of batches (the [B, H, S, S] attention
// weights of multi-head attention).
#ifndef CONSTFORMER_CORE_BATCH_HPP
#define CONSTFORMER_CORE_BATCH_HPP

#include <cstddef>  // std::size_t

#include "constformer/core/matrix.hpp"  // matrix, bit_equal

namespace constformer {

//! `Batch` matrices of `Rows` x `Cols`: a [Batch, Rows, Cols] tensor such as torch's
//! `torch.stack((inputs, inputs), dim=0)`. `x[b]` is the b-th matrix, so `x[b][i][j]`
//! indexes like torch. A literal aggregate like `matrix` (`batch<...>{}` is all zeros);
//! the storage is a public plain array.
//! \code
//! cf::batch<float, 2, 6, 3> xb{};  // [2, 6, 3], all zeros
//! xb[1] = inputs;                   // inputs: cf::matrix<float, 6, 3>
//! float v = xb[1][5][2];            // batch 1, row 5, column 2
//! \endcode
template <Scalar T, std::size_t Batch, std::size_t Rows, std::size_t Cols>
  requires(Batch > 0)
struct batch {
  using value_type = T;                       //!< element type
  using item_type = matrix<T, Rows, Cols>;  //!< type of each matrix of the batch
  static constexpr std::size_t batch_size = Batch;  //!< number of matrices
  static constexpr std::size_t rows = Rows;         //!< rows of each matrix
  static constexpr std::size_t cols = Cols;         //!< columns of each matrix

  //! The matrices, in batch order. Public so that the type stays an aggregate.
  item_type items[Batch];

  //! The b-th matrix; no run-time bounds check (out of bounds is a compile error in
  //! constant evaluation).
  constexpr item_type& operator[](std::size_t b) noexcept { return items[b]; }
  //! The b-th matrix (read-only); no run-time bounds check.
  constexpr const item_type& operator[](std::size_t b) const noexcept { return items[b]; }

  //! Element-wise `==` with floating-point semantics; see `bit_equal` for bit identity.
  friend constexpr bool operator==(const batch&, const batch&) noexcept = default;
};

//! `Batch` x `Heads` matrices of `Rows` x `Cols`: a [Batch, Heads, Rows, Cols] tensor, the
//! shape of multi-head attention weights. `w[b][h]` is the matrix of head h of batch item b.
//! \code
//! cf::head_batch<float, 2, 4, 6, 6> w{};  // [B=2, H=4, 6, 6]
//! cf::matrix<float, 6, 6>& w12 = w[1][2];  // head 2 of batch item 1
//! \endcode
template <Scalar T, std::size_t Batch, std::size_t Heads, std::size_t Rows, std::size_t Cols>
  requires(Batch > 0 && Heads > 0)
struct head_batch {
  using value_type = T;                             //!< element type
  using item_type = batch<T, Heads, Rows, Cols>;  //!< the heads of one batch item
  static constexpr std::size_t batch_size = Batch;  //!< number of batch items
  static constexpr std::size_t heads = Heads;       //!< heads per batch item
  static constexpr std::size_t rows = Rows;         //!< rows of each matrix
  static constexpr std::size_t cols = Cols;         //!< columns of each matrix

  //! The heads of each batch item. Public so that the type stays an aggregate.
  item_type items[Batch];

  //! The heads of batch item b; no run-time bounds check.
  constexpr item_type& operator[](std::size_t b) noexcept { return items[b]; }
  //! The heads of batch item b (read-only); no run-time bounds check.
  constexpr const item_type& operator[](std::size_t b) const noexcept { return items[b]; }

  //! Element-wise `==` with floating-point semantics; see `bit_equal` for bit identity.
  friend constexpr bool operator==(const head_batch&, const head_batch&) noexcept = default;
};

//! True when every element has the same bit pattern in `a` and `b` (see the matrix overload).
//! Shapes: two [`Batch`, `Rows`, `Cols`] batches in, `bool` out.
//! \code
//! cf::batch<float, 2, 6, 3> a{}, b{};
//! bool same = cf::bit_equal(a, b);  // true
//! \endcode
template <Scalar T, std::size_t Batch, std::size_t Rows, std::size_t Cols>
constexpr bool bit_equal(const batch<T, Batch, Rows, Cols>& a, const batch<T, Batch, Rows, Cols>& b) noexcept {
  for (std::size_t i = 0; i < Batch; ++i)
    if (!bit_equal(a.items[i], b.items[i])) return false;
  return true;
}

//! True when every element has the same bit pattern in `a` and `b`.
//! Shapes: two [`Batch`, `Heads`, `Rows`, `Cols`] head batches in, `bool` out.
//! \code
//! auto r1 = mha.forward_intermediates(xb), r2 = mha.forward_intermediates(xb);
//! bool same = cf::bit_equal(r1.weights, r2.weights);  // true
//! \endcode
template <Scalar T, std::size_t Batch, std::size_t Heads, std::size_t Rows, std::size_t Cols>
constexpr bool bit_equal(const head_batch<T, Batch, Heads, Rows, Cols>& a,
                         const head_batch<T, Batch, Heads, Rows, Cols>& b) noexcept {
  for (std::size_t i = 0; i < Batch; ++i)
    if (!bit_equal(a.items[i], b.items[i])) return false;
  return true;
}

//! One head of a [B, Heads, S, S] weights tensor, as a [B, S, S] batch (torch's `w[:, h]`).
//! Shapes: [`Batch`, `Heads`, `Rows`, `Cols`] in, [`Batch`, `Rows`, `Cols`] out.
//! \code
//! cf::head_batch<float, 2, 4, 6, 6> w{};
//! cf::batch<float, 2, 6, 6> w1 = cf::head_of(w, 1);
//! \endcode
template <Scalar T, std::size_t Batch, std::size_t Heads, std::size_t Rows, std::size_t Cols>
constexpr batch<T, Batch, Rows, Cols> head_of(const head_batch<T, Batch, Heads, Rows, Cols>& w, std::size_t h) noexcept {
  batch<T, Batch, Rows, Cols> out{};
  for (std::size_t b = 0; b < Batch; ++b) out.items[b] = w.items[b].items[h];
  return out;
}

}  // namespace constformer

#endif  // CONSTFORMER_CORE_BATCH_HPP
