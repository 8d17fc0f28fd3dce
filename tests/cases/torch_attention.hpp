// torch's attention modules against ours, written once as constexpr functions for the
// static and run-time tests: torch.nn.MultiheadAttention loaded by its own state_dict names,
// scaled dot-product attention, and the rule that relates our non-finite results to torch's.
#ifndef CONSTFORMER_TESTS_CASES_TORCH_ATTENTION_HPP
#define CONSTFORMER_TESTS_CASES_TORCH_ATTENTION_HPP

#include <cstddef>
#include <limits>
#include <string_view>

#include "cases/batch_fixture.hpp"
#include "cases/named.hpp"  // fixture_entry, fixture_lacks_a_parameter_of_the_module
#include "constformer/attention/multi_head.hpp"
#include "constformer/attention/self_attention.hpp"
#include "constformer/core/batch.hpp"
#include "support/fixture.hpp"

namespace cf_test {

//! The README's tolerances as torch's `allclose` arguments: float64 1e-12 + 1e-12 |ref|,
//! float32 1e-6 + 1e-5 |ref|.
template <class T>
inline constexpr T fixture_atol = sizeof(T) == 4 ? T(1e-6) : T(1e-12);
template <class T>
inline constexpr T fixture_rtol = sizeof(T) == 4 ? T(1e-5) : T(1e-12);

//! `cf::allclose` of a result against a flat fixture tensor with the README's tolerances.
template <class T, std::size_t Rows, std::size_t Cols, std::size_t N>
  requires(N == Rows * Cols)
constexpr bool torch_allclose(const cf::matrix<T, Rows, Cols>& got, const T (&ref)[N]) {
  return cf::allclose(got, to_matrix<Rows, Cols>(ref), fixture_rtol<T>, fixture_atol<T>);
}
template <class T, std::size_t Batch, std::size_t Rows, std::size_t Cols, std::size_t N>
constexpr bool torch_allclose(const cf::batch<T, Batch, Rows, Cols>& got, const T (&ref)[N]) {
  return torch_allclose(flatten(got), ref);
}
template <class T, std::size_t Batch, std::size_t H, std::size_t Rows, std::size_t Cols, std::size_t N>
constexpr bool torch_allclose(const cf::head_batch<T, Batch, H, Rows, Cols>& got, const T (&ref)[N]) {
  return torch_allclose(flatten(got), ref);
}

//! The tensor `prefix` + `name` of a fixture's name table as a Rows x Cols matrix. A missing
//! name or another size stops constant evaluation (at run time the matrix stays zero).
template <std::size_t Rows, std::size_t Cols, class T, std::size_t N>
constexpr cf::matrix<T, Rows, Cols> named_tensor(const constformer_fixtures::fixture_entry<T> (&table)[N],
                                                 std::string_view prefix, std::string_view name) {
  cf::matrix<T, Rows, Cols> m{};
  for (const auto& e : table) {
    const std::string_view full(e.name);
    if (e.size != Rows * Cols || !full.starts_with(prefix) || full.substr(prefix.size()) != name) continue;
    for (std::size_t i = 0; i < Rows * Cols; ++i) m.elems[i / Cols][i % Cols] = e.data[i];
    return m;
  }
  fixture_lacks_a_parameter_of_the_module();
  return m;
}

//! `M` (a fused `multi_head_attention<T, E, E, ...>`) from a `torch.nn.MultiheadAttention`
//! state_dict under `prefix`: `in_proj_weight`, `in_proj_bias` (when the module has a qkv
//! bias), `out_proj.weight`, `out_proj.bias` (when it has an output bias).
template <class M, class T, std::size_t N>
constexpr M load_torch_mha(const constformer_fixtures::fixture_entry<T> (&table)[N], std::string_view prefix = {}) {
  constexpr std::size_t E = M::d_in;
  M m{};
  const auto in_w = named_tensor<3 * E, E>(table, prefix, "in_proj_weight");
  if constexpr (M::projection::has_bias) {
    const auto in_b = named_tensor<1, 3 * E>(table, prefix, "in_proj_bias");
    cf::load_in_proj(m, in_w, &in_b);
  } else {
    cf::load_in_proj(m, in_w);  // bias=False: no in_proj_bias
  }
  m.out_proj.weight = named_tensor<E, E>(table, prefix, "out_proj.weight");
  if constexpr (M::output_projection::has_bias) m.out_proj.bias = named_tensor<1, E>(table, prefix, "out_proj.bias");
  return m;
}

//! `M` loaded with `load_torch_mha` and run on the fixture batch `inputs` ([Batch, S, E]):
//! the weights [Batch, H, S, S] and the output.
template <class M, std::size_t Batch, std::size_t S, class T, std::size_t NT, std::size_t NX>
constexpr auto torch_mha_forward(const constformer_fixtures::fixture_entry<T> (&table)[NT], const T (&inputs)[NX]) {
  return load_torch_mha<M>(table).forward_intermediates(to_batch<Batch, S, M::d_in>(inputs));
}

//! torch's `average_attn_weights=True`: the mean over heads of [B, H, S, S] weights (summed in
//! head order, then divided by H).
template <class T, std::size_t Batch, std::size_t H, std::size_t S>
constexpr cf::batch<T, Batch, S, S> average_heads(const cf::head_batch<T, Batch, H, S, S>& w) {
  cf::batch<T, Batch, S, S> r{};
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < S; ++j) {
        T s{};
        for (std::size_t h = 0; h < H; ++h) s += w[b][h](i, j);
        r[b](i, j) = s / static_cast<T>(H);
      }
  return r;
}

//! `scaled_dot_product_attention` on each item of [B, S, D] query, key and value batches.
template <class T, std::size_t Batch, std::size_t S, std::size_t D>
constexpr cf::batch<T, Batch, S, D> sdpa_batch(const cf::batch<T, Batch, S, D>& q, const cf::batch<T, Batch, S, D>& k,
                                               const cf::batch<T, Batch, S, D>& v, bool causal) {
  cf::batch<T, Batch, S, D> r{};
  for (std::size_t b = 0; b < Batch; ++b) cf::scaled_dot_product_attention(q[b], k[b], v[b], r[b], causal);
  return r;
}

//! Same kind of value: both NaN, both the same infinity, or both finite and close.
template <class T>
constexpr bool same_kind(T got, T ref) {
  const bool got_nan = got != got, ref_nan = ref != ref;
  if (got_nan || ref_nan) return got_nan && ref_nan;
  constexpr T inf = std::numeric_limits<T>::infinity();
  if (got == inf || got == -inf || ref == inf || ref == -inf) return got == ref;
  return close(got, ref);
}

//! Whether row `i` of `m` is all finite.
template <class T, std::size_t Rows, std::size_t Cols>
constexpr bool row_finite(const cf::matrix<T, Rows, Cols>& m, std::size_t i) {
  constexpr T big = std::numeric_limits<T>::max();
  for (std::size_t c = 0; c < Cols; ++c)
    if (!(m(i, c) >= -big && m(i, c) <= big)) return false;
  return true;
}

//! Our documented relation to torch for non-finite inputs (docs/errors.md). Row by row, our
//! result is of the same kind as torch's (NaN where torch has NaN, the same infinities, close
//! finite values), except where a causal mask keeps a later non-finite key or value out: torch
//! adds the mask (`NaN + -inf`) and weights masked values by 0 (`0 * inf`), so its row is
//! NaN; ours is finite and close to torch's output on the rows before the bad one alone
//! (`prefix`). Returns how many rows took that exception, or -1 when a row matches neither.
template <class T, std::size_t S, std::size_t D, std::size_t PrefixRows>
constexpr int rows_match_torch(const cf::matrix<T, S, D>& ours, const cf::matrix<T, S, D>& full,
                               const cf::matrix<T, PrefixRows, D>& prefix, bool causal) {
  int masked_rows = 0;
  for (std::size_t i = 0; i < S; ++i) {
    bool same = true;
    for (std::size_t c = 0; c < D; ++c) same = same && same_kind(ours(i, c), full(i, c));
    if (same) continue;
    if (!causal || i >= PrefixRows || row_finite(full, i) || !row_finite(ours, i)) return -1;
    for (std::size_t c = 0; c < D; ++c)
      if (!close(ours(i, c), prefix(i, c))) return -1;
    ++masked_rows;
  }
  return masked_rows;
}

//! The same with torch's outputs as flat fixture arrays.
template <class T, std::size_t S, std::size_t D, std::size_t N, std::size_t NP>
  requires(N == S * D && NP % D == 0)
constexpr int rows_match_torch(const cf::matrix<T, S, D>& ours, const T (&torch_full)[N], const T (&prefix)[NP],
                               bool causal) {
  return rows_match_torch(ours, to_matrix<S, D>(torch_full), to_matrix<NP / D, D>(prefix), causal);
}

//! A copy of `m` with row `row` set to `value` (a NaN or infinity in one token).
template <class T, std::size_t S, std::size_t D>
constexpr cf::matrix<T, S, D> with_row(cf::matrix<T, S, D> m, std::size_t row, T value) {
  for (std::size_t c = 0; c < D; ++c) m(row, c) = value;
  return m;
}

//! Causal multi-head attention on rows [0, Rows) of `x` only (`forward_rows`): never reads the
//! rows after them, so it is a constant expression even when a later row holds NaN.
template <std::size_t Rows, class M, class T, std::size_t S, std::size_t D>
constexpr cf::matrix<T, Rows, M::d_out> leading_rows(const M& m, const cf::matrix<T, S, D>& x) {
  cf::workspace_t<M, S> ws{};
  cf::matrix<T, S, M::d_out> out{};
  m.forward_rows(x, out, ws, ws.kv, 0, Rows);
  cf::matrix<T, Rows, M::d_out> r{};
  for (std::size_t i = 0; i < Rows; ++i)
    for (std::size_t c = 0; c < M::d_out; ++c) r(i, c) = out(i, c);
  return r;
}

}  // namespace cf_test

#endif
