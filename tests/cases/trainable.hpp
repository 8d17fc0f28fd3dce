// Section 3.4 (self-attention with trainable weights), written once as constexpr functions:
// the step-by-step computation of 3.4.1, SelfAttention_v1 / _v2, exercise 3.1 and the
// properties (rows of the weights sum to 1, permuting tokens permutes the outputs).
#ifndef CONSTFORMER_TESTS_CASES_TRAINABLE_HPP
#define CONSTFORMER_TESTS_CASES_TRAINABLE_HPP

#include <cstddef>

#include "constformer/attention/self_attention.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/math/sqrt.hpp"
#include "constformer/nn/linear.hpp"
#include "constformer/nn/softmax.hpp"
#include "cases/batch_fixture.hpp"
#include "support/fixture.hpp"

namespace cf_test {

namespace cf = constformer;

// --- weight loading: one helper per module (to be replaced by the named-parameter loader) --

//! A linear layer from its torch-layout weight [Out, In].
template <class T, std::size_t Out, std::size_t In>
constexpr cf::linear<T, In, Out> load_linear(const cf::matrix<T, Out, In>& weight) {
  cf::linear<T, In, Out> l{};
  l.weight = weight;
  return l;
}

//! A linear layer with bias from weight [Out, In] and bias [Out].
template <class T, std::size_t Out, std::size_t In>
constexpr cf::linear<T, In, Out, true> load_linear(const cf::matrix<T, Out, In>& weight,
                                                   const cf::vector<T, Out>& bias) {
  cf::linear<T, In, Out, true> l{};
  l.weight = weight;
  l.bias = bias;
  return l;
}

//! SelfAttention_v1 from its [DIn, DOut] matrices.
template <class T, std::size_t DIn, std::size_t DOut>
constexpr cf::self_attention_v1<T, DIn, DOut> load_self_attention_v1(const cf::matrix<T, DIn, DOut>& wq,
                                                                     const cf::matrix<T, DIn, DOut>& wk,
                                                                     const cf::matrix<T, DIn, DOut>& wv) {
  cf::self_attention_v1<T, DIn, DOut> m{};
  m.W_query = wq;
  m.W_key = wk;
  m.W_value = wv;
  return m;
}

//! SelfAttention_v2 from the torch-layout weights `W_query.weight` ... ([DOut, DIn]).
template <class T, std::size_t DOut, std::size_t DIn>
constexpr cf::self_attention_v2<T, DIn, DOut> load_self_attention_v2(const cf::matrix<T, DOut, DIn>& wq,
                                                                     const cf::matrix<T, DOut, DIn>& wk,
                                                                     const cf::matrix<T, DOut, DIn>& wv) {
  cf::self_attention_v2<T, DIn, DOut> m{};
  m.W_query = load_linear(wq);
  m.W_key = load_linear(wk);
  m.W_value = load_linear(wv);
  return m;
}

// --- 3.4.1: one query, step by step ----------------------------------------------------------

template <class T>
struct step_by_step_result {
  cf::vector<T, 2> query_2;
  cf::matrix<T, 6, 2> keys, values;
  T attn_score_22;
  cf::vector<T, 6> attn_scores_2, attn_weights_2;
  cf::vector<T, 2> context_vec_2;
};

//! The notebook's cells 68-83 with the core operations: `query_2 = x_2 W_query`, keys and
//! values of all tokens, `attn_score_22 = query_2 . keys_2`, `attn_scores_2 = query_2 keys^T`,
//! `attn_weights_2 = softmax(attn_scores_2 / sqrt(d_k))`, `context_vec_2 = weights values`.
template <class T>
constexpr step_by_step_result<T> step_by_step(const cf::matrix<T, 6, 3>& inputs, const cf::matrix<T, 3, 2>& wq,
                                              const cf::matrix<T, 3, 2>& wk, const cf::matrix<T, 3, 2>& wv) {
  step_by_step_result<T> r{};
  const auto x_2 = cf::row(inputs, 1);
  r.query_2 = cf::matmul(x_2, wq);
  r.keys = cf::matmul(inputs, wk);
  r.values = cf::matmul(inputs, wv);
  r.attn_score_22 = cf::dot(r.query_2, cf::row(r.keys, 1));
  r.attn_scores_2 = cf::matmul_transposed(r.query_2, r.keys);
  const T d_k = T(2);
  r.attn_weights_2 = cf::softmax(r.attn_scores_2 / cf::math::sqrt(d_k));
  r.context_vec_2 = cf::matmul(r.attn_weights_2, r.values);
  return r;
}

// --- properties ------------------------------------------------------------------------------

//! The rows of `m` reordered: row i of the result is row perm[i] of `m`.
template <class T, std::size_t S, std::size_t D>
constexpr cf::matrix<T, S, D> permute_rows(const cf::matrix<T, S, D>& m, const std::size_t (&perm)[S]) {
  cf::matrix<T, S, D> out{};
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t c = 0; c < D; ++c) out.elems[i][c] = m.elems[perm[i]][c];
  return out;
}

//! Without a mask, attention is permutation-equivariant: `f(P x) = P f(x)`. The scores are
//! the same dot products (bit-identical), but each softmax sum runs in a different order, so
//! the outputs agree within a few units of roundoff: |d| <= 16 eps (1 + |ref|).
template <class Module, class T, std::size_t S, std::size_t DIn>
constexpr bool permutation_equivariant(const Module& m, const cf::matrix<T, S, DIn>& x, const std::size_t (&perm)[S]) {
  constexpr T eps = sizeof(T) == 4 ? T(0x1p-23) : T(0x1p-52);
  const auto y = m.forward(x);
  const auto y_perm = m.forward(permute_rows(x, perm));
  const auto expected = permute_rows(y, perm);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t c = 0; c < Module::d_out; ++c)
      if (abs_of(y_perm.elems[i][c] - expected.elems[i][c]) > T(16) * eps * (T(1) + abs_of(expected.elems[i][c])))
        return false;
  // The raw scores permute exactly: scores'[i][j] = scores[perm[i]][perm[j]].
  const auto s = m.forward_intermediates(x).scores;
  const auto s_perm = m.forward_intermediates(permute_rows(x, perm)).scores;
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = 0; j < S; ++j)
      if (!cf::bit_equal(cf::vector<T, 1>{{{s_perm.elems[i][j]}}}, cf::vector<T, 1>{{{s.elems[perm[i]][perm[j]]}}}))
        return false;
  return true;
}

inline constexpr std::size_t reverse6[6] = {5, 4, 3, 2, 1, 0};
inline constexpr std::size_t shuffle6[6] = {2, 0, 5, 1, 4, 3};

}  // namespace cf_test

#endif
