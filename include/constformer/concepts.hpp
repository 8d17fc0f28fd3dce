// constformer/concepts.hpp: the public concepts (Scalar, Matrix, MatrixOf).
#ifndef CONSTFORMER_CONCEPTS_HPP
#define CONSTFORMER_CONCEPTS_HPP

#include "constformer/config.hpp"  // first: its floating-point settings precede all code

#include <concepts>     // std::same_as
#include <cstddef>      // std::size_t
#include <type_traits>  // std::remove_cvref_t

namespace constformer {

//! The element types the library computes with: `float` and `double`. Its exp/sqrt are
//! exact to the bit for these two, which is what makes compile-time and run-time agree.
template <class T>
concept Scalar = std::same_as<T, float> || std::same_as<T, double>;

namespace detail {
template <class M>
struct is_matrix : std::false_type {};
}  // namespace detail

//! Any `constformer::matrix<T, Rows, Cols>` (cv/ref ignored).
template <class M>
concept Matrix = detail::is_matrix<std::remove_cvref_t<M>>::value;

//! A matrix of exactly `Rows` x `Cols`.
template <class M, std::size_t Rows, std::size_t Cols>
concept MatrixOf = Matrix<M> && std::remove_cvref_t<M>::rows == Rows &&
                   std::remove_cvref_t<M>::cols == Cols;

}  // namespace constformer

#endif  // CONSTFORMER_CONCEPTS_HPP
