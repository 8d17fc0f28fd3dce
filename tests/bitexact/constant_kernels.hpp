// The constant-evaluation forms of the kernels (by-value rows in matmul and
// matmul_transposed, detail/attend_constant.hpp in attention) against the run-time forms, bit
// for bit, over pseudo-random shapes and values: row lengths below, at and past the 64-term
// blocks, head widths from 1 to past 64 (which takes the generic form), causal and not, with
// dropout, with the weights kept, and one position at a time through the key/value cache.
// The cases are here; bitexact/constant_kernels_*.cpp run a few each, so that each file
// compiles quickly.
#ifndef CONSTFORMER_TESTS_BITEXACT_CONSTANT_KERNELS_HPP
#define CONSTFORMER_TESTS_BITEXACT_CONSTANT_KERNELS_HPP

#include <gtest/gtest.h>

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t

#include "constformer/attention/causal.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/ops.hpp"
#include "support/opaque.hpp"

namespace cf_test::constant_kernels {

namespace cf = constformer;

// Values over several binades and both signs, from a 32-bit LCG.
template <class T, std::size_t R, std::size_t C>
constexpr cf::matrix<T, R, C> random_binade_matrix(std::uint32_t seed, T scale) noexcept {
  cf::matrix<T, R, C> m{};
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t j = 0; j < C; ++j) {
      seed = seed * 1664525u + 1013904223u;
      const T u = static_cast<T>(seed >> 8) / static_cast<T>(1 << 24) - T(0.5);
      const T binade = static_cast<T>(1u << ((seed >> 4) & 7u)) / T(16);  // 1/16 .. 8
      m.elems[i][j] = u * binade * scale;
    }
  return m;
}

//! matmul_transposed and matmul of random Rows x Inner and Inner x Cols operands.
template <class T, std::size_t Rows, std::size_t Inner, std::size_t Cols>
void matmul_case() {
  constexpr auto a = random_binade_matrix<T, Rows, Inner>(Rows * 7919u + Inner, T(1));
  constexpr auto b = random_binade_matrix<T, Cols, Inner>(Cols * 104729u + Inner, T(1));
  constexpr auto bn = random_binade_matrix<T, Inner, Cols>(Cols * 31u + Inner, T(1));
  constexpr auto ct = cf::matmul_transposed(a, b);
  constexpr auto ct_n = cf::matmul(a, bn);
  EXPECT_TRUE(cf::bit_equal(cf::matmul_transposed(opaque(a), opaque(b)), ct));
  EXPECT_TRUE(cf::bit_equal(cf::matmul(opaque(a), opaque(bn)), ct_n));
}

template <class T, std::size_t D, std::size_t S, std::size_t H, bool Causal>
constexpr cf::multi_head_attention<T, D, D, S, H, false, Causal> make_mha(std::uint32_t seed, bool dropping) noexcept {
  cf::multi_head_attention<T, D, D, S, H, false, Causal> m{};
  m.W_query.weight = random_binade_matrix<T, D, D>(seed + 1, T(0.5));
  m.W_key.weight = random_binade_matrix<T, D, D>(seed + 2, T(0.5));
  m.W_value.weight = random_binade_matrix<T, D, D>(seed + 3, T(0.5));
  m.out_proj.weight = random_binade_matrix<T, D, D>(seed + 4, T(0.5));
  m.out_proj.bias = random_binade_matrix<T, 1, D>(seed + 5, T(0.5));
  if (dropping) m.dropout = cf::dropout<T>{T(0.25), seed, true};
  return m;
}

//! forward_intermediates (weights kept), forward, and the positions one by one through a cache.
template <class T, std::size_t S, std::size_t D, std::size_t H, bool Causal = true, bool Dropping = false>
void mha_case() {
  constexpr auto seed = static_cast<std::uint32_t>(S * 1000u + D * 10u + H);
  constexpr auto m = make_mha<T, D, S, H, Causal>(seed, Dropping);
  constexpr auto x = cf::batch<T, 1, S, D>{{random_binade_matrix<T, S, D>(seed + 7, T(2))}};
  constexpr auto ct = m.forward_intermediates(x);
  constexpr auto ct_steps = [&] {
    cf::multi_head_workspace<T, S, D> ws{};
    cf::matrix<T, S, D> out{};
    for (std::size_t i = 0; i < S; ++i) m.forward_rows(x.items[0], out, ws, ws.kv, i, i + 1);
    return out;
  }();
  const auto rm = make_mha<T, D, S, H, Causal>(opaque(seed), opaque(Dropping));
  const cf::batch<T, 1, S, D> rx{{opaque(x.items[0])}};
  const auto rt = rm.forward_intermediates(rx);
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.context, ct.context));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
  EXPECT_TRUE(cf::bit_equal(rm.forward(rx), ct.output));
  if constexpr (Causal) {
    EXPECT_TRUE(cf::bit_equal(ct_steps, ct.output.items[0]));
  }
}

}  // namespace cf_test::constant_kernels

#endif  // CONSTFORMER_TESTS_BITEXACT_CONSTANT_KERNELS_HPP
