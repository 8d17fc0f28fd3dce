// The run-time attention kernel (detail/attend_blocked.hpp) against the constant-evaluation
// form it stands in for, through multi-head attention (weights, head contexts, output) on
// random weights drawn by the constant evaluator, at shapes with whole and partial blocks of
// rows and head widths that are not a multiple of the vector width; built at -O0, -O2,
// -O3 -march=native, with the portable (array) vectors, and with the kernel switched off
// (tests/CMakeLists.txt). Random shapes at run time: attend_random.hpp.
// The helpers of attend_kernel_f32_bitexact.cpp and attend_kernel_f64_bitexact.cpp (one element
// type per file, so that each compiles in a few seconds).
#ifndef CONSTFORMER_TESTS_BITEXACT_ATTEND_KERNEL_HPP
#define CONSTFORMER_TESTS_BITEXACT_ATTEND_KERNEL_HPP
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/matrix.hpp"
#include "support/opaque.hpp"
#include "support/random_draws.hpp"  // random_matrix

namespace cf_test::attend_kernel_bitexact {

namespace cf = constformer;
using cf_test::opaque;
using cf_test::random_matrix;

template <class T, std::size_t D, std::size_t S, std::size_t H, bool Causal>
using mha = cf::multi_head_attention<T, D, D, S, H, true, Causal, true>;

template <class T, std::size_t D, std::size_t S, std::size_t H, bool Causal>
constexpr mha<T, D, S, H, Causal> random_mha(std::uint64_t seed) {
  mha<T, D, S, H, Causal> m{};
  m.W_query.weight = random_matrix<T, D, D>(seed, T(1));
  m.W_key.weight = random_matrix<T, D, D>(seed + 1, T(1));
  m.W_value.weight = random_matrix<T, D, D>(seed + 2, T(1));
  m.out_proj.weight = random_matrix<T, D, D>(seed + 3, T(1));
  m.W_query.bias = random_matrix<T, 1, D>(seed + 4, T(1));
  m.W_key.bias = random_matrix<T, 1, D>(seed + 5, T(1));
  m.W_value.bias = random_matrix<T, 1, D>(seed + 6, T(1));
  m.out_proj.bias = random_matrix<T, 1, D>(seed + 7, T(1));
  return m;
}

template <class M>
M opaque_module(const M& m) {
  M r = m;
  r.W_query.weight = opaque(m.W_query.weight);
  r.W_key.weight = opaque(m.W_key.weight);
  r.W_value.weight = opaque(m.W_value.weight);
  r.out_proj.weight = opaque(m.out_proj.weight);
  r.W_query.bias = opaque(m.W_query.bias);
  r.W_key.bias = opaque(m.W_key.bias);
  r.W_value.bias = opaque(m.W_value.bias);
  r.out_proj.bias = opaque(m.out_proj.bias);
  return r;
}

template <class T, std::size_t D, std::size_t S, std::size_t H, bool Causal, std::uint64_t Seed>
void mha_compile_time_equals_run_time() {
  static constexpr auto m = random_mha<T, D, S, H, Causal>(Seed);
  static constexpr auto x = random_matrix<T, S, D>(Seed + 100, T(2));
  static constexpr auto ct = m.forward_intermediates(cf::batch<T, 1, S, D>{{x}});
  const auto rt = opaque_module(m).forward_intermediates(cf::batch<T, 1, S, D>{{opaque(x)}});
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.context, ct.context));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
}

}  // namespace cf_test::attend_kernel_bitexact

#endif
