// constformer/detail/value_rows.hpp: rows passed by value, for the constant-evaluation forms of
// the kernels (core/ops.hpp, detail::attend). Never used at run time.
//
// GCC's constant evaluator charges an operation per expression node, and an element of an
// array reached through a reference or a pointer costs about seven nodes (the reference's
// address expression is evaluated again at every use), one of a by-value parameter three. So
// the fold expressions that do the multiply-adds take their rows by value, as small structs of
// the same bytes as the row (`__builtin_bit_cast` of a whole matrix is a handful of
// operations): 8.5 GCC operations per multiply-add instead of 17. Clang charges per statement
// and is indifferent. The sums are the loops' sums: from +0, in increasing index.
#ifndef CONSTFORMER_DETAIL_VALUE_ROWS_HPP
#define CONSTFORMER_DETAIL_VALUE_ROWS_HPP

#include <cstddef>  // std::size_t
#include <utility>  // std::index_sequence

#include "constformer/config.hpp"

namespace constformer::detail {

//! Terms per fold expression: keeps each expression tree shallow for long rows.
inline constexpr std::size_t value_block = 64;

//! `N` elements that travel by value.
template <class T, std::size_t N>
struct row_value {
    T v[N];  //!< the elements
};

//! A row of `N` elements as by-value blocks of `value_block` (the last one shorter; a row
//! of at most `value_block` is one block): the same bytes as `T[N]`.
template <class T, std::size_t N, std::size_t Full = (N <= value_block ? 0 : N / value_block),
          std::size_t Rest = (N <= value_block ? N : N % value_block)>
struct row_blocks {
    row_value<T, value_block> full[Full];  //!< the full blocks
    row_value<T, Rest> rest;               //!< the remaining elements
};
//! A row of a multiple of `value_block` elements.
template <class T, std::size_t N, std::size_t Full>
struct row_blocks<T, N, Full, 0> {
    row_value<T, value_block> full[Full];  //!< the full blocks
};
//! A row of at most `value_block` elements.
template <class T, std::size_t N, std::size_t Rest>
struct row_blocks<T, N, 0, Rest> {
    row_value<T, Rest> rest;  //!< all the elements
};

//! A `Rows` x `Cols` matrix as rows of blocks (the same bytes as `T[Rows][Cols]`).
template <class T, std::size_t Rows, std::size_t Cols>
struct matrix_rows {
    row_blocks<T, Cols> r[Rows];  //!< the rows
};

//! A `Rows` x (`Heads` * `Width`) matrix as `Heads` slices of `Width` per row.
template <class T, std::size_t Rows, std::size_t Heads, std::size_t Width>
struct matrix_heads {
    row_value<T, Width> r[Rows][Heads];  //!< row i, head h
};

//! `s + a[0]*b[0] + ... + a[K-1]*b[K-1]`, added left to right (K = sizeof...(I)).
template <class T, std::size_t K, std::size_t... I>
constexpr T dot_value_block(T s, row_value<T, K> a, row_value<T, K> b, std::index_sequence<I...>) noexcept {
    return (s + ... + (a.v[I] * b.v[I]));
}

//! The dot product of the first `K` full blocks of two rows, from +0 in increasing index.
//! One expression per call: Clang charges per statement.
template <std::size_t K, class T, std::size_t N>
constexpr T dot_value_prefix(const row_blocks<T, N>& a, const row_blocks<T, N>& b) noexcept {
    if constexpr (K == 0) return T{};
    else
        return dot_value_block(dot_value_prefix<K - 1>(a, b), a.full[K - 1], b.full[K - 1],
                               std::make_index_sequence<value_block>{});
}

//! The dot product of two rows of `N`, from +0 in increasing index.
template <class T, std::size_t N>
constexpr T dot_value(const row_blocks<T, N>& a, const row_blocks<T, N>& b) noexcept {
    if constexpr (N <= value_block)
        return dot_value_block(T{}, a.rest, b.rest, std::make_index_sequence<N>{});
    else if constexpr (N % value_block == 0) return dot_value_prefix<N / value_block>(a, b);
    else
        return dot_value_block(dot_value_prefix<N / value_block>(a, b), a.rest, b.rest,
                               std::make_index_sequence<N % value_block>{});
}

//! `o + x * v`, element by element (an axpy on by-value rows).
template <class T, std::size_t K, std::size_t... I>
constexpr row_value<T, K> axpy_value(row_value<T, K> o, T x, row_value<T, K> v,
                                     std::index_sequence<I...>) noexcept {
    return {{(o.v[I] + x * v.v[I])...}};
}

//! `o[I] = r.v[I]` for every I.
template <class T, std::size_t K, std::size_t... I>
constexpr void store_value(T* o, row_value<T, K> r, std::index_sequence<I...>) noexcept {
    ((o[I] = r.v[I]), ...);
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_VALUE_ROWS_HPP
