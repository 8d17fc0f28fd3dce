// constformer/detail/simd.hpp: a small vector of floating-point lanes for the run-time kernels
// (never used in constant evaluation). With GCC or Clang on x86-64 or AArch64 it is the
// compilers' vector extension (`vector_size`), as wide as the target's vectors (64 bytes with
// AVX-512, 32 with AVX, else 16); elsewhere, or with CONSTFORMER_VECTOR_EXTENSIONS defined to
// 0, a plain array with the same operations, which gives the same bits. Only lane-wise
// `+`, `-`, `*` and `/` are offered: each lane is rounded as the scalar operation would be, so a
// kernel that gives each lane an independent result computes exactly what a scalar loop does.
#ifndef CONSTFORMER_DETAIL_SIMD_HPP
#define CONSTFORMER_DETAIL_SIMD_HPP

#include <cstddef>  // std::size_t
#include <cstring>  // std::memcpy: unaligned loads and stores

#include "constformer/config.hpp"  // CONSTFORMER_HOSTED and the fp-contract guard

#ifndef CONSTFORMER_VECTOR_EXTENSIONS
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__aarch64__))
#define CONSTFORMER_VECTOR_EXTENSIONS 1
#else
#define CONSTFORMER_VECTOR_EXTENSIONS 0
#endif
#endif

namespace constformer::detail {

#if defined(__AVX512F__)
inline constexpr std::size_t simd_bytes = 64;
#elif defined(__AVX__)
inline constexpr std::size_t simd_bytes = 32;
#else
inline constexpr std::size_t simd_bytes = 16;
#endif

//! Number of `T` lanes in a `simd<T>`.
template <class T>
inline constexpr std::size_t simd_lanes = simd_bytes / sizeof(T);

#if CONSTFORMER_VECTOR_EXTENSIONS
template <class T>
struct simd_type;
template <>
struct simd_type<float> {
    typedef float type __attribute__((vector_size(simd_bytes)));
};
template <>
struct simd_type<double> {
    typedef double type __attribute__((vector_size(simd_bytes)));
};
//! `simd_lanes<T>` lanes of `T` (a compiler vector type).
template <class T>
using simd = typename simd_type<T>::type;
#else
//! `simd_lanes<T>` lanes of `T` (the portable form: an array, element-wise operators).
template <class T>
struct simd {
    T lane[simd_lanes<T>];
    friend simd operator+(const simd& a, const simd& b) noexcept {
        simd r;
        for (std::size_t l = 0; l < simd_lanes<T>; ++l) r.lane[l] = a.lane[l] + b.lane[l];
        return r;
    }
    friend simd operator-(const simd& a, const simd& b) noexcept {
        simd r;
        for (std::size_t l = 0; l < simd_lanes<T>; ++l) r.lane[l] = a.lane[l] - b.lane[l];
        return r;
    }
    friend simd operator*(const simd& a, const simd& b) noexcept {
        simd r;
        for (std::size_t l = 0; l < simd_lanes<T>; ++l) r.lane[l] = a.lane[l] * b.lane[l];
        return r;
    }
    friend simd operator/(const simd& a, const simd& b) noexcept {
        simd r;
        for (std::size_t l = 0; l < simd_lanes<T>; ++l) r.lane[l] = a.lane[l] / b.lane[l];
        return r;
    }
};
#endif

//! Every lane `x` (a scalar "vector" of one lane when `V` is `T`).
template <class V, class T>
inline V simd_splat(T x) noexcept {
    if constexpr (sizeof(V) == sizeof(T)) {
        return x;
    } else {
#if CONSTFORMER_VECTOR_EXTENSIONS
        return x - V{};  // x - (+0) is x, bit for bit (-0 and NaN included): a broadcast
#else
        V r;
        for (std::size_t l = 0; l < sizeof(V) / sizeof(T); ++l) r.lane[l] = x;
        return r;
#endif
    }
}

//! `sizeof(V) / sizeof(T)` consecutive elements from `p` (no alignment needed).
template <class V, class T>
inline V simd_load(const T* p) noexcept {
    V r;
    std::memcpy(&r, p, sizeof(V));
    return r;
}

//! `v` to the `sizeof(V) / sizeof(T)` elements from `p` (no alignment needed).
template <class V, class T>
inline void simd_store(T* p, const V& v) noexcept {
    std::memcpy(p, &v, sizeof(V));
}

//! `dst[k][j] = src[j][col + k]` for j < rows, k < cols: a transposed copy (moves only, so
//! any order gives the same bits). With the vector extension and `__builtin_shufflevector`,
//! 4 x 4 blocks go through registers.
template <class T, std::size_t SrcCols, std::size_t DstCols>
inline void simd_transpose(const T (*src)[SrcCols], std::size_t col, T (*dst)[DstCols], std::size_t rows,
                           std::size_t cols) noexcept {
    std::size_t rows_done = 0;
#if CONSTFORMER_VECTOR_EXTENSIONS && (defined(__clang__) || __GNUC__ >= 12)
    typedef T quad __attribute__((vector_size(4 * sizeof(T))));
    rows_done = rows / 4 * 4;
    const std::size_t cols4 = cols / 4 * 4;
    for (std::size_t j0 = 0; j0 < rows_done; j0 += 4) {
        for (std::size_t k = 0; k < cols4; k += 4) {
            quad r[4];
            for (std::size_t u = 0; u < 4; ++u) std::memcpy(&r[u], src[j0 + u] + col + k, sizeof(quad));
            const quad t0 = __builtin_shufflevector(r[0], r[1], 0, 4, 1, 5),
                       t1 = __builtin_shufflevector(r[0], r[1], 2, 6, 3, 7),
                       t2 = __builtin_shufflevector(r[2], r[3], 0, 4, 1, 5),
                       t3 = __builtin_shufflevector(r[2], r[3], 2, 6, 3, 7);
            const quad c[4] = {
                __builtin_shufflevector(t0, t2, 0, 1, 4, 5), __builtin_shufflevector(t0, t2, 2, 3, 6, 7),
                __builtin_shufflevector(t1, t3, 0, 1, 4, 5), __builtin_shufflevector(t1, t3, 2, 3, 6, 7)};
            for (std::size_t u = 0; u < 4; ++u) std::memcpy(dst[k + u] + j0, &c[u], sizeof(quad));
        }
        for (std::size_t u = 0; u < 4; ++u)
            for (std::size_t k = cols4; k < cols; ++k) dst[k][j0 + u] = src[j0 + u][col + k];
    }
#endif
    for (std::size_t j = rows_done; j < rows; ++j)
        for (std::size_t k = 0; k < cols; ++k) dst[k][j] = src[j][col + k];
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_SIMD_HPP
