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
#include "constformer/detail/fp_bits.hpp"  // CONSTFORMER_BIT_CAST

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

#if defined(__GNUC__) && !defined(__clang__)
//! `K` lanes of `T` as one GCC vector (`vector_size`; `K` a power of two). GCC's evaluator
//! charges an operation on a whole vector as one, so a block's `K` products cost one
//! operation instead of `K`, and reading a lane of a vector costs less than reading an
//! element of a struct: 5.4 operations per multiply-add in a matrix product instead of 8.
//! The lanes are computed as the scalars are (each product and each sum rounded to `T`), so
//! the bits are the plain folds' bits. Clang's evaluator, which charges per statement and
//! not per operation, keeps the plain folds.
template <class T, std::size_t K>
using lanes [[gnu::vector_size(sizeof(T) * K)]] = T;

// These functions only ever run in the constant evaluator, so the calling convention of
// vectors wider than the target's registers (-Wpsabi) never applies to them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

//! `s + p[0] + ... + p[K-1]`, left to right.
template <class T, std::size_t K, std::size_t... I>
constexpr T sum_lanes(T s, lanes<T, K> p, std::index_sequence<I...>) noexcept {
    return (s + ... + p[I]);
}

//! `o + x * v`, lane by lane.
template <class T, std::size_t K>
constexpr lanes<T, K> axpy_lanes(lanes<T, K> o, T x, lanes<T, K> v) noexcept {
    return o + x * v;
}

//! Vectors aligned as `T`: a struct of them has no padding when their sizes decrease.
template <class T, std::size_t K>
using lanes_unaligned [[gnu::vector_size(sizeof(T) * K), gnu::aligned(sizeof(T))]] = T;

//! A block of `K` elements as two vectors, `H` lanes (a power of two) and then `K - H` (a
//! smaller power of two), the same bytes: one bit cast of the block gives both pieces, where
//! splitting the block by value first costs GCC more time and memory than the products.
template <class T, std::size_t K, std::size_t H>
struct lanes_pair {
    lanes_unaligned<T, H> head;  //!< the first `H` elements
    lanes_unaligned<T, K - H> tail;  //!< the others
};

//! `s + a[0]*b[0] + ... + a[K-1]*b[K-1]` on the two pieces, left to right.
template <class T, std::size_t K, std::size_t H>
constexpr T dot_pair(T s, lanes_pair<T, K, H> a, lanes_pair<T, K, H> b) noexcept {
    return sum_lanes<T, K - H>(sum_lanes<T, H>(s, a.head * b.head, std::make_index_sequence<H>{}),
                               a.tail * b.tail, std::make_index_sequence<K - H>{});
}

//! `o + x * v` on the two pieces, lane by lane.
template <class T, std::size_t K, std::size_t H>
constexpr lanes_pair<T, K, H> axpy_pair(lanes_pair<T, K, H> o, T x, lanes_pair<T, K, H> v) noexcept {
    return {o.head + x * v.head, o.tail + x * v.tail};
}
#pragma GCC diagnostic pop

//! True when the blocks of `K` elements of `T` take the vector form.
template <class T, std::size_t K>
inline constexpr bool use_lanes = sizeof(T) == 4 || sizeof(T) == 8;
#else
template <class T, std::size_t K>
inline constexpr bool use_lanes = false;
#endif

//! The largest power of two not above `k` (`k` > 0).
constexpr std::size_t power_of_two_floor(std::size_t k) noexcept {
    std::size_t p = 1;
    while (p <= k / 2) p *= 2;
    return p;
}

//! Whether `k` is two powers of two, the larger first (6 = 4 + 2, 48 = 32 + 16).
constexpr bool two_powers(std::size_t k) noexcept {
    const std::size_t r = k - power_of_two_floor(k);
    return r != 0 && (r & (r - 1)) == 0;
}

//! A block of `K` elements as a power of two of them and the rest (the same bytes).
template <class T, std::size_t K, std::size_t H = power_of_two_floor(K)>
struct split_value {
    row_value<T, H> head;  //!< the first `H` elements
    row_value<T, K - H> tail;  //!< the others
};

//! `s + a[0]*b[0] + ... + a[K-1]*b[K-1]`, added left to right (K = sizeof...(I)).
template <class T, std::size_t K, std::size_t... I>
constexpr T dot_value_block(T s, row_value<T, K> a, row_value<T, K> b, std::index_sequence<I...>) noexcept {
#if defined(__GNUC__) && !defined(__clang__)
    if constexpr (use_lanes<T, K> && (K & (K - 1)) == 0) {
        using v_t = lanes<T, K>;
        return sum_lanes<T, K>(s, CONSTFORMER_BIT_CAST(v_t, a) * CONSTFORMER_BIT_CAST(v_t, b),
                               std::index_sequence<I...>{});
    } else if constexpr (use_lanes<T, K> && two_powers(K)) {
        using pair = lanes_pair<T, K, power_of_two_floor(K)>;
        return dot_pair(s, CONSTFORMER_BIT_CAST(pair, a), CONSTFORMER_BIT_CAST(pair, b));
    } else if constexpr (use_lanes<T, K>) {
        // The power of two first, then the rest: the same terms in the same order.
        using split = split_value<T, K>;
        constexpr std::size_t h = power_of_two_floor(K);
        return dot_value_block(
            dot_value_block(s, CONSTFORMER_BIT_CAST(split, a).head, CONSTFORMER_BIT_CAST(split, b).head,
                            std::make_index_sequence<h>{}),
            CONSTFORMER_BIT_CAST(split, a).tail, CONSTFORMER_BIT_CAST(split, b).tail,
            std::make_index_sequence<K - h>{});
    } else
#endif
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
#if defined(__GNUC__) && !defined(__clang__)
    using row = row_value<T, K>;
    if constexpr (use_lanes<T, K> && (K & (K - 1)) == 0) {
        using v_t = lanes<T, K>;
        return CONSTFORMER_BIT_CAST(
            row, (axpy_lanes<T, K>(CONSTFORMER_BIT_CAST(v_t, o), x, CONSTFORMER_BIT_CAST(v_t, v))));
    } else if constexpr (use_lanes<T, K> && two_powers(K)) {
        using pair = lanes_pair<T, K, power_of_two_floor(K)>;
        return CONSTFORMER_BIT_CAST(
            row, (axpy_pair(CONSTFORMER_BIT_CAST(pair, o), x, CONSTFORMER_BIT_CAST(pair, v))));
    } else if constexpr (use_lanes<T, K>) {
        using split = split_value<T, K>;
        constexpr std::size_t h = power_of_two_floor(K);
        return CONSTFORMER_BIT_CAST(
            row, (split{axpy_value(CONSTFORMER_BIT_CAST(split, o).head, x,
                                   CONSTFORMER_BIT_CAST(split, v).head, std::make_index_sequence<h>{}),
                        axpy_value(CONSTFORMER_BIT_CAST(split, o).tail, x,
                                   CONSTFORMER_BIT_CAST(split, v).tail, std::make_index_sequence<K - h>{})}));
    } else
#endif
        return {{(o.v[I] + x * v.v[I])...}};
}

//! `o[I] = r.v[I]` for every I.
template <class T, std::size_t K, std::size_t... I>
constexpr void store_value(T* o, row_value<T, K> r, std::index_sequence<I...>) noexcept {
    ((o[I] = r.v[I]), ...);
}

//! `o[I] = +0` for every I.
template <class T, std::size_t... I>
constexpr void store_zeros(T* o, std::index_sequence<I...>) noexcept {
    ((o[I] = T{}), ...);
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_VALUE_ROWS_HPP
