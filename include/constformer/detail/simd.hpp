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

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_SIMD_HPP
