// constformer/attention/multi_head.hpp: section 3.6 of the notebook, multi-head attention:
// multi_head_attention_wrapper (independent causal heads, concatenated) and the fused
// multi_head_attention (one projection split into heads, then an output projection).
#ifndef CONSTFORMER_ATTENTION_MULTI_HEAD_HPP
#define CONSTFORMER_ATTENTION_MULTI_HEAD_HPP

#include <array>    // std::array: the wrapper's heads, named heads.0, heads.1, ...
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint64_t
#include <type_traits>  // std::type_identity_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/attention/causal.hpp"          // causal_attention
#include "constformer/attention/self_attention.hpp"  // detail::attend
#include "constformer/core/batch.hpp"                // batch, head_batch
#include "constformer/core/matrix.hpp"
#include "constformer/nn/dropout.hpp"  // dropout
#include "constformer/nn/linear.hpp"   // linear
#include "constformer/model/module.hpp"  // workspace_t, CONSTFORMER_FORWARD_BY_VALUE

namespace constformer {

//! What the multi-head modules' `forward_intermediates` return: the attention weights
//! [B, NumHeads, S, S] (zero above the diagonal), the concatenated head contexts [B, S, DCat]
//! (for `multi_head_attention` this is `context_before_out_proj`) and the output [B, S, DOut].
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! cf::multi_head_intermediates<float, 2, 2, 6, 2, 2> r = mha.forward_intermediates(cf::batch<float, 2, 6, 3>{});
//! cf::matrix<float, 6, 6> w = r.weights[0][1];  // batch item 0, head 1
//! \endcode
template <Scalar T, std::size_t Batch, std::size_t NumHeads, std::size_t S, std::size_t DCat, std::size_t DOut>
struct multi_head_intermediates {
  head_batch<T, Batch, NumHeads, S, S> weights;  //!< attention weights, [B, NumHeads, S, S]
  batch<T, Batch, S, DCat> context;              //!< concatenated head contexts, [B, S, DCat]
  batch<T, Batch, S, DOut> output;               //!< module output, [B, S, DOut]
};

//! `NumHeads` independent causal heads (the notebook's `MultiHeadAttentionWrapper`): member
//! `heads`, a `std::array` of `causal_attention<T, DIn, DOut, ContextLength, QkvBias>`, so the
//! state_dict names are `heads.0.W_query.weight` and so on. `forward(x)` maps [B, S, DIn]
//! (`S <= ContextLength`) to [B, S, NumHeads * DOut], head h's output in columns
//! [h * DOut, (h + 1) * DOut). Each head has its own `dropout` member (its own seed).
//! Shapes: [`B`, `S`, `DIn`] in, [`B`, `S`, `NumHeads * DOut`] out.
//! \code
//! cf::multi_head_attention_wrapper<float, 3, 2, 6, 2> mha{};  // 2 heads of DOut 2
//! cf::batch<float, 2, 6, 4> y = mha.forward(cf::batch<float, 2, 6, 3>{});
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, std::size_t NumHeads,
          bool QkvBias = false, bool Causal = true>
  requires(NumHeads > 0)
struct multi_head_attention_wrapper {
  using value_type = T;  //!< element type
  //! Type of each head.
  using head_type = causal_attention<T, DIn, DOut, ContextLength, QkvBias, Causal>;
  //! Working storage for `S` tokens: one head's (the heads run one after another).
  template <std::size_t S>
  using workspace = workspace_t<head_type, S>;
  static constexpr std::size_t d_in = DIn;  //!< input embedding width
  static constexpr std::size_t d_out = NumHeads * DOut;  //!< width of the output
  static constexpr std::size_t num_heads = NumHeads;            //!< number of heads
  static constexpr std::size_t context_length = ContextLength;  //!< longest supported sequence

  BOOST_HANA_DEFINE_STRUCT(multi_head_attention_wrapper, (std::array<head_type, NumHeads>, heads));

  //! One sequence (`S` x `DIn`) into `out` (`S` x `NumHeads * DOut`), head h in columns
  //! [h * DOut, (h + 1) * DOut); `item` is its index in a batch (dropout counters).
  //! Shapes: `S` x `DIn` in, `S` x `NumHeads * DOut` out.
  //! \code
  //! cf::multi_head_attention_wrapper<float, 3, 2, 6, 2> mha{};
  //! static cf::workspace_t<decltype(mha), 6> ws;
  //! cf::matrix<float, 6, 4> out;
  //! mha.forward_into(cf::matrix<float, 6, 3>{}, out, ws);
  //! \endcode
  template <std::size_t S>
    requires(S <= ContextLength)
  constexpr void forward_into(const matrix<T, S, DIn>& x, matrix<T, S, NumHeads * DOut>& out, workspace<S>& ws,
                              std::size_t item = 0) const noexcept {
    forward_heads(x, out, ws, nullptr, item);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, DIn, (NumHeads * DOut), ContextLength)

  //! `forward(x)` with each head's weights ([B, NumHeads, S, S]); `context` and `output`
  //! are both the concatenated output.
  //! Shapes: [`Batch`, `S`, `DIn`] in; weights [`Batch`, `NumHeads`, `S`, `S`], context and output [`Batch`, `S`, `NumHeads * DOut`] out.
  //! \code
  //! cf::multi_head_attention_wrapper<float, 3, 2, 6, 2> mha{};
  //! auto r = mha.forward_intermediates(cf::batch<float, 2, 6, 3>{});  // r.weights: [2, 2, 6, 6]
  //! \endcode
  template <std::size_t Batch, std::size_t S>
    requires(S <= ContextLength)
  constexpr multi_head_intermediates<T, Batch, NumHeads, S, NumHeads * DOut, NumHeads * DOut> forward_intermediates(
      const batch<T, Batch, S, DIn>& x) const noexcept {
    using result = multi_head_intermediates<T, Batch, NumHeads, S, NumHeads * DOut, NumHeads * DOut>;
    detail::check_stack_frame<sizeof(result) + sizeof(workspace<S>), CONSTFORMER_STACK_BUDGET>();
    result r{};
    workspace<S> ws;
    for (std::size_t b = 0; b < Batch; ++b) forward_heads(x.items[b], r.output.items[b], ws, &r.weights.items[b], b);
    r.context = r.output;
    return r;
  }

 private:
  template <std::size_t S>
  constexpr void forward_heads(const matrix<T, S, DIn>& x, matrix<T, S, NumHeads * DOut>& out, workspace<S>& ws,
                               std::type_identity_t<batch<T, NumHeads, S, S>>* weights,
                               std::size_t item) const noexcept {
    const head_type* h = heads.data();
    for (std::size_t i = 0; i < NumHeads; ++i)
      h[i].forward_columns(x, out, i * DOut, ws, weights != nullptr ? &weights->items[i] : nullptr, item * S * S);
  }
};

//! The keys and values of `S` positions: what attention keeps of the rows it computed, and
//! what incremental decoding reads back.
//! Shapes: two `S` x `D` matrices.
//! \code
//! cf::kv_cache<float, 16, 32> cache{};  // 16 positions of width 32
//! \endcode
template <Scalar T, std::size_t S, std::size_t D>
struct kv_cache {
  matrix<T, S, D> keys;  //!< `K`, all heads
  matrix<T, S, D> values;  //!< `V`, all heads
};

//! The working storage of `multi_head_attention` for `S` tokens: the queries, the head
//! contexts (the input of `out_proj`) and the keys and values.
//! Shapes: four `S` x `D` matrices.
//! \code
//! cf::multi_head_workspace<float, 6, 2> ws{};  // cf::workspace_t<cf::multi_head_attention<float, 3, 2, 6, 2>, 6>
//! \endcode
template <Scalar T, std::size_t S, std::size_t D>
struct multi_head_workspace {
  matrix<T, S, D> queries;  //!< `W_query(x)`, all heads
  matrix<T, S, D> context;  //!< the head contexts, concatenated: the input of `out_proj`
  kv_cache<T, S, D> kv;  //!< `W_key(x)` and `W_value(x)`
};

//! Multi-head attention with one projection split into heads (the notebook's
//! `MultiHeadAttention`). Members, named as the state_dict: `W_query`, `W_key`, `W_value`
//! (`linear<T, DIn, DOut, QkvBias>`), `out_proj` (`linear<T, DOut, DOut, OutBias>`); and
//! `dropout` on the attention weights (not a parameter; default the identity). `DOut` must
//! be divisible by `NumHeads`; `head_dim = DOut / NumHeads`. `Causal` (default, the book's)
//! masks future keys; false gives encoder (BERT-style) attention.
//!
//! `forward_into(x, out, ws, item)`: `S` x `DIn` (`S <= ContextLength`) to `S` x `DOut`. Head
//! h uses columns [h * head_dim, (h + 1) * head_dim) of Q, K and V (index arithmetic, no
//! copies), mask, scores divided by `sqrt(head_dim)`, softmax, dropout, times V; the head
//! contexts fill the same columns of the context, then `out_proj`. Dropout counters:
//! element (b, h, i, j) of the [B, H, S, S] weights uses `((b * H + h) * S + i) * S + j`, b
//! being `item`. `forward(x)` on a matrix or a batch wraps it.
//! Shapes: `W_query.weight` etc. `DOut` x `DIn`, `out_proj.weight` `DOut` x `DOut`; [`B`, `S`, `DIn`] in, [`B`, `S`, `DOut`] out.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};  // DIn 3, DOut 2, context 6, 2 heads
//! cf::batch<float, 2, 6, 3> batch{};
//! cf::batch<float, 2, 6, 2> y = mha.forward(batch);
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, std::size_t NumHeads,
          bool QkvBias = false, bool Causal = true, bool OutBias = true>
  requires(NumHeads > 0)
struct multi_head_attention {
  static_assert(DOut % NumHeads == 0, "d_out must be divisible by num_heads");

  using value_type = T;  //!< element type
  using projection = linear<T, DIn, DOut, QkvBias>;  //!< type of `W_query`, `W_key`, `W_value`
  using output_projection = linear<T, DOut, DOut, OutBias>;  //!< type of `out_proj`
  static constexpr std::size_t d_in = DIn;  //!< input embedding width
  static constexpr std::size_t d_out = DOut;  //!< output width
  static constexpr std::size_t num_heads = NumHeads;  //!< number of heads
  static constexpr std::size_t head_dim = DOut / NumHeads;  //!< width of each head
  static constexpr std::size_t context_length = ContextLength;  //!< longest supported sequence
  static constexpr bool causal = Causal;  //!< whether future keys are masked
  //! Working storage for `S` tokens.
  template <std::size_t S>
  using workspace = multi_head_workspace<T, S, DOut>;

  BOOST_HANA_DEFINE_STRUCT(multi_head_attention, (projection, W_query), (projection, W_key), (projection, W_value),
                           (output_projection, out_proj));

  //! Dropout on the attention weights; the identity unless set to training mode.
  ::constformer::dropout<T> dropout{};

  //! Rows [first, last) of the forward pass, with the keys and values in `kv` (the
  //! workspace's own, or a per-layer cache a model keeps). Causal: only rows
  //! [first, last) of K and V are projected, rows before `first` are read from `kv` as an
  //! earlier call left them, which is how a decoder adds one position at a time; the result
  //! has the bits of computing all rows at once. Not causal: every query needs every key, so
  //! K and V are projected for all `S` rows. `weights`, if not null, receives the [H, S, S]
  //! attention weights. The other rows of `out` are untouched.
  //! Shapes: `S` x `DIn` in, `S` x `DOut` out; `kv` holds `S` positions.
  //! \code
  //! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
  //! static cf::workspace_t<decltype(mha), 6> ws;
  //! cf::matrix<float, 6, 3> x{};
  //! cf::matrix<float, 6, 2> out;
  //! mha.forward_rows(x, out, ws, ws.kv, 0, 5);  // positions 0..4
  //! mha.forward_rows(x, out, ws, ws.kv, 5, 6);  // then position 5: the same bits as all at once
  //! \endcode
  template <std::size_t S>
    requires(S <= ContextLength)
  constexpr void forward_rows(const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out, workspace<S>& ws,
                              kv_cache<T, S, DOut>& kv, std::size_t first, std::size_t last, std::size_t item = 0,
                              std::type_identity_t<batch<T, NumHeads, S, S>>* weights = nullptr) const noexcept {
    const std::size_t kv_first = Causal ? first : 0, kv_last = Causal ? last : S;
    W_query.forward_rows(x, ws.queries, first, last);
    W_key.forward_rows(x, kv.keys, kv_first, kv_last);
    W_value.forward_rows(x, kv.values, kv_first, kv_last);
    for (std::size_t h = 0; h < NumHeads; ++h)
      detail::attend<Causal, head_dim>(ws.queries, kv.keys, kv.values, h * head_dim, head_dim, ws.context, h * head_dim,
                                       weights != nullptr ? &weights->items[h] : nullptr, dropout,
                                       static_cast<std::uint64_t>((item * NumHeads + h) * S * S), first, last);
    out_proj.forward_rows(ws.context, out, first, last);
  }

  //! One sequence (`S` x `DIn`) into `out` (`S` x `DOut`); `item` is its index in a batch
  //! (dropout counters). The stack holds no tensor, one row of `S` weights at most.
  //! Shapes: `S` x `DIn` in, `S` x `DOut` out.
  //! \code
  //! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
  //! static cf::workspace_t<decltype(mha), 6> ws;
  //! cf::matrix<float, 6, 2> out;
  //! mha.forward_into(cf::matrix<float, 6, 3>{}, out, ws);
  //! \endcode
  template <std::size_t S>
    requires(S <= ContextLength)
  constexpr void forward_into(const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out, workspace<S>& ws,
                              std::size_t item = 0) const noexcept {
    forward_rows(x, out, ws, ws.kv, 0, S, item);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, DIn, DOut, ContextLength)

  //! `forward(x)` with the weights [B, NumHeads, S, S] and `context_before_out_proj`.
  //! Shapes: [`Batch`, `S`, `DIn`] in; weights [`Batch`, `NumHeads`, `S`, `S`], context and output [`Batch`, `S`, `DOut`] out.
  //! \code
  //! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
  //! auto r = mha.forward_intermediates(cf::batch<float, 2, 6, 3>{});
  //! cf::batch<float, 2, 6, 2> before = r.context;  // context_before_out_proj
  //! \endcode
  template <std::size_t Batch, std::size_t S>
    requires(S <= ContextLength)
  constexpr multi_head_intermediates<T, Batch, NumHeads, S, DOut, DOut> forward_intermediates(
      const batch<T, Batch, S, DIn>& x) const noexcept {
    using result = multi_head_intermediates<T, Batch, NumHeads, S, DOut, DOut>;
    detail::check_stack_frame<sizeof(result) + sizeof(workspace<S>), CONSTFORMER_STACK_BUDGET>();
    result r{};
    workspace<S> ws;
    for (std::size_t b = 0; b < Batch; ++b) {
      forward_rows(x.items[b], r.output.items[b], ws, ws.kv, 0, S, b, &r.weights.items[b]);
      r.context.items[b] = ws.context;
    }
    return r;
  }
};

//! Fills the fused module from a `torch.nn.MultiheadAttention` state_dict: `in_proj_weight`
//! [3E, E] holds the query, key and value weights one above the other, `in_proj_bias` [3E]
//! their biases (leave it out, or pass null, when the torch module has `bias=False`). Load
//! `out_proj.weight` and `out_proj.bias` by name as usual. torch's module is not causal unless
//! given a mask: use `Causal = false` for it, `Causal = true` for a causal `attn_mask`.
//! Shapes: `in_proj_weight` 3E x E, `in_proj_bias` 1 x 3E.
//! \code
//! cf::multi_head_attention<float, 4, 4, 8, 2, true, false, true> mha{};  // nn.MultiheadAttention(4, 2)
//! cf::matrix<float, 12, 4> in_proj_weight{};
//! cf::vector<float, 12> in_proj_bias{};
//! cf::load_in_proj(mha, in_proj_weight, &in_proj_bias);
//! \endcode
template <Scalar T, std::size_t E, std::size_t ContextLength, std::size_t NumHeads, bool Bias, bool Causal,
          bool OutBias>
constexpr void load_in_proj(multi_head_attention<T, E, E, ContextLength, NumHeads, Bias, Causal, OutBias>& m,
                            const matrix<T, 3 * E, E>& in_proj_weight,
                            std::type_identity_t<const vector<T, 3 * E>*> in_proj_bias = nullptr) noexcept {
  linear<T, E, E, Bias>* parts[3] = {&m.W_query, &m.W_key, &m.W_value};
  for (std::size_t p = 0; p < 3; ++p)
    for (std::size_t r = 0; r < E; ++r) {
      for (std::size_t c = 0; c < E; ++c) parts[p]->weight.elems[r][c] = in_proj_weight.elems[p * E + r][c];
      if constexpr (Bias)
        if (in_proj_bias != nullptr) parts[p]->bias.elems[0][r] = in_proj_bias->elems[0][p * E + r];
    }
}

}  // namespace constformer

#endif  // CONSTFORMER_ATTENTION_MULTI_HEAD_HPP
