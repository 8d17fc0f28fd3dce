// constformer/detail/attend_constant.hpp: the constant-evaluation form of detail::attend
// (attention/self_attention.hpp) for a head width known at compile time. Never used at run
// time.
//
// The head's slice of every row of Q, K and V is copied once into a by-value block of `Width`
// elements (detail/value_rows.hpp), so that each score is one fold expression on by-value
// parameters and each context update another: the constant evaluators charge per statement
// (Clang) and per expression node (GCC), and the element-by-element loops of a head width
// known only at run time cost both of them per element. The operations on each element and
// their order are those of detail::attend_row, so the bits are the same.
#ifndef CONSTFORMER_DETAIL_ATTEND_CONSTANT_HPP
#define CONSTFORMER_DETAIL_ATTEND_CONSTANT_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint64_t
#include <utility>  // std::index_sequence

#include "constformer/core/matrix.hpp"
#include "constformer/detail/fp_bits.hpp"     // CONSTFORMER_BIT_CAST
#include "constformer/detail/value_rows.hpp"  // block, dot_value_block, axpy_value, store_value
#include "constformer/math/exp.hpp"           // exp_select, exp_kernel, exp_limits: math::exp
#include "constformer/math/sqrt.hpp"          // math::sqrt
#include "constformer/nn/dropout.hpp"         // dropout

namespace constformer::detail {

//! The head widths the constant-evaluation form handles (one fold expression per score).
template <std::size_t Width, std::size_t D>
inline constexpr bool attend_constant_width = Width > 0 && Width <= value_block&& D % Width == 0;

//! A row of `Heads * Width` elements as `Heads` by-value slices.
template <class T, std::size_t Heads, std::size_t Width>
struct row_heads {
    block<T, Width> h[Heads];  //!< the slices
};

//! A row of `Heads` slices of type `Slice`.
template <class Slice, std::size_t Heads>
struct row_slices {
    Slice h[Heads];  //!< the slices
};

//! Head `head` (columns [head * Width, (head + 1) * Width)) of rows [0, n) of `m` into `out`.
template <std::size_t Width, class Slice, class T, std::size_t S, std::size_t D>
constexpr void head_slices(const matrix<T, S, D>& m, std::size_t head, std::size_t n,
                           Slice (&out)[S]) noexcept {
    using row_t = row_slices<Slice, D / Width>;
    for (std::size_t j = 0; j < n; ++j) out[j] = CONSTFORMER_BIT_CAST(row_t, m.elems[j]).h[head];
}

//! `detail::attend` for a head of `Width` columns starting at `first` (a multiple of `Width`),
//! in constant evaluation: the same arguments, the same results, bit for bit.
template <bool Causal, std::size_t Width, class T, std::size_t S, std::size_t D, std::size_t DCtx>
constexpr void attend_constant(const matrix<T, S, D>& q, const matrix<T, S, D>& k, const matrix<T, S, D>& v,
                               std::size_t first, matrix<T, S, DCtx>& ctx, std::size_t ctx_first,
                               matrix<T, S, S>* weights, const dropout<T>& drop, std::uint64_t counter_base,
                               std::size_t row_first, std::size_t row_last) noexcept {
    using slice = block<T, Width>;
    using q_row = row_heads<T, D / Width, Width>;
    using lim = exp_limits<T>;
    using seq = std::make_index_sequence<Width>;
    const std::size_t head = first / Width, keys = Causal ? row_last : S;
#ifdef CONSTFORMER_DETAIL_CLANG_LANES
    // Clang adds the value rows to the context as vectors (detail/value_rows.hpp).
    using value_slice = lane_rest<T, Width>;
#define CONSTFORMER_ADD_VALUE(x, j) \
    ((Width & (Width - 1)) == 0 ? void(o.head += (x) * vs[j].head) : axpy_lanes(o, x, vs[j]))
#else
    using value_slice = slice;
#define CONSTFORMER_ADD_VALUE(x, j) (o = axpy_value(o, x, vs[j], seq{}))
#endif
    slice ks[S];  // only [0, keys) is written and read
    value_slice vs[S];
    head_slices<Width>(k, head, keys, ks);
    head_slices<Width>(v, head, keys, vs);
    const T divisor = math::sqrt(static_cast<T>(Width));
    const bool dropping = drop.active();
    const T drop_scale = dropping ? drop.scale() : T(1);
    T row[S];  // the current row of weights when the caller does not keep them
    for (std::size_t i = row_first; i < row_last; ++i) {
        const std::size_t n = Causal ? i + 1 : S;
        T* w = weights != nullptr ? weights->elems[i] : row;
        const slice qi = CONSTFORMER_BIT_CAST(q_row, q.elems[i]).h[head];
    // Two keys per statement (Clang charges per statement), in key order; exp_select is
    // math::exp's constant-evaluation form, exp_kernel what it evaluates for a normal result
    // (that test inlined: two steps fewer per key for Clang). w[j] - m is rounded to T as an
    // argument would be.
#define CONSTFORMER_KEY_SCORE(j) \
    (m = (w[j] = dot_value_block(T{}, qi, ks[j], seq{}) / divisor) > m ? w[j] : m)
#define CONSTFORMER_KEY_EXP(j)                                                                              \
    (sum +=                                                                                                 \
     (w[j] = (w[j] -= m) >= lim::normal_arg && w[j] <= lim::max_arg ? exp_kernel<exp_scaling::normal>(w[j]) \
                                                                    : exp_select(w[j])))
#define CONSTFORMER_KEY_CONTEXT(j) CONSTFORMER_ADD_VALUE(w[j] = w[j] / sum, j)
        T m = w[0] = dot_value_block(T{}, qi, ks[0], seq{}) / divisor;
        std::size_t j = 1;
        for (; j + 1 < n; j += 2) CONSTFORMER_KEY_SCORE(j), CONSTFORMER_KEY_SCORE(j + 1);
        if (j < n) CONSTFORMER_KEY_SCORE(j);
        T sum{};
        for (j = 0; j + 1 < n; j += 2) CONSTFORMER_KEY_EXP(j), CONSTFORMER_KEY_EXP(j + 1);
        if (j < n) CONSTFORMER_KEY_EXP(j);
        value_slice o{};
        if (dropping) {
            const std::uint64_t row_base = counter_base + i * S;
            for (j = 0; j < n; ++j)
                CONSTFORMER_ADD_VALUE(w[j] = (w[j] / sum) * (drop.keep(row_base + j) ? drop_scale : T(0)), j);
        } else {
            for (j = 0; j + 1 < n; j += 2) CONSTFORMER_KEY_CONTEXT(j), CONSTFORMER_KEY_CONTEXT(j + 1);
            if (j < n) CONSTFORMER_KEY_CONTEXT(j);
        }
#undef CONSTFORMER_KEY_SCORE
#undef CONSTFORMER_KEY_EXP
#undef CONSTFORMER_KEY_CONTEXT
#ifdef CONSTFORMER_DETAIL_CLANG_LANES
        store_value(ctx.elems[i] + ctx_first, CONSTFORMER_BIT_CAST(slice, o), seq{});
#else
        store_value(ctx.elems[i] + ctx_first, o, seq{});
#endif
        if (weights != nullptr) {
            // The masked weights are +0, sixteen per statement.
            for (j = n; S - j >= 16; j += 16) store_zeros(w + j, std::make_index_sequence<16>{});
            for (; j < S; ++j) w[j] = T{};
        }
    }
#undef CONSTFORMER_ADD_VALUE
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_ATTEND_CONSTANT_HPP
