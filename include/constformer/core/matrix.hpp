// constformer/core/matrix.hpp: matrix<T, Rows, Cols>, the fixed-extent storage every layer
// computes on, and vector<T, N> (a 1 x N matrix, like a 1-d torch tensor).
#ifndef CONSTFORMER_CORE_MATRIX_HPP
#define CONSTFORMER_CORE_MATRIX_HPP

#include <bit>          // std::bit_cast, for bit_equal
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t, std::uint64_t
#include <type_traits>  // std::true_type

#include "constformer/concepts.hpp"

namespace constformer {

//! A `Rows` x `Cols` matrix of `T`, stored row-major in a plain 2-d array.
//!
//! A literal aggregate: brace-initialise it the way the notebook writes
//! `torch.tensor([[...], [...]])`, with one extra pair of braces for the aggregate:
//! \code
//! constexpr cf::matrix<float, 2, 3> x{{{0.43f, 0.15f, 0.89f}, {0.55f, 0.87f, 0.66f}}};
//! static_assert(x(1, 2) == 0.66f);
//! \endcode
//! `matrix<T, R, C>{}` is all zeros. The storage is a public plain array (not `std::array`)
//! because the constant evaluators walk it several times cheaper, and compilers vectorise
//! loops over its rows. Extents must be non-zero.
template <Scalar T, std::size_t Rows, std::size_t Cols>
  requires(Rows > 0 && Cols > 0)
struct matrix {
  using value_type = T;                      //!< element type
  static constexpr std::size_t rows = Rows;  //!< number of rows
  static constexpr std::size_t cols = Cols;  //!< number of columns
  static constexpr std::size_t size = Rows * Cols;  //!< number of elements

  //! The elements, row-major. Public so that the type stays an aggregate.
  T elems[Rows][Cols];

  //! Element `(r, c)`; no run-time bounds check, but out-of-bounds is a compile error in
  //! constant evaluation.
  constexpr T& operator()(std::size_t r, std::size_t c) noexcept { return elems[r][c]; }
  //! Element `(r, c)`, read-only; no run-time bounds check.
  constexpr const T& operator()(std::size_t r, std::size_t c) const noexcept { return elems[r][c]; }

  //! Row `r` as a plain array reference, so `m[r][c]` works as in torch.
  constexpr T (&operator[](std::size_t r) noexcept)[Cols] { return elems[r]; }
  //! Row `r` as a read-only plain array reference.
  constexpr const T (&operator[](std::size_t r) const noexcept)[Cols] { return elems[r]; }

  //! Element-wise `==` with floating-point semantics (`-0 == +0`, NaN unequal to itself);
  //! see `bit_equal` for identity of bit patterns.
  friend constexpr bool operator==(const matrix&, const matrix&) noexcept = default;
};

//! A row vector of `N` elements: the shape of a 1-d torch tensor.
//! Shape: 1 x `N`.
//! \code
//! cf::vector<float, 3> v{{{0.43f, 0.15f, 0.89f}}};  // v(0, 2) == 0.89f
//! \endcode
template <Scalar T, std::size_t N>
using vector = matrix<T, 1, N>;

namespace detail {
template <class T, std::size_t Rows, std::size_t Cols>
struct is_matrix<matrix<T, Rows, Cols>> : std::true_type {};

template <class T>
using bits_of = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
}  // namespace detail

//! Builds a matrix from a nested brace list, deducing the extents:
//! `cf::make_matrix<float>({{1, 2}, {3, 4}})` is a 2 x 2 matrix.
//! Shapes: a `Rows` x `Cols` brace list in, `matrix<T, Rows, Cols>` out.
//! \code
//! constexpr auto m = cf::make_matrix<float>({{1, 2, 3}, {4, 5, 6}});  // matrix<float, 2, 3>
//! static_assert(m(1, 0) == 4.0f);
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr matrix<T, Rows, Cols> make_matrix(const T (&rows)[Rows][Cols]) noexcept {
  matrix<T, Rows, Cols> m{};
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) m.elems[r][c] = rows[r][c];
  return m;
}

//! Builds a vector from a brace list: `cf::make_vector<float>({1, 2, 3})`.
//! Shapes: `N` values in, `vector<T, N>` (1 x `N`) out.
//! \code
//! constexpr auto v = cf::make_vector<float>({1, 2, 3});  // vector<float, 3>
//! static_assert(v(0, 2) == 3.0f);
//! \endcode
template <Scalar T, std::size_t N>
constexpr vector<T, N> make_vector(const T (&values)[N]) noexcept {
  vector<T, N> v{};
  for (std::size_t c = 0; c < N; ++c) v.elems[0][c] = values[c];
  return v;
}

//! True when every element of `a` has the same bit pattern as in `b` (so `-0 != +0` and a
//! NaN equals the same NaN). This is what "compile time and run time agree" means here.
//! Shapes: two `Rows` x `Cols` matrices in, `bool` out.
//! \code
//! constexpr auto m = cf::make_matrix<float>({{1, 2}, {3, 4}});
//! static_assert(cf::bit_equal(cf::transpose(cf::transpose(m)), m));
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr bool bit_equal(const matrix<T, Rows, Cols>& a, const matrix<T, Rows, Cols>& b) noexcept {
  using bits = detail::bits_of<T>;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c)
      if (std::bit_cast<bits>(a.elems[r][c]) != std::bit_cast<bits>(b.elems[r][c])) return false;
  return true;
}

//! torch's `allclose(a, b, rtol, atol)`: every `|a - b| <= atol + rtol * |b|`, with equal
//! infinities close and a NaN close to nothing (`equal_nan=False`). For `static_assert`s
//! against reference values; torch's defaults are `rtol = 1e-5`, `atol = 1e-8`.
//! Shapes: two `Rows` x `Cols` matrices in, `bool` out.
//! \code
//! constexpr auto a = cf::make_vector<float>({1.0f, 2.0f});
//! static_assert(cf::allclose(a, cf::make_vector<float>({1.0f, 2.000001f}), 1e-5f, 1e-8f));
//! \endcode
template <Scalar T, std::size_t Rows, std::size_t Cols>
constexpr bool allclose(const matrix<T, Rows, Cols>& a, const matrix<T, Rows, Cols>& b, T rtol = T(1e-5),
                        T atol = T(1e-8)) noexcept {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) {
      const T x = a.elems[r][c], y = b.elems[r][c];
      if (x == y) continue;  // equal values, infinities included
      const T d = x > y ? x - y : y - x;
      const T m = y < T(0) ? -y : y;
      if (!(d <= atol + rtol * m)) return false;  // NaN fails here
    }
  return true;
}

}  // namespace constformer

#endif  // CONSTFORMER_CORE_MATRIX_HPP
