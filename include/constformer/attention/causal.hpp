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
#include "constformer/model/module.hpp"  // CONSTFORMER_FORWARD_BY_VALUE

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

//! The step-by-step context of causal attention: row i of the result is
//! `sum_{j <= i} weights(i, j) * values[j]`, in increasing j from +0. The masked keys j > i
//! are absent rather than multiplied by 0, so a non-finite value in a future row does not
//! reach earlier rows (torch's `weights @ values` would give NaN there). The fused causal
//! modules give the same bits as
//! `causal_context(softmax(masked_fill_upper_neg_inf(q k^T) / sqrt(d)), v)`.
//! Shapes: `S` x `S` weights and `S` x `D` values in, `S` x `D` out.
//! \code
//! cf::matrix<float, 6, 6> w{};
//! cf::matrix<float, 6, 2> v{};
//! cf::matrix<float, 6, 2> ctx = cf::causal_context(w, v);
//! \endcode
template <Scalar T, std::size_t S, std::size_t D>
constexpr matrix<T, S, D> causal_context(const matrix<T, S, S>& weights, const matrix<T, S, D>& values) noexcept {
  matrix<T, S, D> out{};
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = 0; j <= i; ++j) detail::axpy(out.elems[i], weights.elems[i][j], values.elems[j], D);
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

//! Single-head self-attention with a causal mask (the notebook's `CausalAttention`), or
//! without one when `Causal` is false. Members, named as the state_dict: `W_query`, `W_key`,
//! `W_value`, each `linear<T, DIn, DOut, QkvBias>`; and `dropout`, a
//! `constformer::dropout<T>` on the attention weights (not a parameter, and not part of the
//! Hana Struct; default eval mode, rate 0, i.e. the identity).
//!
//! `forward_into(x, out, ws, item)` maps one sequence (`S` x `DIn`, `S <= ContextLength`) to
//! `S` x `DOut`: `Q = W_query(x)` and so on, scores `Q K^T` with the entries j > i masked,
//! divided by `sqrt(DOut)`, softmax, dropout, times `V`. No mask matrix is stored: masked
//! keys are skipped (see `causal_context`). Dropout counters: element (b, i, j) of the
//! [B, S, S] weights uses `b * S * S + i * S + j`, `b` being `item`. `forward(x)` on a matrix
//! or a batch [B, S, DIn] wraps it.
//! Shapes: `W_query.weight` etc. `DOut` x `DIn`; [`B`, `S`, `DIn`] in, [`B`, `S`, `DOut`] out.
//! \code
//! cf::causal_attention<float, 3, 2, 6> ca{};  // DIn 3, DOut 2, context length 6
//! ca.dropout = cf::make_dropout<0.5f>(123);    // optional: training-mode dropout
//! cf::batch<float, 2, 6, 2> y = ca.forward(cf::batch<float, 2, 6, 3>{});
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, bool QkvBias = false,
          bool Causal = true>
struct causal_attention {
  using value_type = T;                                         //!< element type
  static constexpr std::size_t d_in = DIn;                      //!< input embedding width
  static constexpr std::size_t d_out = DOut;                    //!< output width
  static constexpr std::size_t context_length = ContextLength;  //!< longest supported sequence
  static constexpr bool causal = Causal;                        //!< whether future keys are masked
  using projection = linear<T, DIn, DOut, QkvBias>;             //!< type of `W_query`, `W_key`, `W_value`
  //! Working storage for `S` tokens: `Q`, `K`, `V`.
  template <std::size_t S>
  using workspace = self_attention_workspace<T, S, DOut>;

  BOOST_HANA_DEFINE_STRUCT(causal_attention, (projection, W_query), (projection, W_key), (projection, W_value));

  //! Dropout on the attention weights; the identity unless set to training mode.
  ::constformer::dropout<T> dropout{};

  //! The attention of one sequence into columns [out_first, out_first + DOut) of `out`
  //! (the multi-head wrapper puts each head in its own columns) and, if `weights` is not
  //! null, its weights into `*weights`. Dropout counters start at `counter_base`.
  //! Shapes: `S` x `DIn` in; writes `S` x `DOut` into an `S` x `DCtx` matrix (`DOut <= DCtx`), and `S` x `S` weights.
  //! \code
  //! cf::causal_attention<float, 3, 2, 6> ca{};
  //! static cf::workspace_t<decltype(ca), 6> ws;
  //! cf::matrix<float, 6, 4> out{};
  //! ca.forward_columns(cf::matrix<float, 6, 3>{}, out, 2, ws, nullptr, 0);  // columns 2 and 3
  //! \endcode
  template <std::size_t S, std::size_t DCtx>
    requires(S <= ContextLength && DOut <= DCtx)
  constexpr void forward_columns(const matrix<T, S, DIn>& x, matrix<T, S, DCtx>& out, std::size_t out_first,
                                 workspace<S>& ws, std::type_identity_t<matrix<T, S, S>>* weights,
                                 std::uint64_t counter_base) const noexcept {
    W_query.forward_rows(x, ws.queries, 0, S);
    W_key.forward_rows(x, ws.keys, 0, S);
    W_value.forward_rows(x, ws.values, 0, S);
    detail::attend<Causal>(ws.queries, ws.keys, ws.values, 0, DOut, out, out_first, weights, dropout, counter_base);
  }

  //! One sequence (`S` x `DIn`) to its context vectors (`S` x `DOut`) in `out`; `item` is
  //! its index in a batch (dropout counters start at `item * S * S`).
  //! Shapes: `S` x `DIn` in (`S <= ContextLength`), `S` x `DOut` out.
  //! \code
  //! cf::causal_attention<float, 3, 2, 6> ca{};
  //! static cf::workspace_t<decltype(ca), 6> ws;
  //! cf::matrix<float, 6, 2> ctx;
  //! ca.forward_into(cf::matrix<float, 6, 3>{}, ctx, ws);
  //! \endcode
  template <std::size_t S>
    requires(S <= ContextLength)
  constexpr void forward_into(const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out, workspace<S>& ws,
                              std::size_t item = 0) const noexcept {
    forward_columns(x, out, 0, ws, nullptr, static_cast<std::uint64_t>(item * S * S));
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, DIn, DOut, ContextLength)

  //! `forward(x)` together with the attention weights of every batch item.
  //! Shapes: [`Batch`, `S`, `DIn`] in; weights [`Batch`, `S`, `S`] and output [`Batch`, `S`, `DOut`] out.
  //! \code
  //! cf::causal_attention<float, 3, 2, 6> ca{};
  //! auto r = ca.forward_intermediates(cf::batch<float, 2, 6, 3>{});  // r.weights: [2, 6, 6]
  //! \endcode
  template <std::size_t Batch, std::size_t S>
    requires(S <= ContextLength)
  constexpr causal_intermediates<T, Batch, S, DOut> forward_intermediates(const batch<T, Batch, S, DIn>& x) const noexcept {
    detail::check_stack_frame<sizeof(causal_intermediates<T, Batch, S, DOut>) + sizeof(workspace<S>),
                              CONSTFORMER_STACK_BUDGET>();
    causal_intermediates<T, Batch, S, DOut> r{};
    workspace<S> ws;
    for (std::size_t b = 0; b < Batch; ++b)
      forward_columns(x.items[b], r.output.items[b], 0, ws, &r.weights.items[b], b * S * S);
    return r;
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_ATTENTION_CAUSAL_HPP
