// constformer/detail/axpy_tile.hpp: the register-blocked run-time kernel shared by the matrix
// product (`matmul_transposed`'s panel) and attention's context: R output rows, each a sum
// over k of a(r, k) * b(k, ·), the b rows loaded once for the R rows. Never used in constant
// evaluation.
//
// The bits are those of a scalar loop: every output element starts from +0 (or from the value
// already in `out`, a partial sum stored exactly) and adds a(r, k) * b(k, c) in increasing k,
// each product and each sum rounded on its own; the lanes of a vector are different columns.
#ifndef CONSTFORMER_DETAIL_AXPY_TILE_HPP
#define CONSTFORMER_DETAIL_AXPY_TILE_HPP

#include <cstddef>  // std::size_t

#include "constformer/detail/simd.hpp"  // simd, simd_lanes, simd_splat, simd_load, simd_store

namespace constformer::detail {

//! Vector registers of the target (AVX-512 has 32, the others this library targets 16).
#if defined(__AVX512F__)
inline constexpr std::size_t simd_registers = 32;
#else
inline constexpr std::size_t simd_registers = 16;
#endif

//! The factor a(r, k): `a[row + r][col + k]`, or `a[k][col + r]` when `ATransposed`.
template <bool ATransposed, class T, std::size_t AC>
inline T axpy_factor(const T (*a)[AC], std::size_t row, std::size_t col, std::size_t r,
                     std::size_t k) noexcept {
    if constexpr (ATransposed) return a[k][col + r];
    else return a[row + r][col + k];
}

//! One tile: columns [0, NV * width of V) of rows r < R, where row r's element c becomes
//! `init + sum_{k < n[r]} a(r, k) * b[k][b_col + c]` (k increasing, a(r, k) as `axpy_factor`),
//! `init` being +0, or `out[r][c]` when `accumulate`. Keys [0, n_common) are taken for all rows
//! at once (a row whose `out` is null is computed there but not stored, and must have readable
//! factors), then each row's own [n_common, n[r]).
template <class V, std::size_t NV, bool ATransposed, std::size_t R, class T, std::size_t AC, std::size_t BC>
inline void axpy_tile(const T (*a)[AC], std::size_t a_row, std::size_t a_col, const T (*b)[BC],
                      std::size_t b_col, std::size_t n_common, const std::size_t (&n)[R], T* const (&out)[R],
                      bool accumulate) noexcept {
    constexpr std::size_t width = sizeof(V) / sizeof(T);
    V acc[R][NV];
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t u = 0; u < NV; ++u)
            acc[r][u] =
                accumulate && out[r] != nullptr ? simd_load<V>(out[r] + u * width) : simd_splat<V>(T(0));
    for (std::size_t k = 0; k < n_common; ++k) {
        V bk[NV];
        for (std::size_t u = 0; u < NV; ++u) bk[u] = simd_load<V>(b[k] + b_col + u * width);
        for (std::size_t r = 0; r < R; ++r) {
            const V ar = simd_splat<V>(axpy_factor<ATransposed>(a, a_row, a_col, r, k));
            for (std::size_t u = 0; u < NV; ++u) acc[r][u] = acc[r][u] + ar * bk[u];
        }
    }
    for (std::size_t r = 0; r < R; ++r) {
        if (out[r] == nullptr) continue;
        for (std::size_t k = n_common; k < n[r]; ++k) {
            const V ar = simd_splat<V>(axpy_factor<ATransposed>(a, a_row, a_col, r, k));
            for (std::size_t u = 0; u < NV; ++u)
                acc[r][u] = acc[r][u] + ar * simd_load<V>(b[k] + b_col + u * width);
        }
        for (std::size_t u = 0; u < NV; ++u) simd_store(out[r] + u * width, acc[r][u]);
    }
}

//! `axpy_tile` over columns [0, cols) of the output rows and of `b` (from `b_col`): tiles of
//! as many vectors as the registers allow, then single vectors, then single columns.
template <bool ATransposed, std::size_t R, class T, std::size_t AC, std::size_t BC>
inline void axpy_rows(const T (*a)[AC], std::size_t a_row, std::size_t a_col, const T (*b)[BC],
                      std::size_t b_col, std::size_t cols, std::size_t n_common, const std::size_t (&n)[R],
                      T* const (&out)[R], bool accumulate) noexcept {
    using V = simd<T>;
    constexpr std::size_t width = simd_lanes<T>;
    constexpr std::size_t fit = simd_registers / 2 / R;  // accumulators: half the registers
    constexpr std::size_t nv = fit > 4 ? 4 : fit > 0 ? fit : 1;
    T* o[R];
    const auto at = [&](std::size_t c) {
        for (std::size_t r = 0; r < R; ++r) o[r] = out[r] != nullptr ? out[r] + c : nullptr;
    };
    const std::size_t wide_end = cols / (nv * width) * (nv * width), vec_end = cols / width * width;
    for (std::size_t c = 0; c < wide_end; c += nv * width) {
        at(c);
        axpy_tile<V, nv, ATransposed>(a, a_row, a_col, b, b_col + c, n_common, n, o, accumulate);
    }
    for (std::size_t c = wide_end; c < vec_end; c += width) {
        at(c);
        axpy_tile<V, 1, ATransposed>(a, a_row, a_col, b, b_col + c, n_common, n, o, accumulate);
    }
    for (std::size_t c = vec_end; c < cols; ++c) {
        at(c);
        axpy_tile<T, 1, ATransposed>(a, a_row, a_col, b, b_col + c, n_common, n, o, accumulate);
    }
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_AXPY_TILE_HPP
