// constformer/attention/self_attention.hpp: section 3.4 of the notebook, self-attention with
// trainable weights (scaled dot-product attention): self_attention_v1 (raw [DIn, DOut]
// matrices used as `x W`) and self_attention_v2 (three `linear` layers), plus the one-head
// kernel that the causal and multi-head modules share.
#ifndef CONSTFORMER_ATTENTION_SELF_ATTENTION_HPP
#define CONSTFORMER_ATTENTION_SELF_ATTENTION_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint64_t
#include <type_traits>  // std::type_identity_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"    // matmul, matmul_transposed, operator/
#include "constformer/detail/attend_blocked.hpp"  // attend_blocked: the run-time form of attend
#include "constformer/detail/attend_constant.hpp"  // attend_constant: the constant-evaluation form
#include "constformer/detail/fp_bits.hpp"  // CONSTFORMER_IS_CONSTANT_EVALUATED
#include "constformer/math/exp.hpp"    // math::exp
#include "constformer/math/sqrt.hpp"   // math::sqrt
#include "constformer/nn/dropout.hpp"  // dropout
#include "constformer/nn/linear.hpp"   // linear
#include "constformer/nn/softmax.hpp"  // softmax
#include "constformer/model/module.hpp"  // workspace, CONSTFORMER_FORWARD_BY_VALUE

namespace constformer {

//! Every tensor of one self-attention forward pass, for inspection and tests:
//! `queries`, `keys`, `values` (`S` x `DOut`), the raw `scores = Q K^T` (before scaling),
//! `weights = softmax(scores / sqrt(d_k))` and `context = weights V`.
//! Shapes: `queries`, `keys`, `values`, `context` are `S` x `DOut`; `scores`, `weights` `S` x `S`.
//! \code
//! cf::self_attention_v2<float, 3, 2> sa{};
//! cf::attention_intermediates<float, 6, 2> r = sa.forward_intermediates(cf::matrix<float, 6, 3>{});
//! cf::matrix<float, 6, 6> w = r.weights;
//! \endcode
template <Scalar T, std::size_t S, std::size_t DOut>
struct attention_intermediates {
  matrix<T, S, DOut> queries /*!< `Q = x W_query` */, keys /*!< `K = x W_key` */, values;  //!< `V = x W_value`
  matrix<T, S, S> scores /*!< raw `Q K^T`, before scaling */, weights;  //!< softmax of the scaled scores
  matrix<T, S, DOut> context;                //!< `weights V`, the attention output
};

namespace detail {

//! Scaled dot-product attention of one query row of one head over the keys [0, n): the
//! head is columns [first, first + head_dim) of `qi`'s row, `k` and `v`; its context goes to
//! `o[0, head_dim)` and the row's weights to `w[0, n)`:
//!   w[j] = dot(qi, k[j]) / divisor; w = softmax(w); w = drop(w) (counters row_base + j);
//!   o = sum_j w[j] v[j] (in increasing j, from +0).
//! Keys at or past `n` are absent: they contribute nothing, not even 0 * v[j], so a non-finite
//! value in a masked (future) row never reaches this row, as in incremental decoding, where
//! that row does not exist yet. Three passes over the keys (scores and their maximum; exp
//! and the sum; normalise, drop and accumulate): each element sees the same operations in
//! the same order as the step-by-step `matmul_transposed`, `-inf` mask, `/`, `softmax`,
//! `dropout`, `causal_context` sequence.
template <class T, std::size_t SK, std::size_t D>
constexpr void attend_row(const T* qi, const matrix<T, SK, D>& k, const matrix<T, SK, D>& v, std::size_t n,
                          std::size_t first, std::size_t head_dim, T divisor, T* w, T* o, const dropout<T>& drop,
                          std::uint64_t row_base) noexcept {
  w[0] = detail::dot_acc(T{}, qi, k.elems[0] + first, head_dim) / divisor;
  T m = w[0];
  for (std::size_t j = 1; j < n; ++j) {
    w[j] = detail::dot_acc(T{}, qi, k.elems[j] + first, head_dim) / divisor;
    m = w[j] > m ? w[j] : m;
  }
  T sum{};
  for (std::size_t j = 0; j < n; ++j) sum += (w[j] = math::exp(w[j] - m));
  for (std::size_t c = 0; c < head_dim; ++c) o[c] = T(0);
  const bool dropping = drop.active();
  const T drop_scale = dropping ? drop.scale() : T(1);
  for (std::size_t j = 0; j < n; ++j) {
    w[j] = w[j] / sum;
    if (dropping) w[j] = w[j] * (drop.keep(row_base + j) ? drop_scale : T(0));
    detail::axpy(o, w[j], v.elems[j] + first, head_dim);
  }
}

//! Rows [row_first, row_last) of the attention of one head: query row i attends to the keys
//! [0, i] when `Causal`, else to all `S`. The head is columns [first, first + head_dim) of
//! `q`, `k` and `v`; its context goes to columns [ctx_first, ctx_first + head_dim) of `ctx`.
//! When `weights` is not null the head's weights are written there (masked ones as +0);
//! otherwise one row of `S` weights lives on the stack. Dropout counters are
//! `counter_base + i * S + j`. `HeadDim`, when not 0, is `head_dim` known at compile time
//! (the constant-evaluation form, detail/attend_constant.hpp, needs it; without it a head
//! as wide as `D` is recognised).
template <bool Causal, std::size_t HeadDim = 0, Scalar T, std::size_t S, std::size_t D, std::size_t DCtx>
constexpr void attend(const matrix<T, S, D>& q, const matrix<T, S, D>& k, const matrix<T, S, D>& v, std::size_t first,
                      std::size_t head_dim, matrix<T, S, DCtx>& ctx, std::size_t ctx_first,
                      std::type_identity_t<matrix<T, S, S>>* weights, const dropout<T>& drop,
                      std::uint64_t counter_base, std::size_t row_first = 0, std::size_t row_last = S) noexcept {
#if CONSTFORMER_ATTEND_BLOCKED
  // Run time without dropout: the blocked kernel, the same bits (tests/bitexact).
  if constexpr (attend_blocked_fits<T, S>)
    if (!CONSTFORMER_IS_CONSTANT_EVALUATED() && !drop.active() && head_dim != 0) {
      attend_blocked<Causal>(q, k, v, first, head_dim, ctx, ctx_first, weights, row_first, row_last);
      return;
    }
#endif
  constexpr std::size_t width = HeadDim != 0 ? HeadDim : D;
  if constexpr (attend_constant_width<width, D>) {
    if (CONSTFORMER_IS_CONSTANT_EVALUATED() && head_dim == width) {
      attend_constant<Causal, width>(q, k, v, first, ctx, ctx_first, weights, drop, counter_base, row_first, row_last);
      return;
    }
  }
  const T divisor = math::sqrt(static_cast<T>(head_dim));
  T row[S];  // the current row of weights when the caller does not keep them
  for (std::size_t i = row_first; i < row_last; ++i) {
    const std::size_t n = Causal ? i + 1 : S;
    T* w = weights != nullptr ? weights->elems[i] : row;
    attend_row(q.elems[i] + first, k, v, n, first, head_dim, divisor, w, ctx.elems[i] + ctx_first, drop,
               counter_base + i * S);
    if (weights != nullptr)
      for (std::size_t j = n; j < S; ++j) w[j] = T(0);
  }
}

//! All intermediates, computed step by step with the core operations (the reference the
//! fused `attend` is tested against).
template <Scalar T, std::size_t S, std::size_t DOut>
constexpr void fill_intermediates(attention_intermediates<T, S, DOut>& r) noexcept {
  r.scores = matmul_transposed(r.queries, r.keys);
  r.weights = softmax(r.scores / math::sqrt(static_cast<T>(DOut)));
  r.context = matmul(r.weights, r.values);
}

}  // namespace detail

//! torch's `scaled_dot_product_attention(q, k, v, is_causal=causal)` for one head:
//! `softmax(q k^T / sqrt(D)) v`, with keys j > i masked when `causal` (a masked key is
//! absent: it contributes nothing, see docs/modules.md). One row of `S` weights on the stack.
//! Shapes: `S` x `D` query, key and value in, `S` x `D` out.
//! \code
//! cf::matrix<float, 6, 2> q{}, k{}, v{}, out{};
//! cf::scaled_dot_product_attention(q, k, v, out, /*causal=*/true);
//! \endcode
template <Scalar T, std::size_t S, std::size_t D>
constexpr void scaled_dot_product_attention(const matrix<T, S, D>& q, const matrix<T, S, D>& k,
                                            const matrix<T, S, D>& v, matrix<T, S, D>& out,
                                            bool causal = false) noexcept {
  if (causal) detail::attend<true>(q, k, v, 0, D, out, 0, nullptr, dropout<T>{}, 0);
  else detail::attend<false>(q, k, v, 0, D, out, 0, nullptr, dropout<T>{}, 0);
}

//! `scaled_dot_product_attention` returned by value.
//! Shapes: `S` x `D` query, key and value in, `S` x `D` out.
//! \code
//! cf::matrix<float, 6, 2> q{}, k{}, v{};
//! cf::matrix<float, 6, 2> out = cf::scaled_dot_product_attention(q, k, v, true);
//! \endcode
template <Scalar T, std::size_t S, std::size_t D>
constexpr matrix<T, S, D> scaled_dot_product_attention(const matrix<T, S, D>& q, const matrix<T, S, D>& k,
                                                       const matrix<T, S, D>& v, bool causal = false) noexcept {
  detail::check_stack_frame<sizeof(matrix<T, S, D>), CONSTFORMER_STACK_BUDGET>();
  matrix<T, S, D> out{};
  scaled_dot_product_attention(q, k, v, out, causal);
  return out;
}

//! The working storage of the single-head attention modules for `S` tokens: the projections.
//! Shapes: three `S` x `DOut` matrices.
//! \code
//! cf::self_attention_workspace<float, 6, 2> ws{};  // cf::workspace_t<cf::self_attention_v2<float, 3, 2>, 6>
//! \endcode
template <Scalar T, std::size_t S, std::size_t DOut>
struct self_attention_workspace {
  matrix<T, S, DOut> queries;  //!< `Q`
  matrix<T, S, DOut> keys;     //!< `K`
  matrix<T, S, DOut> values;   //!< `V`
};

namespace detail {

//! `x W` into `out`, for a raw `DIn` x `DOut` weight matrix (`self_attention_v1`).
template <Scalar T, std::size_t S, std::size_t DIn, std::size_t DOut>
constexpr void project(const matrix<T, S, DIn>& x, const matrix<T, DIn, DOut>& w, matrix<T, S, DOut>& out) noexcept {
  matmul_into(x, w, out);
}

//! `w(x)` into `out`, for a `linear` layer (`self_attention_v2`).
template <class Linear, Scalar T, std::size_t S, std::size_t DIn, std::size_t DOut>
  requires requires(const Linear& w, const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out) {
    w.forward_rows(x, out, 0, S);
  }
constexpr void project(const matrix<T, S, DIn>& x, const Linear& w, matrix<T, S, DOut>& out) noexcept {
  w.forward_rows(x, out, 0, S);
}

//! The forward pass of the single-head modules `self_attention_v1/v2`: `m`'s `W_query`,
//! `W_key` and `W_value` projections into `ws`, then attention over all keys into `out`.
template <class M, Scalar T, std::size_t S, std::size_t DIn, std::size_t DOut>
constexpr void self_attention_forward(const M& m, const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out,
                                      self_attention_workspace<T, S, DOut>& ws) noexcept {
  project(x, m.W_query, ws.queries);
  project(x, m.W_key, ws.keys);
  project(x, m.W_value, ws.values);
  attend<false>(ws.queries, ws.keys, ws.values, 0, DOut, out, 0, nullptr, dropout<T>{}, 0);
}

//! Every intermediate of `self_attention_forward`, computed step by step.
template <class M, Scalar T, std::size_t S, std::size_t DIn>
constexpr attention_intermediates<T, S, M::d_out> self_attention_intermediates(const M& m,
                                                                               const matrix<T, S, DIn>& x) noexcept {
  attention_intermediates<T, S, M::d_out> r{};
  project(x, m.W_query, r.queries);
  project(x, m.W_key, r.keys);
  project(x, m.W_value, r.values);
  fill_intermediates(r);
  return r;
}

}  // namespace detail

//! Self-attention with raw weight matrices (the notebook's `SelfAttention_v1`): members
//! `W_query`, `W_key`, `W_value`, each `DIn` x `DOut`, used as `x W` (not transposed).
//! `forward(x)`, `x` of `S` x `DIn` (any `S`), is `softmax(Q K^T / sqrt(DOut)) V` with
//! `Q = x W_query` and so on: `S` x `DOut`. The division is a true division of each score.
//! A literal aggregate and a Hana Struct; zero-initialise with `{}`.
//! \code
//! cf::self_attention_v1<float, 3, 2> sa{};  // W_query, W_key, W_value: 3 x 2
//! cf::matrix<float, 6, 2> ctx = sa.forward(cf::matrix<float, 6, 3>{});
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut>
struct self_attention_v1 {
  using value_type = T;                       //!< element type
  static constexpr std::size_t d_in = DIn;    //!< input embedding width
  static constexpr std::size_t d_out = DOut;  //!< output (context vector) width

  //! Working storage for `S` tokens: `Q`, `K`, `V`.
  template <std::size_t S>
  using workspace = self_attention_workspace<T, S, DOut>;

  BOOST_HANA_DEFINE_STRUCT(self_attention_v1, (matrix<T, DIn, DOut>, W_query), (matrix<T, DIn, DOut>, W_key),
                           (matrix<T, DIn, DOut>, W_value));

  //! The context vectors of `x` into `out`. O(S*DIn*DOut + S*S*DOut).
  //! Shapes: `S` x `DIn` in, `S` x `DOut` out.
  //! \code
  //! cf::self_attention_v1<float, 3, 2> sa{};
  //! static cf::workspace_t<decltype(sa), 6> ws;
  //! cf::matrix<float, 6, 2> ctx;
  //! sa.forward_into(cf::matrix<float, 6, 3>{}, ctx, ws);
  //! \endcode
  template <std::size_t S>
  constexpr void forward_into(const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out, workspace<S>& ws) const noexcept {
    detail::self_attention_forward(*this, x, out, ws);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, DIn, DOut, unbounded_context)

  //! Every intermediate of `forward(x)`, computed step by step; `context` is bit-identical
  //! to `forward(x)`.
  //! Shapes: `S` x `DIn` in; see `attention_intermediates` for the outputs.
  //! \code
  //! cf::self_attention_v1<float, 3, 2> sa{};
  //! auto r = sa.forward_intermediates(cf::matrix<float, 6, 3>{});  // r.weights: 6 x 6
  //! bool same = cf::bit_equal(r.context, sa.forward(cf::matrix<float, 6, 3>{}));  // true
  //! \endcode
  template <std::size_t S>
  constexpr attention_intermediates<T, S, DOut> forward_intermediates(const matrix<T, S, DIn>& x) const noexcept {
    return detail::self_attention_intermediates(*this, x);
  }
};

//! Self-attention with linear layers (the notebook's `SelfAttention_v2`): members
//! `W_query`, `W_key`, `W_value` are `linear<T, DIn, DOut, QkvBias>`, so the state_dict
//! names are `W_query.weight` ([DOut, DIn]) and, with `QkvBias`, `W_query.bias`.
//! `forward(x)` is `softmax(Q K^T / sqrt(DOut)) V` with `Q = x W_query.weight^T (+ b)`.
//! Given `v1.W_query = transpose(v2.W_query.weight)` (and so on), v1 computes the same
//! function (exercise 3.1); the bits agree too, since both sum in increasing index.
//! Shapes: `W_query.weight` etc. `DOut` x `DIn`; `S` x `DIn` in, `S` x `DOut` out.
//! \code
//! cf::self_attention_v2<float, 3, 2> sa{};
//! cf::matrix<float, 6, 2> ctx = sa.forward(cf::matrix<float, 6, 3>{});
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, bool QkvBias = false>
struct self_attention_v2 {
  using value_type = T;                              //!< element type
  static constexpr std::size_t d_in = DIn;           //!< input embedding width
  static constexpr std::size_t d_out = DOut;         //!< output (context vector) width
  using projection = linear<T, DIn, DOut, QkvBias>;  //!< type of `W_query`, `W_key`, `W_value`

  //! Working storage for `S` tokens: `Q`, `K`, `V`.
  template <std::size_t S>
  using workspace = self_attention_workspace<T, S, DOut>;

  BOOST_HANA_DEFINE_STRUCT(self_attention_v2, (projection, W_query), (projection, W_key), (projection, W_value));

  //! The context vectors of `x` into `out`.
  //! Shapes: `S` x `DIn` in, `S` x `DOut` out.
  //! \code
  //! cf::self_attention_v2<float, 3, 2> sa{};
  //! static cf::workspace_t<decltype(sa), 6> ws;
  //! cf::matrix<float, 6, 2> ctx;
  //! sa.forward_into(cf::matrix<float, 6, 3>{}, ctx, ws);
  //! \endcode
  template <std::size_t S>
  constexpr void forward_into(const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out, workspace<S>& ws) const noexcept {
    detail::self_attention_forward(*this, x, out, ws);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, DIn, DOut, unbounded_context)

  //! Every intermediate of `forward(x)`, computed step by step; `context` is bit-identical
  //! to `forward(x)`.
  //! Shapes: `S` x `DIn` in; see `attention_intermediates` for the outputs.
  //! \code
  //! cf::self_attention_v2<float, 3, 2> sa{};
  //! auto r = sa.forward_intermediates(cf::matrix<float, 6, 3>{});  // r.context: 6 x 2
  //! \endcode
  template <std::size_t S>
  constexpr attention_intermediates<T, S, DOut> forward_intermediates(const matrix<T, S, DIn>& x) const noexcept {
    return detail::self_attention_intermediates(*this, x);
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_ATTENTION_SELF_ATTENTION_HPP
