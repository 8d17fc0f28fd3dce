// Numerics under stress, written once as constexpr functions: softmax and the attention
// modules on extreme inputs (magnitudes up to 1e4, all-equal rows, -inf masks, +-0,
// subnormals, the largest finite values, sequence length 1) and on NaN / +-inf inputs.
// tests/static/stress_static.cpp calls them in static_asserts, tests/runtime/stress_test.cpp
// with inputs copied through a volatile. The guarantees tested are the ones docs/errors.md
// states; each predicate returns true when the guarantee holds.
#ifndef CONSTFORMER_TESTS_CASES_STRESS_HPP
#define CONSTFORMER_TESTS_CASES_STRESS_HPP

#include <cstddef>
#include <limits>

#include "constformer/attention/causal.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/attention/self_attention.hpp"
#include "constformer/attention/simplified.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/nn/softmax.hpp"

namespace cf_test::stress {

namespace cf = constformer;

template <class T>
inline constexpr T inf = std::numeric_limits<T>::infinity();
template <class T>
inline constexpr T eps = std::numeric_limits<T>::epsilon();
template <class T>
inline constexpr T big = std::numeric_limits<T>::max();
template <class T>
inline constexpr T tiny = std::numeric_limits<T>::denorm_min();
template <class T>
inline constexpr T qnan = std::numeric_limits<T>::quiet_NaN();

template <class T>
constexpr bool is_nan(T x) {
  return x != x;
}
template <class T>
constexpr bool is_positive_zero(T x) {
  return cf::bit_equal(cf::matrix<T, 1, 1>{{{x}}}, cf::matrix<T, 1, 1>{});
}
template <class T>
constexpr T abs_of(T x) {
  return x < T(0) ? -x : x;
}

//! The documented bound on a softmax row's sum: |sum(w) - 1| <= (Cols + 2) * epsilon.
//! (Each weight is exp(x - max) within 1 ULP, divided once by the sum; Cols additions.)
template <class T, std::size_t Cols>
constexpr T sum_bound() {
  return static_cast<T>(Cols + 2) * eps<T>;
}

//! Every weight finite and in [0, 1], and every row summing to 1 within `sum_bound`.
template <class T, std::size_t Rows, std::size_t Cols>
constexpr bool rows_are_distributions(const cf::matrix<T, Rows, Cols>& w) {
  for (std::size_t r = 0; r < Rows; ++r) {
    T s{};
    for (std::size_t c = 0; c < Cols; ++c) {
      const T v = w.elems[r][c];
      if (is_nan(v) || v < T(0) || v > T(1)) return false;
      s += v;
    }
    if (abs_of(s - T(1)) > sum_bound<T, Cols>()) return false;
  }
  return true;
}

//! Every element of every row NaN.
template <class T, std::size_t Rows, std::size_t Cols>
constexpr bool all_nan(const cf::matrix<T, Rows, Cols>& w) {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c)
      if (!is_nan(w.elems[r][c])) return false;
  return true;
}

// --- inputs ---------------------------------------------------------------------------------

//! Rows of scores with magnitudes up to 1e4: spread out, all large positive, all large
//! negative, and alternating signs (exp(1e4) overflows both float and double).
template <class T>
constexpr cf::matrix<T, 4, 6> large_magnitudes() {
  return cf::matrix<T, 4, 6>{{{T(1e4), T(-1e4), T(0), T(5e3), T(-5e3), T(9999)},
                              {T(1e4), T(9999.5), T(9999), T(9998), T(9990), T(9000)},
                              {T(-1e4), T(-9999.5), T(-9999), T(-9998), T(-9990), T(-9000)},
                              {T(1e4), T(-1e4), T(1e4), T(-1e4), T(1e4), T(-1e4)}}};
}

//! All-equal rows: zeros, a large value, a negative value, the largest finite value, its
//! negative, and negative zeros.
template <class T>
constexpr cf::matrix<T, 6, 5> equal_rows() {
  cf::matrix<T, 6, 5> m{};
  const T values[6] = {T(0), T(1e4), T(-3.5), big<T>, -big<T>, -T(0)};
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 5; ++c) m.elems[r][c] = values[r];
  return m;
}

//! Rows with -inf entries (masked scores): row r keeps the entries c <= r (a causal mask),
//! so row 0 has a single unmasked entry; the last row has its one unmasked entry last.
template <class T>
constexpr cf::matrix<T, 5, 5> masked_rows() {
  cf::matrix<T, 5, 5> m{};
  for (std::size_t r = 0; r < 4; ++r)
    for (std::size_t c = 0; c < 5; ++c)
      m.elems[r][c] = c <= r ? T(0.25) * static_cast<T>(c) - T(1e3) * static_cast<T>(r) : -inf<T>;
  for (std::size_t c = 0; c < 5; ++c) m.elems[4][c] = c == 4 ? T(-7.5) : -inf<T>;
  return m;
}

//! Signed zeros, subnormals and the largest finite values, mixed in ways that do not
//! overflow `x - max` (each row's entries are within `big` of its maximum).
template <class T>
constexpr cf::matrix<T, 5, 4> edge_values() {
  return cf::matrix<T, 5, 4>{{{T(0), -T(0), T(0), -T(0)},
                              {tiny<T>, -tiny<T>, T(0), -T(0)},
                              {big<T>, T(0), -T(1), tiny<T>},
                              {-big<T>, -big<T>, -big<T>, -big<T>},
                              {big<T>, big<T>, big<T>, big<T>}}};
}

// --- softmax predicates ---------------------------------------------------------------------

//! Magnitudes up to 1e4: every row a distribution (no overflow, no NaN), each row's
//! maximum's weight the largest, and the unique maximum of a row spread by >= 0.5 gets more
//! than half the weight.
template <class T>
constexpr bool softmax_large_magnitudes(const cf::matrix<T, 4, 6>& x) {
  const auto w = cf::softmax(x);
  if (!rows_are_distributions(w)) return false;
  // Row 0: 1e4 dominates everything by >= 1 (weight 1/(1+e^-1) ~ 0.73).
  if (!(w.elems[0][0] > T(0.7))) return false;
  // Row 1: weights decrease with the scores.
  for (std::size_t c = 1; c < 6; ++c)
    if (!(w.elems[1][c] <= w.elems[1][c - 1])) return false;
  // Row 3: three equal maxima share the weight exactly; the rest underflow to +0.
  for (std::size_t c = 0; c < 6; c += 2)
    if (w.elems[3][c] != T(1) / T(3) || w.elems[3][c + 1] != T(0)) return false;
  return true;
}

//! All-equal rows (any value, including +-0 and +-the largest finite): every weight is
//! exactly 1/N, the correctly rounded quotient.
template <class T>
constexpr bool softmax_equal_rows(const cf::matrix<T, 6, 5>& x) {
  const auto w = cf::softmax(x);
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 5; ++c)
      if (w.elems[r][c] != T(1) / T(5)) return false;
  return true;
}

//! -inf entries get weight exactly +0; a row with one unmasked entry gives it exactly 1;
//! every row is a distribution.
template <class T>
constexpr bool softmax_masked_rows(const cf::matrix<T, 5, 5>& x) {
  const auto w = cf::softmax(x);
  if (!rows_are_distributions(w)) return false;
  for (std::size_t r = 0; r < 5; ++r)
    for (std::size_t c = 0; c < 5; ++c)
      if (x.elems[r][c] == -inf<T> && !is_positive_zero(w.elems[r][c])) return false;
  return w.elems[0][0] == T(1) && w.elems[4][4] == T(1);
}

//! +-0 and subnormals weigh the same as 0 (exp of a subnormal rounds to 1): uniform rows;
//! the largest finite value beats 0 by so much that it takes weight exactly 1; rows of
//! +-the largest finite value are uniform.
template <class T>
constexpr bool softmax_edge_values(const cf::matrix<T, 5, 4>& x) {
  const auto w = cf::softmax(x);
  if (!rows_are_distributions(w)) return false;
  for (std::size_t c = 0; c < 4; ++c)
    if (w.elems[0][c] != T(0.25) || w.elems[1][c] != T(0.25) || w.elems[3][c] != T(0.25) || w.elems[4][c] != T(0.25))
      return false;
  return w.elems[2][0] == T(1) && w.elems[2][1] == T(0) && w.elems[2][2] == T(0) && w.elems[2][3] == T(0);
}

//! [0, -100] (float) or [0, -720] (double): exp of the gap is subnormal.
template <class T>
constexpr cf::matrix<T, 1, 2> subnormal_gap() {
  return cf::matrix<T, 1, 2>{{{T(0), sizeof(T) == 4 ? T(-100) : T(-720)}}};
}

//! A score gap that makes exp(x - max) subnormal (float: e^-100 ~ 3.7e-44, double:
//! e^-720 ~ 1.8e-313) still gives a positive weight, and the row sums to 1.
template <class T>
constexpr bool softmax_subnormal_weight(const cf::matrix<T, 1, 2>& x) {
  const auto w = cf::softmax(x);
  return rows_are_distributions(w) && w.elems[0][0] == T(1) && w.elems[0][1] > T(0) &&
         w.elems[0][1] < std::numeric_limits<T>::min();
}

// Special inputs (documented in docs/errors.md, as torch.softmax): any NaN in a row makes
// the whole row NaN; +inf in a row makes the whole row NaN (inf - inf); a row of only -inf
// is NaN (no finite maximum). Other rows are unaffected. The largest finite value next to
// its negative overflows `x - max` to -inf, which correctly gives weight 0.

//! Row 0 has a NaN first, row 1 a NaN in the middle, row 2 +inf, row 3 only -inf, row 4 -inf
//! next to +inf, row 5 is ordinary.
template <class T>
constexpr cf::matrix<T, 6, 3> special_rows() {
  return cf::matrix<T, 6, 3>{{{qnan<T>, T(1), T(2)},
                              {T(1), qnan<T>, T(2)},
                              {T(1), inf<T>, T(2)},
                              {-inf<T>, -inf<T>, -inf<T>},
                              {-inf<T>, inf<T>, T(0)},
                              {T(1), T(2), T(3)}}};
}

template <class T>
constexpr bool softmax_special_rows(const cf::matrix<T, 6, 3>& x) {
  const auto w = cf::softmax(x);
  for (std::size_t r = 0; r < 5; ++r)
    for (std::size_t c = 0; c < 3; ++c)
      if (!is_nan(w.elems[r][c])) return false;
  const cf::matrix<T, 1, 3> last{{{w.elems[5][0], w.elems[5][1], w.elems[5][2]}}};
  return rows_are_distributions(last) && w.elems[5][2] > w.elems[5][1] && w.elems[5][1] > w.elems[5][0];
}

//! [max, -max]: `x - max` overflows to -inf for the second entry: weights [1, 0].
template <class T>
constexpr cf::matrix<T, 1, 2> overflowing_gap() {
  return cf::matrix<T, 1, 2>{{{big<T>, -big<T>}}};
}
template <class T>
constexpr bool softmax_overflowing_gap(const cf::matrix<T, 1, 2>& x) {
  const auto w = cf::softmax(x);
  return w.elems[0][0] == T(1) && w.elems[0][1] == T(0);
}

// --- attention modules ----------------------------------------------------------------------

//! Deterministic, non-trivial weights for a [DOut, DIn] projection: entry (o, i) is a small
//! rational with both signs.
template <class T, std::size_t DOut, std::size_t DIn>
constexpr cf::matrix<T, DOut, DIn> some_weight(std::size_t salt) {
  cf::matrix<T, DOut, DIn> w{};
  for (std::size_t o = 0; o < DOut; ++o)
    for (std::size_t i = 0; i < DIn; ++i)
      w.elems[o][i] = static_cast<T>(static_cast<int>((o * 7 + i * 3 + salt * 5) % 11) - 5) / T(8);
  return w;
}

template <class T, std::size_t Rows, std::size_t Cols>
constexpr bool same_bits(const cf::matrix<T, Rows, Cols>& a, const cf::matrix<T, Rows, Cols>& b) {
  return cf::bit_equal(a, b);
}

//! Sequence length 1 through every attention module: the one weight is exactly 1, so the
//! context is exactly the value row (then `out_proj` for the fused module, whose input is
//! checked through `forward_intermediates`), and the simplified attention returns its input.
template <class T>
constexpr bool sequence_length_one(const cf::matrix<T, 1, 3>& x) {
  constexpr std::size_t DIn = 3, DOut = 4;
  // Simplified: softmax of a 1 x 1 matrix is [[1]], and +0 + 1 * x = x (equal, not the
  // same bits for x = -0: every sum starts from +0, so a -0 input gives a +0 context).
  if (!(cf::simplified_self_attention(x) == x)) return false;

  cf::self_attention_v2<T, DIn, DOut> v2{};
  v2.W_query.weight = some_weight<T, DOut, DIn>(1);
  v2.W_key.weight = some_weight<T, DOut, DIn>(2);
  v2.W_value.weight = some_weight<T, DOut, DIn>(3);
  const auto v2_r = v2.forward_intermediates(x);
  if (v2_r.weights.elems[0][0] != T(1) || !same_bits(v2.forward(x), v2_r.values)) return false;

  cf::self_attention_v1<T, DIn, DOut> v1{};
  v1.W_query = cf::transpose(v2.W_query.weight);
  v1.W_key = cf::transpose(v2.W_key.weight);
  v1.W_value = cf::transpose(v2.W_value.weight);
  if (!same_bits(v1.forward(x), v1.forward_intermediates(x).values)) return false;

  cf::causal_attention<T, DIn, DOut, 4> causal{};
  causal.W_query = v2.W_query;
  causal.W_key = v2.W_key;
  causal.W_value = v2.W_value;
  const cf::batch<T, 1, 1, DIn> xb{{x}};
  const auto c_r = causal.forward_intermediates(xb);
  if (c_r.weights[0].elems[0][0] != T(1) || !same_bits(c_r.output[0], v2_r.values)) return false;

  cf::multi_head_attention_wrapper<T, DIn, DOut, 4, 2> wrapper{};
  wrapper.heads[0] = causal;
  wrapper.heads[1] = causal;
  const auto w_r = wrapper.forward_intermediates(xb);
  for (std::size_t c = 0; c < 2 * DOut; ++c)
    if (w_r.output[0].elems[0][c] != v2_r.values.elems[0][c % DOut]) return false;

  cf::multi_head_attention<T, DIn, DOut, 4, 2> fused{};
  fused.W_query = v2.W_query;
  fused.W_key = v2.W_key;
  fused.W_value = v2.W_value;
  const auto f_r = fused.forward_intermediates(xb);
  if (f_r.weights[0][0].elems[0][0] != T(1) || f_r.weights[0][1].elems[0][0] != T(1)) return false;
  return same_bits(f_r.context[0], v2_r.values);
}

//! Large inputs through causal attention (scores around 1e4 after scaling): the weights are
//! distributions (no overflow, no NaN), zero above the diagonal, and row 0 is exactly [1, 0...].
template <class T>
constexpr bool causal_large_scores(const cf::matrix<T, 4, 3>& x) {
  cf::causal_attention<T, 3, 2, 4> m{};
  m.W_query.weight = some_weight<T, 2, 3>(4);
  m.W_key.weight = some_weight<T, 2, 3>(5);
  m.W_value.weight = some_weight<T, 2, 3>(6);
  const auto r = m.forward_intermediates(cf::batch<T, 1, 4, 3>{{x}});
  if (!rows_are_distributions(r.weights[0])) return false;
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = i + 1; j < 4; ++j)
      if (r.weights[0].elems[i][j] != T(0)) return false;
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t c = 0; c < 2; ++c)
      if (is_nan(r.output[0].elems[i][c])) return false;
  return r.weights[0].elems[0][0] == T(1);
}

//! Inputs for `causal_large_scores`: magnitudes ~1e2, so that q.k / sqrt(2) is ~1e4.
template <class T>
constexpr cf::matrix<T, 4, 3> large_tokens() {
  return cf::matrix<T, 4, 3>{
      {{T(120), T(-80), T(95)}, {T(-110), T(100), T(60)}, {T(75), T(130), T(-90)}, {T(-60), T(-140), T(115)}}};
}

//! A NaN in one token of causal attention: that token's row and every later row (which
//! attend to it) are NaN; earlier rows are unaffected (the causal mask never reads it).
template <class T>
constexpr bool causal_nan_token(const cf::matrix<T, 4, 3>& x_with_nan_in_row_2) {
  cf::causal_attention<T, 3, 2, 4> m{};
  m.W_query.weight = some_weight<T, 2, 3>(4);
  m.W_key.weight = some_weight<T, 2, 3>(5);
  m.W_value.weight = some_weight<T, 2, 3>(6);
  const auto y = m.forward(cf::batch<T, 1, 4, 3>{{x_with_nan_in_row_2}})[0];
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t c = 0; c < 2; ++c)
      if (is_nan(y.elems[i][c]) != (i >= 2)) return false;
  return true;
}

template <class T>
constexpr cf::matrix<T, 4, 3> tokens_with_nan() {
  cf::matrix<T, 4, 3> x{
      {{T(0.5), T(-0.25), T(1)}, {T(1), T(0.75), T(-1)}, {T(0.25), T(0), T(0.5)}, {T(-1), T(2), T(0)}}};
  x.elems[2][1] = qnan<T>;
  return x;
}

}  // namespace cf_test::stress

#endif
