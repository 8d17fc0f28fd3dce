// constformer/attention/causal.hpp: section 3.5 of the notebook, causal (masked) attention:
// the two ways to mask that the notebook shows (zero the future weights and renormalise;
// set the future scores to -inf before the softmax), and causal_attention, the notebook's
// `CausalAttention` on batches, with optional dropout on the attention weights.
#ifndef CONSTFORMER_ATTENTION_CAUSAL_HPP
#define CONSTFORMER_ATTENTION_CAUSAL_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint64_t
#include <limits>   // std::numeric_limits<T>::infinity
#include <type_traits>  // std::type_identity_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/attention/self_attention.hpp"  // detail::attend
#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/nn/dropout.hpp"  // dropout
#include "constformer/nn/linear.hpp"   // linear
#include "constformer/nn/softmax.hpp"  // normalize_by_sum

namespace constformer {

//! The notebook's `torch.tril(torch.ones(S, S))`: 1 on and below the diagonal, 0 above.
//! Shapes: no input; `S` x `S` out.
//! \code
//! constexpr auto tril = cf::causal_mask_tril<float, 6>();
//! static_assert(tril(1, 0) == 1.0f && tril(0, 1) == 0.0f);
//! \endcode
template <Scalar T, std::size_t S>
constexpr matrix<T, S, S> causal_mask_tril() noexcept {
  matrix<T, S, S> m{};
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = 0; j <= i; ++j) m.elems[i][j] = T(1);
  return m;
}

//! The notebook's `torch.triu(torch.ones(S, S), diagonal=1)`: 1 strictly above the diagonal
//! (the positions a query must not see), 0 elsewhere.
//! Shapes: no input; `S` x `S` out.
//! \code
//! constexpr auto upper = cf::causal_mask_upper<float, 6>();
//! static_assert(upper(0, 1) == 1.0f && upper(1, 1) == 0.0f);
//! \endcode
template <Scalar T, std::size_t S>
constexpr matrix<T, S, S> causal_mask_upper() noexcept {
  matrix<T, S, S> m{};
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = i + 1; j < S; ++j) m.elems[i][j] = T(1);
  return m;
}

//! `weights * tril(ones)`: the weights with every entry above the diagonal multiplied by 0
//! and the others by 1 (the notebook's `masked_simple`), as torch does it.
//! Shapes: `S` x `S` in and out.
//! \code
//! cf::matrix<float, 6, 6> weights = cf::softmax(cf::matrix<float, 6, 6>{});
//! cf::matrix<float, 6, 6> masked = cf::mask_upper_zero(weights);  // masked(0, 1) == 0
//! \endcode
template <Scalar T, std::size_t S>
constexpr matrix<T, S, S> mask_upper_zero(const matrix<T, S, S>& weights) noexcept {
  matrix<T, S, S> out{};
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = 0; j < S; ++j) out.elems[i][j] = weights.elems[i][j] * (j <= i ? T(1) : T(0));
  return out;
}

//! The notebook's first way to mask: zero the weights above the diagonal, then divide each
//! row by its sum (`masked_simple_norm`). Agrees with `softmax(masked_fill_upper_neg_inf(s))`
//! up to rounding (not to the bit: the weights were normalised twice).
//! Shapes: `S` x `S` in and out.
//! \code
//! cf::matrix<float, 6, 6> weights = cf::softmax(cf::matrix<float, 6, 6>{});
//! auto w = cf::apply_mask_renormalize(weights);  // 6 x 6, rows sum to ~1
//! \endcode
template <Scalar T, std::size_t S>
constexpr matrix<T, S, S> apply_mask_renormalize(const matrix<T, S, S>& weights) noexcept {
  return normalize_by_sum(mask_upper_zero(weights));
}

//! The notebook's second way to mask: `scores.masked_fill(triu(ones, 1).bool(), -inf)`, the
//! scores with every entry above the diagonal set to `-inf`, so that a softmax gives them
//! weight exactly 0.
//! Shapes: `S` x `S` in and out.
//! \code
//! cf::matrix<float, 6, 6> scores{};
//! auto w = cf::softmax(cf::masked_fill_upper_neg_inf(scores) / cf::math::sqrt(2.0f));  // 6 x 6
//! \endcode
template <Scalar T, std::size_t S>
constexpr matrix<T, S, S> masked_fill_upper_neg_inf(const matrix<T, S, S>& scores) noexcept {
  matrix<T, S, S> out = scores;
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = i + 1; j < S; ++j) out.elems[i][j] = -std::numeric_limits<T>::infinity();
  return out;
}

//! What `causal_attention::forward_intermediates` returns: the attention weights per batch
//! item ([B, S, S], zero above the diagonal) and the output ([B, S, DOut]).
//! \code
//! cf::causal_attention<float, 3, 2, 6> ca{};
//! cf::causal_intermediates<float, 2, 6, 2> r = ca.forward_intermediates(cf::batch<float, 2, 6, 3>{});
//! cf::matrix<float, 6, 6> w0 = r.weights[0];
//! \endcode
template <Scalar T, std::size_t Batch, std::size_t S, std::size_t DOut>
struct causal_intermediates {
  batch<T, Batch, S, S> weights;    //!< attention weights, [B, S, S]
  batch<T, Batch, S, DOut> output;  //!< attention output, [B, S, DOut]
};

//! Causal self-attention (the notebook's `CausalAttention`). Members, named as the
//! state_dict: `W_query`, `W_key`, `W_value`, each `linear<T, DIn, DOut, QkvBias>`; and
//! `dropout`, a `constformer::dropout<T>` on the attention weights (not a parameter, and
//! not part of the Hana Struct; default eval mode, rate 0, i.e. the identity).
//!
//! `forward(x)` takes a batch [B, S, DIn] with `S <= ContextLength` and gives [B, S, DOut]:
//! per batch item, `Q = W_query(x)` and so on, scores `Q K^T` with the entries j > i set to
//! `-inf`, divided by `sqrt(DOut)`, softmax, dropout, times `V`. No mask matrix is stored:
//! the masked keys are skipped, which gives the same bits as computing them (see
//! `detail::attend`). Dropout counters: element (b, i, j) of the [B, S, S] weights uses
//! `b * S * S + i * S + j`.
//! Shapes: `W_query.weight` etc. `DOut` x `DIn`; [`B`, `S`, `DIn`] in, [`B`, `S`, `DOut`] out.
//! \code
//! cf::causal_attention<float, 3, 2, 6> ca{};  // DIn 3, DOut 2, context length 6
//! ca.dropout = cf::make_dropout<0.5f>(123);    // optional: training-mode dropout
//! cf::batch<float, 2, 6, 2> y = ca.forward(cf::batch<float, 2, 6, 3>{});
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, bool QkvBias = false>
struct causal_attention {
  using value_type = T;                                         //!< element type
  static constexpr std::size_t d_in = DIn;                      //!< input embedding width
  static constexpr std::size_t d_out = DOut;                    //!< output width
  static constexpr std::size_t context_length = ContextLength;  //!< longest supported sequence
  using projection = linear<T, DIn, DOut, QkvBias>;             //!< type of `W_query`, `W_key`, `W_value`

  BOOST_HANA_DEFINE_STRUCT(causal_attention, (projection, W_query), (projection, W_key), (projection, W_value));

  //! Dropout on the attention weights; the identity unless set to training mode.
  ::constformer::dropout<T> dropout{};

  //! One sequence (`S` x `DIn`) to its context vectors (`S` x `DOut`); dropout counters
  //! start at `counter_base`.
  //! Shapes: `S` x `DIn` in (`S <= ContextLength`), `S` x `DOut` out.
  //! \code
  //! cf::causal_attention<float, 3, 2, 6> ca{};
  //! cf::matrix<float, 6, 2> ctx = ca.forward(cf::matrix<float, 6, 3>{});
  //! \endcode
  template <std::size_t S>
    requires(S <= ContextLength)
  constexpr matrix<T, S, DOut> forward(const matrix<T, S, DIn>& x, std::uint64_t counter_base = 0) const noexcept {
    matrix<T, S, DOut> out{};
    forward_into(x, out, 0, nullptr, counter_base);
    return out;
  }

  //! A batch [B, S, DIn] to [B, S, DOut].
  //! Shapes: [`Batch`, `S`, `DIn`] in, [`Batch`, `S`, `DOut`] out.
  //! \code
  //! cf::batch<float, 2, 6, 2> y = ca.forward(cf::batch<float, 2, 6, 3>{});
  //! \endcode
  template <std::size_t Batch, std::size_t S>
    requires(S <= ContextLength)
  constexpr batch<T, Batch, S, DOut> forward(const batch<T, Batch, S, DIn>& x) const noexcept {
    batch<T, Batch, S, DOut> out{};
    for (std::size_t b = 0; b < Batch; ++b) forward_into(x.items[b], out.items[b], 0, nullptr, b * S * S);
    return out;
  }

  //! `forward(x)` together with the attention weights of every batch item.
  //! Shapes: [`Batch`, `S`, `DIn`] in; weights [`Batch`, `S`, `S`] and output [`Batch`, `S`, `DOut`] out.
  //! \code
  //! cf::causal_attention<float, 3, 2, 6> ca{};
  //! auto r = ca.forward_intermediates(cf::batch<float, 2, 6, 3>{});  // r.weights: [2, 6, 6]
  //! \endcode
  template <std::size_t Batch, std::size_t S>
    requires(S <= ContextLength)
  constexpr causal_intermediates<T, Batch, S, DOut> forward_intermediates(const batch<T, Batch, S, DIn>& x) const noexcept {
    causal_intermediates<T, Batch, S, DOut> r{};
    for (std::size_t b = 0; b < Batch; ++b)
      forward_into(x.items[b], r.output.items[b], 0, &r.weights.items[b], b * S * S);
    return r;
  }

  //! The building block of the above (and of the multi-head wrapper): writes the context of
  //! `x` to columns [out_first, out_first + DOut) of `out` and, if `weights` is not null,
  //! the attention weights to `*weights`.
  //! Shapes: `S` x `DIn` in; writes `S` x `DOut` into an `S` x `DCtx` matrix (`DOut <= DCtx`), and `S` x `S` weights.
  //! \code
  //! cf::causal_attention<float, 3, 2, 6> ca{};
  //! cf::matrix<float, 6, 4> out{};
  //! ca.forward_into(cf::matrix<float, 6, 3>{}, out, 2, nullptr, 0);  // columns 2 and 3
  //! \endcode
  template <std::size_t S, std::size_t DCtx>
    requires(S <= ContextLength && DOut <= DCtx)
  constexpr void forward_into(const matrix<T, S, DIn>& x, matrix<T, S, DCtx>& out, std::size_t out_first,
                              std::type_identity_t<matrix<T, S, S>>* weights,
                              std::uint64_t counter_base) const noexcept {
    const matrix<T, S, DOut> q = W_query.forward(x);
    const matrix<T, S, DOut> k = W_key.forward(x);
    const matrix<T, S, DOut> v = W_value.forward(x);
    detail::attend<true>(q, k, v, 0, DOut, out, out_first, weights, dropout, counter_base);
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_ATTENTION_CAUSAL_HPP
