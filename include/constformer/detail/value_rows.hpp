// constformer/detail/value_rows.hpp: rows passed by value, for the constant-evaluation forms of
// the kernels (core/ops.hpp, detail::attend). Never used at run time.
//
// GCC's constant evaluator charges an operation per expression node, and an element of an
// array reached through a reference or a pointer costs about seven nodes (the reference's
// address expression is evaluated again at every use), one of a by-value parameter three. So
// the fold expressions that do the multiply-adds take their rows by value, as blocks of the
// same bytes as the row (`__builtin_bit_cast` of a whole matrix is a handful of operations):
// 8.5 GCC operations per multiply-add instead of 17. Clang charges per statement and is
// indifferent. The sums are the loops' sums: from +0, in increasing index.
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

//! How a block of `K` elements travels: `row_value`, unless the GCC form below applies.
template <class T, std::size_t K>
struct block_type {
    using type = row_value<T, K>;  //!< the block
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

//! Vectors aligned as `T`: a struct of them has no padding when their sizes decrease.
template <class T, std::size_t K>
using lanes_unaligned [[gnu::vector_size(sizeof(T) * K), gnu::aligned(sizeof(T))]] = T;

//! A block of `K` elements as two vectors, `H` lanes (a power of two) and then `K - H` (a
//! smaller power of two), the same bytes.
template <class T, std::size_t K, std::size_t H>
struct lanes_pair {
    lanes_unaligned<T, H> head;  //!< the first `H` elements
    lanes_unaligned<T, K - H> tail;  //!< the others
};

//! True when the blocks of `K` elements of `T` take the vector form.
template <class T, std::size_t K>
inline constexpr bool use_lanes = sizeof(T) == 4 || sizeof(T) == 8;

//! On GCC the blocks are the vectors themselves, so that the bit cast of a whole matrix or
//! row gives them at once: a bit cast builds every element anew, and one per dot product
//! (of both rows) took two thirds of the memory of a matrix product in constant evaluation
//! (64 x 64 times 64 x 64 in float: 134 MB against 46 MB) and a third of its time.
template <class T, std::size_t K>
    requires(use_lanes<T, K> && (K & (K - 1)) == 0)
struct block_type<T, K> {
    using type = lanes_unaligned<T, K>;  //!< the block
};
template <class T, std::size_t K>
    requires(use_lanes<T, K> && two_powers(K))
struct block_type<T, K> {
    using type = lanes_pair<T, K, power_of_two_floor(K)>;  //!< the block
};
#else
template <class T, std::size_t K>
inline constexpr bool use_lanes = false;
#endif

//! A block of `K` elements, by value: the same bytes as `T[K]`.
template <class T, std::size_t K>
using block = typename block_type<T, K>::type;

//! A row of `N` elements as by-value blocks of `value_block` (the last one shorter; a row
//! of at most `value_block` is one block): the same bytes as `T[N]`.
template <class T, std::size_t N, std::size_t Full = (N <= value_block ? 0 : N / value_block),
          std::size_t Rest = (N <= value_block ? N : N % value_block)>
struct row_blocks {
    block<T, value_block> full[Full];  //!< the full blocks
    block<T, Rest> rest;               //!< the remaining elements
};
//! A row of a multiple of `value_block` elements.
template <class T, std::size_t N, std::size_t Full>
struct row_blocks<T, N, Full, 0> {
    block<T, value_block> full[Full];  //!< the full blocks
};
//! A row of at most `value_block` elements.
template <class T, std::size_t N, std::size_t Rest>
struct row_blocks<T, N, 0, Rest> {
    block<T, Rest> rest;  //!< all the elements
};

//! A `Rows` x `Cols` matrix as rows of blocks (the same bytes as `T[Rows][Cols]`).
template <class T, std::size_t Rows, std::size_t Cols>
struct matrix_rows {
    row_blocks<T, Cols> r[Rows];  //!< the rows
};

// These functions only ever run in the constant evaluator, so the calling convention of
// vectors wider than the target's registers (-Wpsabi) never applies to them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

//! `s + p[0] + ... + p[K-1]`, left to right.
template <class T, std::size_t K, std::size_t... I>
constexpr T sum_lanes(T s, lanes<T, K> p, std::index_sequence<I...>) noexcept {
    return (s + ... + p[I]);
}

//! A block of `K` elements (neither a power of two nor two of them) as a power of two of them
//! and the rest (the same bytes).
template <class T, std::size_t K, std::size_t H = power_of_two_floor(K)>
struct split_value {
    block<T, H> head;      //!< the first `H` elements
    block<T, K - H> tail;  //!< the others
};
#endif

//! `s + a[0]*b[0] + ... + a[K-1]*b[K-1]`, added left to right (K = sizeof...(I)).
template <class T, std::size_t... I>
constexpr T dot_value_block(T s, block<T, sizeof...(I)> a, block<T, sizeof...(I)> b,
                            std::index_sequence<I...>) noexcept {
#if defined(__GNUC__) && !defined(__clang__)
    constexpr std::size_t K = sizeof...(I);
    if constexpr (use_lanes<T, K> && (K & (K - 1)) == 0) {
        return sum_lanes<T, K>(s, a * b, std::index_sequence<I...>{});
    } else if constexpr (use_lanes<T, K> && two_powers(K)) {
        constexpr std::size_t h = power_of_two_floor(K);
        return sum_lanes<T, K - h>(sum_lanes<T, h>(s, a.head * b.head, std::make_index_sequence<h>{}),
                                   a.tail * b.tail, std::make_index_sequence<K - h>{});
    } else if constexpr (use_lanes<T, K>) {
        // The power of two first, then the rest: the same terms in the same order.
        using split = split_value<T, K>;
        constexpr std::size_t h = power_of_two_floor(K);
        const split sa = CONSTFORMER_BIT_CAST(split, a), sb = CONSTFORMER_BIT_CAST(split, b);
        return dot_value_block(dot_value_block(s, sa.head, sb.head, std::make_index_sequence<h>{}), sa.tail,
                               sb.tail, std::make_index_sequence<K - h>{});
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

//! `o + x * v`, element by element (an axpy on by-value blocks).
template <class T, std::size_t... I>
constexpr block<T, sizeof...(I)> axpy_value(block<T, sizeof...(I)> o, T x, block<T, sizeof...(I)> v,
                                            std::index_sequence<I...>) noexcept {
#if defined(__GNUC__) && !defined(__clang__)
    constexpr std::size_t K = sizeof...(I);
    if constexpr (use_lanes<T, K> && (K & (K - 1)) == 0) {
        return o + x * v;
    } else if constexpr (use_lanes<T, K> && two_powers(K)) {
        return {o.head + x * v.head, o.tail + x * v.tail};
    } else if constexpr (use_lanes<T, K>) {
        using split = split_value<T, K>;
        constexpr std::size_t h = power_of_two_floor(K);
        const split so = CONSTFORMER_BIT_CAST(split, o), sv = CONSTFORMER_BIT_CAST(split, v);
        using B = block<T, K>;
        return CONSTFORMER_BIT_CAST(
            B, (split{axpy_value(so.head, x, sv.head, std::make_index_sequence<h>{}),
                      axpy_value(so.tail, x, sv.tail, std::make_index_sequence<K - h>{})}));
    } else
#endif
        return {{(o.v[I] + x * v.v[I])...}};
}

//! `o[I] = r[I]` for every I of a block.
template <class T, std::size_t... I>
constexpr void store_value(T* o, block<T, sizeof...(I)> r, std::index_sequence<I...>) noexcept {
    using E = row_value<T, sizeof...(I)>;
    if constexpr (!use_lanes<T, sizeof...(I)>) {
        ((o[I] = r.v[I]), ...);  // the block is the elements (Clang): no bit cast
    } else {
        const E e = CONSTFORMER_BIT_CAST(E, r);
        ((o[I] = e.v[I]), ...);
    }
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#if defined(__clang__) && __clang_major__ >= 19 && !defined(__apple_build_version__)
//! Clang 19's evaluator computes an operation on whole vectors natively, lane by lane, with
//! the same rounding as on scalars; reading an element of an array costs it far more than
//! the multiply-add. So its matrix products take the i-k-j (axpy) order on rows of vectors:
//! no element is read in the inner loop, and each output element still sums its products
//! from +0 in increasing k, the dot product's sum. (Clang 14 cannot bit cast a vector in a
//! constant expression and keeps the dot products.)
#define CONSTFORMER_DETAIL_CLANG_LANES 1

//! `K` lanes of `T` (`K` a power of two).
template <class T, std::size_t K>
using clang_lanes [[gnu::vector_size(sizeof(T) * K)]] = T;

//! The lanes of a row in vectors of `value_block` (`full`) and the rest as vectors of
//! decreasing powers of two (`rest`): the same bytes as `T[N]` (packed: Clang aligns a vector
//! to its size).
template <class T, std::size_t N, bool Pow2 = (N & (N - 1)) == 0>
struct [[gnu::packed]] lane_rest {  // N < value_block, a power of two
    clang_lanes<T, N> head;  //!< the lanes
};
template <class T, std::size_t N>
struct [[gnu::packed]] lane_rest<T, N, false> {
    clang_lanes<T, power_of_two_floor(N)> head;  //!< the first lanes
    lane_rest<T, N - power_of_two_floor(N)> tail;  //!< the others
};
template <class T, std::size_t N, std::size_t Full = N / value_block, std::size_t Rest = N % value_block>
struct [[gnu::packed]] lane_row {
    clang_lanes<T, value_block> full[Full];  //!< the full blocks
    lane_rest<T, Rest> rest;  //!< the remaining lanes
};
template <class T, std::size_t N, std::size_t Full>
struct [[gnu::packed]] lane_row<T, N, Full, 0> {
    clang_lanes<T, value_block> full[Full];  //!< the full blocks
};
template <class T, std::size_t N, std::size_t Rest>
struct [[gnu::packed]] lane_row<T, N, 0, Rest> {
    lane_rest<T, Rest> rest;  //!< all the lanes
};

//! `o += x * v`, lane by lane.
template <class T, std::size_t N>
constexpr void axpy_lanes(lane_rest<T, N>& o, T x, const lane_rest<T, N>& v) noexcept {
    o.head += x * v.head;
    if constexpr ((N & (N - 1)) != 0) axpy_lanes(o.tail, x, v.tail);
}

//! `o += x[k0 + K] * v[k0 + K]` for each K in turn: a block of the i-k-j product, one
//! expression per block of lanes (Clang charges per statement).
template <class T, std::size_t N, std::size_t Inner, std::size_t... K>
constexpr void axpy_lanes_block(lane_row<T, N>& o, const row_value<T, Inner>& x,
                                const lane_row<T, N> (&v)[Inner], std::size_t k0,
                                std::index_sequence<K...>) noexcept {
    if constexpr (N >= value_block)
        for (std::size_t b = 0; b < N / value_block; ++b)
            ((o.full[b] += x.v[k0 + K] * v[k0 + K].full[b]), ...);
    if constexpr (N % value_block != 0) (axpy_lanes(o.rest, x.v[k0 + K], v[k0 + K].rest), ...);
}

//! `o = x * v` for a row `x` of `Inner` and `Inner` rows `v`: each lane sums its products
//! from +0 in increasing k, as a dot product does. One statement for all the blocks of `x`.
template <class T, std::size_t N, std::size_t Inner, std::size_t... B>
    requires(sizeof...(B) <= value_block)
constexpr void row_times_lanes(lane_row<T, N>& o, const row_value<T, Inner>& x,
                               const lane_row<T, N> (&v)[Inner], std::index_sequence<B...>) noexcept {
    (axpy_lanes_block(o, x, v, B * value_block, std::make_index_sequence<value_block>{}), ...);
    if constexpr (Inner % value_block != 0)
        axpy_lanes_block(o, x, v, Inner / value_block * value_block,
                         std::make_index_sequence<Inner % value_block>{});
}
//! The same for a row of more than 64 blocks, a loop over them (a deeper fold expression is
//! refused by Clang).
template <class T, std::size_t N, std::size_t Inner, std::size_t... B>
    requires(sizeof...(B) > value_block)
constexpr void row_times_lanes(lane_row<T, N>& o, const row_value<T, Inner>& x,
                               const lane_row<T, N> (&v)[Inner], std::index_sequence<B...>) noexcept {
    for (std::size_t b = 0; b < Inner / value_block; ++b)
        axpy_lanes_block(o, x, v, b * value_block, std::make_index_sequence<value_block>{});
    if constexpr (Inner % value_block != 0)
        axpy_lanes_block(o, x, v, Inner / value_block * value_block,
                         std::make_index_sequence<Inner % value_block>{});
}

//! `o[off + I] = r.v[off + I]` for every I.
template <class T, std::size_t N, std::size_t... I>
constexpr void store_block(T* o, const row_value<T, N>& r, std::size_t off,
                           std::index_sequence<I...>) noexcept {
    ((o[off + I] = r.v[off + I]), ...);
}

//! `o[j] = r.v[j]` for every j, a block of `value_block` per statement.
template <class T, std::size_t N, std::size_t... B>
    requires(sizeof...(B) <= value_block)
constexpr void store_row(T (&o)[N], const row_value<T, N>& r, std::index_sequence<B...>) noexcept {
    (store_block(o, r, B * value_block, std::make_index_sequence<value_block>{}), ...);
    if constexpr (N % value_block != 0)
        store_block(o, r, N / value_block * value_block, std::make_index_sequence<N % value_block>{});
}
//! The same for a row of more than 64 blocks, a loop over them.
template <class T, std::size_t N, std::size_t... B>
    requires(sizeof...(B) > value_block)
constexpr void store_row(T (&o)[N], const row_value<T, N>& r, std::index_sequence<B...>) noexcept {
    for (std::size_t b = 0; b < N / value_block; ++b)
        store_block(o, r, b * value_block, std::make_index_sequence<value_block>{});
    if constexpr (N % value_block != 0)
        store_block(o, r, N / value_block * value_block, std::make_index_sequence<N % value_block>{});
}
#endif

//! `o[I] = +0` for every I.
template <class T, std::size_t... I>
constexpr void store_zeros(T* o, std::index_sequence<I...>) noexcept {
    ((o[I] = T{}), ...);
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_VALUE_ROWS_HPP
