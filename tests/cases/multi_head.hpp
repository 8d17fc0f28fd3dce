// Section 3.6 (multi-head attention), written once as constexpr functions: loading the
// wrapper and the fused module, the plain (copying) reference for the fused module, and the
// batched matrix product of cells 138-140.
#ifndef CONSTFORMER_TESTS_CASES_MULTI_HEAD_HPP
#define CONSTFORMER_TESTS_CASES_MULTI_HEAD_HPP

#include <cstddef>
#include <cstdint>

#include "cases/batch_fixture.hpp"
#include "cases/causal.hpp"
#include "cases/trainable.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/math/sqrt.hpp"
#include "constformer/nn/softmax.hpp"

namespace cf_test {

namespace cf = constformer;

//! MultiHeadAttentionWrapper with two heads from `heads.{0,1}.W_{query,key,value}.weight`
//! (one helper, to be replaced by the named-parameter loader).
template <std::size_t ContextLength, class T, std::size_t DOut, std::size_t DIn>
constexpr cf::multi_head_attention_wrapper<T, DIn, DOut, ContextLength, 2> load_mha_wrapper(
    const cf::matrix<T, DOut, DIn>& q0, const cf::matrix<T, DOut, DIn>& k0, const cf::matrix<T, DOut, DIn>& v0,
    const cf::matrix<T, DOut, DIn>& q1, const cf::matrix<T, DOut, DIn>& k1, const cf::matrix<T, DOut, DIn>& v1) {
  cf::multi_head_attention_wrapper<T, DIn, DOut, ContextLength, 2> m{};
  m.heads[0] = load_causal_attention<ContextLength>(q0, k0, v0);
  m.heads[1] = load_causal_attention<ContextLength>(q1, k1, v1);
  return m;
}

//! MultiHeadAttention from `W_{query,key,value}.weight`, `out_proj.weight` and `out_proj.bias`
//! (one helper, to be replaced by the named-parameter loader).
template <std::size_t ContextLength, std::size_t NumHeads, class T, std::size_t DOut, std::size_t DIn>
constexpr cf::multi_head_attention<T, DIn, DOut, ContextLength, NumHeads> load_mha(
    const cf::matrix<T, DOut, DIn>& wq, const cf::matrix<T, DOut, DIn>& wk, const cf::matrix<T, DOut, DIn>& wv,
    const cf::matrix<T, DOut, DOut>& out_w, const cf::vector<T, DOut>& out_b) {
  cf::multi_head_attention<T, DIn, DOut, ContextLength, NumHeads> m{};
  m.W_query = load_linear(wq);
  m.W_key = load_linear(wk);
  m.W_value = load_linear(wv);
  m.out_proj = load_linear(out_w, out_b);
  return m;
}

//! MultiHeadAttention computed the plain way, as the notebook's code does: Q, K, V; each head's
//! columns copied out (the `.view(...).transpose(1, 2)`); `Q_h K_h^T`, -inf mask, divided by
//! sqrt(head_dim), softmax, dropout, `W_h V_h`; contexts copied back in head order; out_proj.
//! The module's index-arithmetic, mask-skipping `forward` must give the same bits.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t H, std::size_t Batch, std::size_t S>
constexpr cf::multi_head_intermediates<T, Batch, H, S, DOut, DOut> mha_reference(
    const cf::multi_head_attention<T, DIn, DOut, Ctx, H>& m, const cf::batch<T, Batch, S, DIn>& x) {
  constexpr std::size_t hd = DOut / H;
  cf::multi_head_intermediates<T, Batch, H, S, DOut, DOut> r{};
  for (std::size_t b = 0; b < Batch; ++b) {
    const auto q = m.W_query.forward(x.items[b]);
    const auto k = m.W_key.forward(x.items[b]);
    const auto v = m.W_value.forward(x.items[b]);
    for (std::size_t h = 0; h < H; ++h) {
      cf::matrix<T, S, hd> qh{}, kh{}, vh{};
      for (std::size_t i = 0; i < S; ++i)
        for (std::size_t c = 0; c < hd; ++c) {
          qh(i, c) = q(i, h * hd + c);
          kh(i, c) = k(i, h * hd + c);
          vh(i, c) = v(i, h * hd + c);
        }
      const auto masked = cf::masked_fill_upper_neg_inf(cf::matmul_transposed(qh, kh));
      const auto w = m.dropout.forward(cf::softmax(masked / cf::math::sqrt(static_cast<T>(hd))),
                                       static_cast<std::uint64_t>((b * H + h) * S * S));
      r.weights.items[b].items[h] = w;
      const auto ctx = cf::matmul(w, vh);
      for (std::size_t i = 0; i < S; ++i)
        for (std::size_t c = 0; c < hd; ++c) r.context.items[b](i, h * hd + c) = ctx(i, c);
    }
    r.output.items[b] = m.out_proj.forward(r.context.items[b]);
  }
  return r;
}

//! The fused module equals the reference to the bit, and `forward` equals
//! `forward_intermediates().output`.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t H, std::size_t Batch, std::size_t S>
constexpr bool mha_equals_reference(const cf::multi_head_attention<T, DIn, DOut, Ctx, H>& m,
                                    const cf::batch<T, Batch, S, DIn>& x) {
  const auto ref = mha_reference(m, x);
  const auto got = m.forward_intermediates(x);
  return cf::bit_equal(got.weights, ref.weights) && cf::bit_equal(got.context, ref.context) &&
         cf::bit_equal(got.output, ref.output) && cf::bit_equal(m.forward(x), got.output);
}

//! The wrapper is its heads side by side: head h's own `forward` fills columns
//! [h*DOut, (h+1)*DOut) of the wrapper's output, to the bit; and its weights are head h's.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t H, std::size_t Batch, std::size_t S>
constexpr bool wrapper_is_concatenation(const cf::multi_head_attention_wrapper<T, DIn, DOut, Ctx, H>& m,
                                        const cf::batch<T, Batch, S, DIn>& x) {
  const auto got = m.forward_intermediates(x);
  if (!cf::bit_equal(m.forward(x), got.output)) return false;
  for (std::size_t h = 0; h < H; ++h) {
    const auto one = m.heads[h].forward_intermediates(x);
    if (!cf::bit_equal(head_of(got.weights, h), one.weights)) return false;
    for (std::size_t b = 0; b < Batch; ++b)
      for (std::size_t i = 0; i < S; ++i)
        for (std::size_t c = 0; c < DOut; ++c)
          if (!cf::bit_equal(cf::vector<T, 1>{{{got.output[b](i, h * DOut + c)}}},
                             cf::vector<T, 1>{{{one.output[b](i, c)}}}))
            return false;
  }
  return true;
}

//! Cells 138-140: `a @ a.transpose(2, 3)` for `a` of shape [B, H, S, D], one
//! `matmul_transposed` per (b, h); the result is [B, H, S, S].
template <class T, std::size_t Batch, std::size_t H, std::size_t S, std::size_t D>
constexpr cf::head_batch<T, Batch, H, S, S> batched_matmul_transposed(const cf::head_batch<T, Batch, H, S, D>& a) {
  cf::head_batch<T, Batch, H, S, S> r{};
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t h = 0; h < H; ++h) r[b][h] = cf::matmul_transposed(a[b][h], a[b][h]);
  return r;
}

}  // namespace cf_test

#endif
