#ifndef CONSTFORMER_TESTS_CASES_MHA_DEFAULT_LIMITS_HPP
#define CONSTFORMER_TESTS_CASES_MHA_DEFAULT_LIMITS_HPP
// The default-limit promise of docs/compile-time.md: a causal multi_head_attention with
// S=64, D=64 and 4 heads, in float and in double, evaluated in one constant expression.
// Building the file is the test: static/mha_default_limits_<T>.cpp are compiled under a
// reduced budget (tests/CMakeLists.txt: 30 % of GCC 12's default, 22 % of Clang 14's, 10 % of
// Clang 19's; the pass needs 25.2 %, 18.9 % and 8.5 %), so if an optimisation of the core is
// undone, the evaluation runs out
// of budget and the file stops compiling. Each constexpr variable below is its own constant
// expression with its own budget.
#include <cstddef>  // std::size_t

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"

namespace {

namespace cf = constformer;

constexpr std::size_t seq_len = 64, d_model = 64, num_heads = 4;

// Uniform values in [-scale, scale) from a 32-bit LCG.
template <class T, std::size_t R, std::size_t C>
constexpr void fill(cf::matrix<T, R, C>& m, unsigned& seed, T scale) noexcept {
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t j = 0; j < C; ++j) {
      seed = seed * 1664525u + 1013904223u;
      m.elems[i][j] = (static_cast<T>(seed >> 8) / static_cast<T>(1 << 24) - T(0.5)) * (2 * scale);
    }
}

template <class T>
using mha_t = cf::multi_head_attention<T, d_model, d_model, seq_len, num_heads>;

template <class T>
constexpr mha_t<T> make_mha() noexcept {
  mha_t<T> m{};
  unsigned seed = 7;
  const T s = T(1) / T(8);
  fill(m.W_query.weight, seed, s);
  fill(m.W_key.weight, seed, s);
  fill(m.W_value.weight, seed, s);
  fill(m.out_proj.weight, seed, s);
  fill(m.out_proj.bias, seed, s);
  return m;
}

template <class T, std::size_t S>
constexpr cf::batch<T, 1, S, d_model> make_x() noexcept {
  cf::batch<T, 1, S, d_model> x{};
  unsigned seed = 11;
  fill(x.items[0], seed, T(1));  // the first rows do not depend on S: a prefix of the same stream
  return x;
}

// Every row of every head's weights sums to 1 within `tol`, and is exactly 0 above the diagonal.
template <class T, std::size_t H, std::size_t S>
constexpr bool causal_rows_sum_to_one(const cf::head_batch<T, 1, H, S, S>& w, T tol) noexcept {
  for (std::size_t h = 0; h < H; ++h)
    for (std::size_t i = 0; i < S; ++i) {
      const T* row = w.items[0].items[h].elems[i];
      T sum{};
      for (std::size_t j = 0; j <= i; ++j) sum += row[j];
      if (sum - T(1) > tol || T(1) - sum > tol) return false;
      for (std::size_t j = i + 1; j < S; ++j)
        if (row[j] != T(0)) return false;
    }
  return true;
}

// Rows [0, Prefix) of `full` are bit-for-bit the output of the `Prefix`-token run: under a
// causal mask a token never sees later tokens.
template <class T, std::size_t Prefix, std::size_t S>
constexpr bool prefix_rows_equal(const cf::batch<T, 1, S, d_model>& full,
                                 const cf::batch<T, 1, Prefix, d_model>& prefix) noexcept {
  cf::matrix<T, Prefix, d_model> head{};
  for (std::size_t i = 0; i < Prefix; ++i)
    for (std::size_t c = 0; c < d_model; ++c) head.elems[i][c] = full.items[0].elems[i][c];
  return cf::bit_equal(head, prefix.items[0]);
}

template <class T>
constexpr bool finite_and_nonzero(const cf::batch<T, 1, seq_len, d_model>& y) noexcept {
  bool nonzero = false;
  for (std::size_t i = 0; i < seq_len; ++i)
    for (std::size_t c = 0; c < d_model; ++c) {
      const T v = y.items[0].elems[i][c];
      if (!(v - v == T(0))) return false;  // inf or NaN
      nonzero = nonzero || v != T(0);
    }
  return nonzero;
}

// The promise, in static/mha_default_limits_<T>.cpp: the whole S=64 forward pass, one constant
// expression, under a reduced budget; its output finite and nonzero, and its first row the
// 1-token run's, bit for bit (under a causal mask a token never sees later tokens).
#define CONSTFORMER_CHECK_MHA_DEFAULT_LIMITS(T)                       \
  namespace check_##T {                                               \
    constexpr auto mha = make_mha<T>();                               \
    constexpr auto y = mha.forward(make_x<T, seq_len>());             \
    static_assert(finite_and_nonzero(y));                             \
    static_assert(prefix_rows_equal(y, mha.forward(make_x<T, 1>()))); \
  }

// The same module's causality and weights over 16 tokens, in static/mha_causal_prefixes_<T>.cpp
// (the S=64 pass above takes most of its file's compile time): the weights kept by
// forward_intermediates have rows that sum to 1 within `tol` and zeros above the diagonal, and
// the 5-token run is bit for bit the first rows of the 16-token one.
#define CONSTFORMER_CHECK_MHA_CAUSAL_PREFIXES(T, tol)                          \
  namespace check_##T {                                                        \
    constexpr auto mha = make_mha<T>();                                        \
    constexpr auto r16 = mha.forward_intermediates(make_x<T, 16>());           \
    static_assert(causal_rows_sum_to_one(r16.weights, tol));                   \
    static_assert(prefix_rows_equal(r16.output, mha.forward(make_x<T, 5>()))); \
  }

}  // namespace

#endif
