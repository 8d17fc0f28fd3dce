// Section 3.5 (causal attention), written once as constexpr functions: the two masking ways
// of the notebook, CausalAttention, the step-by-step reference the fused module is checked
// against to the bit, and the property "a future token does not change earlier outputs".
#ifndef CONSTFORMER_TESTS_CASES_CAUSAL_HPP
#define CONSTFORMER_TESTS_CASES_CAUSAL_HPP

#include <cstddef>
#include <cstdint>

#include "cases/batch_fixture.hpp"
#include "cases/trainable.hpp"
#include "constformer/attention/causal.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/math/sqrt.hpp"
#include "constformer/nn/softmax.hpp"
#include "support/fixture.hpp"

namespace cf_test {

namespace cf = constformer;

//! CausalAttention from the torch-layout weights (one helper, to be replaced by the
//! named-parameter loader).
template <std::size_t ContextLength, class T, std::size_t DOut, std::size_t DIn>
constexpr cf::causal_attention<T, DIn, DOut, ContextLength> load_causal_attention(const cf::matrix<T, DOut, DIn>& wq,
                                                                                  const cf::matrix<T, DOut, DIn>& wk,
                                                                                  const cf::matrix<T, DOut, DIn>& wv) {
  cf::causal_attention<T, DIn, DOut, ContextLength> m{};
  m.W_query = load_linear(wq);
  m.W_key = load_linear(wk);
  m.W_value = load_linear(wv);
  return m;
}

// --- 3.5.1: the two ways to mask ---------------------------------------------------------------

template <class T>
struct mask_ways_result {
  cf::matrix<T, 6, 6> scores, weights_unmasked, mask_simple, masked_simple, masked_simple_norm, mask_upper,
      masked_scores, weights_causal;
  cf::matrix<T, 6, 2> context_causal;
  cf::matrix<T, 6, 2> values;
};

//! The notebook's cells 98-110 on `sa_v2` (weights of seed 789): the unmasked weights, the
//! tril mask, zeroed and renormalised weights (way 1); the -inf-masked scores and their
//! softmax (way 2), and the context of way 2.
template <class T>
constexpr mask_ways_result<T> mask_ways(const cf::self_attention_v2<T, 3, 2>& sa, const cf::matrix<T, 6, 3>& inputs) {
  mask_ways_result<T> r{};
  const auto steps = sa.forward_intermediates(inputs);
  r.scores = steps.scores;
  r.weights_unmasked = steps.weights;
  r.values = steps.values;
  r.mask_simple = cf::causal_mask_tril<T, 6>();
  r.masked_simple = cf::mask_upper_zero(steps.weights);
  r.masked_simple_norm = cf::apply_mask_renormalize(steps.weights);
  r.mask_upper = cf::causal_mask_upper<T, 6>();
  r.masked_scores = cf::masked_fill_upper_neg_inf(steps.scores);
  r.weights_causal = cf::softmax(r.masked_scores / cf::math::sqrt(T(2)));
  r.context_causal = cf::matmul(r.weights_causal, steps.values);
  return r;
}

//! The two ways agree: exactly 0 above the diagonal, within a few units of roundoff below
//! (way 1 normalises twice): |d| <= 8 eps.
template <class T>
constexpr bool mask_ways_agree(const mask_ways_result<T>& r) {
  constexpr T eps = sizeof(T) == 4 ? T(0x1p-23) : T(0x1p-52);
  if (!upper_is_zero(r.masked_simple_norm) || !upper_is_zero(r.weights_causal)) return false;
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = 0; j <= i; ++j)
      if (abs_of(r.masked_simple_norm(i, j) - r.weights_causal(i, j)) > T(8) * eps) return false;
  return true;
}

// --- the step-by-step reference --------------------------------------------------------------

//! CausalAttention computed the plain way, as torch does it: Q, K, V; `Q K^T`; the -inf
//! mask; `/ sqrt(d_k)`; softmax; dropout; `weights V`. The module's fused, mask-skipping
//! `forward` must give the same bits.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t Batch, std::size_t S>
constexpr cf::causal_intermediates<T, Batch, S, DOut> causal_reference(const cf::causal_attention<T, DIn, DOut, Ctx>& m,
                                                                       const cf::batch<T, Batch, S, DIn>& x) {
  cf::causal_intermediates<T, Batch, S, DOut> r{};
  for (std::size_t b = 0; b < Batch; ++b) {
    const auto q = m.W_query.forward(x.items[b]);
    const auto k = m.W_key.forward(x.items[b]);
    const auto v = m.W_value.forward(x.items[b]);
    const auto masked = cf::masked_fill_upper_neg_inf(cf::matmul_transposed(q, k));
    const auto w = cf::softmax(masked / cf::math::sqrt(static_cast<T>(DOut)));
    r.weights.items[b] = m.dropout.forward(w, static_cast<std::uint64_t>(b * S * S));
    r.output.items[b] = cf::matmul(r.weights.items[b], v);
  }
  return r;
}

//! The fused module equals the reference to the bit (weights and outputs), and `forward`
//! equals `forward_intermediates().output`.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t Batch, std::size_t S>
constexpr bool fused_equals_reference(const cf::causal_attention<T, DIn, DOut, Ctx>& m,
                                      const cf::batch<T, Batch, S, DIn>& x) {
  const auto ref = causal_reference(m, x);
  const auto got = m.forward_intermediates(x);
  return cf::bit_equal(got.weights, ref.weights) && cf::bit_equal(got.output, ref.output) &&
         cf::bit_equal(m.forward(x), got.output);
}

// --- properties ------------------------------------------------------------------------------

//! Under the causal mask, changing token j (of every batch item) leaves outputs 0..j-1
//! bit-identical. `module.forward` maps a batch to a batch; checked for every j.
template <class Module, class T, std::size_t Batch, std::size_t S, std::size_t DIn>
constexpr bool future_tokens_do_not_matter(const Module& m, const cf::batch<T, Batch, S, DIn>& x) {
  const auto y = m.forward(x);
  for (std::size_t j = 0; j < S; ++j) {
    auto changed = x;
    for (std::size_t b = 0; b < Batch; ++b)
      for (std::size_t c = 0; c < DIn; ++c)
        changed.items[b].elems[j][c] = changed.items[b].elems[j][c] * T(-3) + T(0.25) * static_cast<T>(b + c + 1);
    const auto y2 = m.forward(changed);
    for (std::size_t b = 0; b < Batch; ++b)
      for (std::size_t i = 0; i < j; ++i)
        if (!cf::bit_equal(cf::row(y2.items[b], i), cf::row(y.items[b], i))) return false;
  }
  return true;
}

//! The first `Short` tokens alone give the first `Short` outputs, to the bit: a shorter
//! sequence uses the top-left [:Short, :Short] corner of the mask.
template <std::size_t Short, class Module, class T, std::size_t Batch, std::size_t S, std::size_t DIn>
  requires(Short <= S)
constexpr bool shorter_sequence_is_prefix(const Module& m, const cf::batch<T, Batch, S, DIn>& x) {
  cf::batch<T, Batch, Short, DIn> head{};
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t i = 0; i < Short; ++i)
      for (std::size_t c = 0; c < DIn; ++c) head.items[b].elems[i][c] = x.items[b].elems[i][c];
  const auto y = m.forward(x);
  const auto y_short = m.forward(head);
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t i = 0; i < Short; ++i)
      if (!cf::bit_equal(cf::row(y_short.items[b], i), cf::row(y.items[b], i))) return false;
  return true;
}

//! A batch of `Batch` copies of `m` (the notebook's `torch.stack((inputs, inputs))`).
template <std::size_t Batch, class T, std::size_t S, std::size_t D>
constexpr cf::batch<T, Batch, S, D> stack_copies(const cf::matrix<T, S, D>& m) {
  cf::batch<T, Batch, S, D> x{};
  for (std::size_t b = 0; b < Batch; ++b) x.items[b] = m;
  return x;
}

}  // namespace cf_test

#endif
