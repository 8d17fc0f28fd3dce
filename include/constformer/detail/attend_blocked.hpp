// constformer/detail/attend_blocked.hpp: the run-time form of one head's attention
// (`detail::attend`), blocked for the processor's vectors, with the bits of the form the
// constant evaluator runs (`detail::attend_row`, row by row).
//
// Why the bits agree: every result is computed by the same operations in the same order; only
// independent results share a vector. Scores: a block of query rows is transposed so that the
// lanes are different rows; each lane's dot product with a key still starts from +0 and adds
// its terms in increasing column order, then is divided by the same divisor. Softmax: the
// maximum, the exponentials, their sum and the divisions run lane by lane (one lane per row)
// in increasing key order; a key a row must not see is -inf for the maximum and +0 for the sum
// (adding +0 to a sum that starts at +0 leaves it unchanged, bit for bit). Context: the lanes
// are the columns of a row; each starts from +0 and adds weight * value in increasing key
// order, with register blocks of rows sharing each loaded value row; keys past a row's count
// are never touched, so a non-finite value in a future row cannot reach it.
#ifndef CONSTFORMER_DETAIL_ATTEND_BLOCKED_HPP
#define CONSTFORMER_DETAIL_ATTEND_BLOCKED_HPP

#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits<T>::infinity

#include "constformer/config.hpp"       // CONSTFORMER_HOSTED
#include "constformer/core/matrix.hpp"  // matrix
#include "constformer/detail/axpy_tile.hpp"  // axpy_rows: the context
#include "constformer/detail/simd.hpp"  // simd, simd_lanes, simd_splat, simd_load, simd_store
#include "constformer/math/exp.hpp"     // math::exp
#include "constformer/math/sqrt.hpp"    // math::sqrt

//! Whether the run-time `detail::attend` uses the blocked kernel of this header (default on
//! hosted builds; freestanding builds keep the row-by-row loop and its small code and stack).
#ifndef CONSTFORMER_ATTEND_BLOCKED
#define CONSTFORMER_ATTEND_BLOCKED CONSTFORMER_HOSTED
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CONSTFORMER_DETAIL_NOINLINE __attribute__((noinline))
#else
#define CONSTFORMER_DETAIL_NOINLINE
#endif

namespace constformer::detail {

//! Whether the blocked kernel's stack (`S` x lanes scores, 64 x lanes queries) stays within
//! 64 KB for `S` keys; longer sequences take the row-by-row path.
template <class T, std::size_t S>
inline constexpr bool attend_blocked_fits = (S + 64) * simd_lanes<T> * sizeof(T) <= 64u * 1024u;

//! Scores of the keys [j, j + NK) against the transposed query block `qt` (lanes = rows) over
//! `nc` head columns starting at column `c0` of the head: each lane starts from +0 (or from
//! the partial sums of earlier column tiles kept in `sc`) and adds q * k in increasing column
//! order; after the last tile, divided by `divisor`.
template <std::size_t NK, class V, class T, std::size_t S, std::size_t D, std::size_t Lanes>
inline void attend_score_keys(const T (*qt)[Lanes], const T (&k)[S][D], std::size_t first, std::size_t c0,
                              std::size_t nc, bool last_tile, T divisor, std::size_t j,
                              T (*sc)[Lanes]) noexcept {
    V acc[NK];
    const T* kr[NK];
    for (std::size_t t = 0; t < NK; ++t) {
        acc[t] = c0 == 0 ? simd_splat<V>(T(0)) : simd_load<V>(sc[j + t]);
        kr[t] = k[j + t] + first + c0;
    }
    for (std::size_t c = 0; c < nc; ++c) {
        const V qc = simd_load<V>(qt[c]);
        for (std::size_t t = 0; t < NK; ++t) acc[t] = acc[t] + qc * simd_splat<V>(kr[t][c]);
    }
    const V div = simd_splat<V>(divisor);
    for (std::size_t t = 0; t < NK; ++t) simd_store(sc[j + t], last_tile ? acc[t] / div : acc[t]);
}

//! Rows [row_first, row_last) of one head's attention without dropout, with the bits of the
//! row-by-row `attend_row` loop (see the top of this header). Arguments as `detail::attend`.
//! Not inlined, so that its code (and speed) is the same whatever program calls it.
template <bool Causal, class T, std::size_t S, std::size_t D, std::size_t DCtx>
CONSTFORMER_DETAIL_NOINLINE void attend_blocked(const matrix<T, S, D>& q, const matrix<T, S, D>& k,
                                                const matrix<T, S, D>& v, std::size_t first,
                                                std::size_t head_dim, matrix<T, S, DCtx>& ctx,
                                                std::size_t ctx_first, matrix<T, S, S>* weights,
                                                std::size_t row_first, std::size_t row_last) noexcept {
    using V = simd<T>;
    constexpr std::size_t lanes = simd_lanes<T>;  // query rows per block
    constexpr std::size_t tile = 64;              // head columns per transposed query block
    constexpr std::size_t rows_per_tile = lanes < 4 ? lanes : 4;  // rows sharing each value row (context)
    constexpr T neg_inf = -std::numeric_limits<T>::infinity();
    const T divisor = math::sqrt(static_cast<T>(head_dim));
    alignas(64) T sc[S][lanes];   // scores, then weights: key j, lane l = row i0 + l
    alignas(64) T qt[tile][lanes];  // head columns [c0, c0 + tile) of the block's query rows
    for (std::size_t i0 = row_first; i0 < row_last; i0 += lanes) {
        const std::size_t rows = row_last - i0 < lanes ? row_last - i0 : lanes;
        std::size_t n[lanes];  // keys of each lane's row; 0 for lanes past the last row
        for (std::size_t l = 0; l < lanes; ++l) n[l] = l < rows ? (Causal ? i0 + l + 1 : S) : 0;
        const std::size_t n_max = Causal ? i0 + rows : S;

        // Scores, four keys at a time.
        for (std::size_t c0 = 0; c0 < head_dim; c0 += tile) {
            const std::size_t nc = head_dim - c0 < tile ? head_dim - c0 : tile;
            const bool last_tile = c0 + nc == head_dim;
            for (std::size_t c = 0; c < nc; ++c)
                for (std::size_t l = 0; l < lanes; ++l)
                    qt[c][l] = l < rows ? q.elems[i0 + l][first + c0 + c] : T(0);
            const std::size_t n4 = n_max / 4 * 4;
            for (std::size_t j = 0; j < n4; j += 4)
                attend_score_keys<4, V>(qt, k.elems, first, c0, nc, last_tile, divisor, j, sc);
            for (std::size_t j = n4; j < n_max; ++j)
                attend_score_keys<1, V>(qt, k.elems, first, c0, nc, last_tile, divisor, j, sc);
        }

        // Softmax of each lane over its keys, in increasing key order. Keys [0, n_full) are
        // seen by every row of the block; past it, a key a row must not see is -inf for the
        // maximum and +0 for the sum. Lanes past the last row compute values nobody reads.
        const std::size_t n_full = Causal ? i0 + 1 : S;
        for (std::size_t j = n_full; j < n_max; ++j)
            for (std::size_t l = 0; l < rows; ++l)
                if (j >= n[l]) sc[j][l] = neg_inf;
        alignas(64) T m[lanes];
        for (std::size_t l = 0; l < lanes; ++l) m[l] = sc[0][l];
        for (std::size_t j = 1; j < n_max; ++j)
            for (std::size_t l = 0; l < lanes; ++l) m[l] = sc[j][l] > m[l] ? sc[j][l] : m[l];
        const V mv = simd_load<V>(m);
        for (std::size_t j = 0; j < n_max; ++j) simd_store(sc[j], simd_load<V>(sc[j]) - mv);
        for (std::size_t j = 0; j < n_max; ++j)
            for (std::size_t l = 0; l < lanes; ++l) sc[j][l] = math::exp(sc[j][l]);
        for (std::size_t j = n_full; j < n_max; ++j)
            for (std::size_t l = 0; l < rows; ++l)
                if (j >= n[l]) sc[j][l] = T(0);
        V sum = simd_splat<V>(T(0));
        for (std::size_t j = 0; j < n_max; ++j) sum = sum + simd_load<V>(sc[j]);
        for (std::size_t j = 0; j < n_max; ++j) simd_store(sc[j], simd_load<V>(sc[j]) / sum);

        if (weights != nullptr)
            for (std::size_t l = 0; l < rows; ++l) {
                T* wr = weights->elems[i0 + l];
                for (std::size_t j = 0; j < S; ++j) wr[j] = j < n[l] ? sc[j][l] : T(0);
            }

        // Context, rows_per_tile rows at a time, each row's keys in increasing order.
        for (std::size_t l0 = 0; l0 < rows; l0 += rows_per_tile) {
            std::size_t nr[rows_per_tile];
            T* out[rows_per_tile];
            std::size_t n_common = S;
            for (std::size_t r = 0; r < rows_per_tile; ++r) {
                const bool valid = l0 + r < rows;
                nr[r] = valid ? n[l0 + r] : 0;
                out[r] = valid ? ctx.elems[i0 + l0 + r] + ctx_first : nullptr;
                if (valid && nr[r] < n_common) n_common = nr[r];
            }
            axpy_rows<true>(sc, 0, l0, v.elems, first, head_dim, n_common, nr, out, false);
        }
    }
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_ATTEND_BLOCKED_HPP
