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
          bool QkvBias = false>
  requires(NumHeads > 0)
struct multi_head_attention_wrapper {
  using value_type = T;  //!< element type
  //! Type of each head.
  using head_type = causal_attention<T, DIn, DOut, ContextLength, QkvBias>;
  static constexpr std::size_t d_in = DIn;  //!< input embedding width
  static constexpr std::size_t d_out = NumHeads * DOut;  //!< width of the output
  static constexpr std::size_t num_heads = NumHeads;            //!< number of heads
  static constexpr std::size_t context_length = ContextLength;  //!< longest supported sequence

  BOOST_HANA_DEFINE_STRUCT(multi_head_attention_wrapper, (std::array<head_type, NumHeads>, heads));

  //! [B, S, DIn] to [B, S, NumHeads * DOut], the heads concatenated in order.
  //! Shapes: [`Batch`, `S`, `DIn`] in, [`Batch`, `S`, `NumHeads * DOut`] out.
  //! \code
  //! cf::multi_head_attention_wrapper<float, 3, 2, 6, 2> mha{};
  //! cf::batch<float, 2, 6, 4> y = mha.forward(cf::batch<float, 2, 6, 3>{});
  //! \endcode
  template <std::size_t Batch, std::size_t S>
    requires(S <= ContextLength)
  constexpr batch<T, Batch, S, NumHeads * DOut> forward(const batch<T, Batch, S, DIn>& x) const noexcept {
    batch<T, Batch, S, NumHeads * DOut> out{};
    const head_type* h = heads.data();
    for (std::size_t b = 0; b < Batch; ++b)
      for (std::size_t i = 0; i < NumHeads; ++i) h[i].forward_into(x.items[b], out.items[b], i * DOut, nullptr, b * S * S);
    return out;
  }

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
    multi_head_intermediates<T, Batch, NumHeads, S, NumHeads * DOut, NumHeads * DOut> r{};
    const head_type* h = heads.data();
    for (std::size_t b = 0; b < Batch; ++b)
      for (std::size_t i = 0; i < NumHeads; ++i)
        h[i].forward_into(x.items[b], r.output.items[b], i * DOut, &r.weights.items[b].items[i], b * S * S);
    r.context = r.output;
    return r;
  }
};

//! Multi-head attention with one projection split into heads (the notebook's
//! `MultiHeadAttention`). Members, named as the state_dict: `W_query`, `W_key`, `W_value`
//! (`linear<T, DIn, DOut, QkvBias>`), `out_proj` (`linear<T, DOut, DOut, true>`, always with
//! bias); and `dropout` on the attention weights (not a parameter; default the identity).
//! `DOut` must be divisible by `NumHeads`; `head_dim = DOut / NumHeads`.
//!
//! `forward(x)`: [B, S, DIn] (`S <= ContextLength`) to [B, S, DOut]. Head h uses columns
//! [h * head_dim, (h + 1) * head_dim) of Q, K and V (index arithmetic, no copies), causal
//! mask, scores divided by `sqrt(head_dim)`, softmax, dropout, times V; the head contexts
//! fill the same columns of the [B, S, DOut] context, then `out_proj`. Dropout counters:
//! element (b, h, i, j) of the [B, H, S, S] weights uses `((b * H + h) * S + i) * S + j`.
//! Shapes: `W_query.weight` etc. `DOut` x `DIn`, `out_proj.weight` `DOut` x `DOut`; [`B`, `S`, `DIn`] in, [`B`, `S`, `DOut`] out.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};  // DIn 3, DOut 2, context 6, 2 heads
//! cf::batch<float, 2, 6, 3> batch{};
//! cf::batch<float, 2, 6, 2> y = mha.forward(batch);
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, std::size_t NumHeads,
          bool QkvBias = false>
  requires(NumHeads > 0)
struct multi_head_attention {
  static_assert(DOut % NumHeads == 0, "d_out must be divisible by num_heads");

  using value_type = T;                                         //!< element type
  using projection = linear<T, DIn, DOut, QkvBias>;             //!< type of `W_query`, `W_key`, `W_value`
  using output_projection = linear<T, DOut, DOut, true>;        //!< type of `out_proj`
  static constexpr std::size_t d_in = DIn;                      //!< input embedding width
  static constexpr std::size_t d_out = DOut;                    //!< output width
  static constexpr std::size_t num_heads = NumHeads;            //!< number of heads
  static constexpr std::size_t head_dim = DOut / NumHeads;      //!< width of each head
  static constexpr std::size_t context_length = ContextLength;  //!< longest supported sequence

  BOOST_HANA_DEFINE_STRUCT(multi_head_attention, (projection, W_query), (projection, W_key), (projection, W_value),
                           (output_projection, out_proj));

  //! Dropout on the attention weights; the identity unless set to training mode.
  ::constformer::dropout<T> dropout{};

  //! [B, S, DIn] to [B, S, DOut].
  //! Shapes: [`Batch`, `S`, `DIn`] in, [`Batch`, `S`, `DOut`] out.
  //! \code
  //! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
  //! cf::batch<float, 2, 6, 3> batch{};
  //! auto y = mha.forward(batch);  // cf::batch<float, 2, 6, 2>
  //! \endcode
  template <std::size_t Batch, std::size_t S>
    requires(S <= ContextLength)
  constexpr batch<T, Batch, S, DOut> forward(const batch<T, Batch, S, DIn>& x) const noexcept {
    batch<T, Batch, S, DOut> out{};
    for (std::size_t b = 0; b < Batch; ++b) {
      matrix<T, S, DOut> ctx{};
      heads_into(x.items[b], ctx, nullptr, b);
      out.items[b] = out_proj.forward(ctx);
    }
    return out;
  }

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
    multi_head_intermediates<T, Batch, NumHeads, S, DOut, DOut> r{};
    for (std::size_t b = 0; b < Batch; ++b) {
      heads_into(x.items[b], r.context.items[b], &r.weights.items[b], b);
      r.output.items[b] = out_proj.forward(r.context.items[b]);
    }
    return r;
  }

 private:
  // The attention of every head of batch item `b`, into `ctx` (and the weights if asked).
  template <std::size_t S>
  constexpr void heads_into(const matrix<T, S, DIn>& x, matrix<T, S, DOut>& ctx,
                            std::type_identity_t<batch<T, NumHeads, S, S>>* weights,
                            std::size_t b) const noexcept {
    const matrix<T, S, DOut> q = W_query.forward(x);
    const matrix<T, S, DOut> k = W_key.forward(x);
    const matrix<T, S, DOut> v = W_value.forward(x);
    for (std::size_t h = 0; h < NumHeads; ++h)
      detail::attend<true>(q, k, v, h * head_dim, head_dim, ctx, h * head_dim,
                           weights != nullptr ? &weights->items[h] : nullptr, dropout,
                           static_cast<std::uint64_t>((b * NumHeads + h) * S * S));
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_ATTENTION_MULTI_HEAD_HPP
