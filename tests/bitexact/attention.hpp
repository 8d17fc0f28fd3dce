// Compile-time vs run-time bit identity of sections 3.4 and 3.5 (self-attention v1/v2, causal
// attention; section 3.6 is multi_head.hpp); these files are built at -O0, -O2 and
// -O3 -march=native. The run-time inputs and weights pass through volatile.
// The helpers of attention_f32_bitexact.cpp and attention_f64_bitexact.cpp (one element type
// per file, so that each compiles in a few seconds).
#ifndef CONSTFORMER_TESTS_BITEXACT_ATTENTION_HPP
#define CONSTFORMER_TESTS_BITEXACT_ATTENTION_HPP
#include <gtest/gtest.h>

#include "cases/multi_head.hpp"
#include "fixtures/causal_attention_seed123_f32.hpp"
#include "fixtures/causal_attention_seed123_f64.hpp"
#include "fixtures/self_attention_v1_seed123_f32.hpp"
#include "fixtures/self_attention_v1_seed123_f64.hpp"
#include "fixtures/self_attention_v2_seed789_f32.hpp"
#include "fixtures/self_attention_v2_seed789_f64.hpp"
#include "support/fixture.hpp"
#include "support/intermediates.hpp"
#include "support/opaque.hpp"

namespace cf_test::attention_bitexact {

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::opaque;
using cf_test::to_matrix;

template <const auto& Inputs, const auto& Wq, const auto& Wk, const auto& Wv>
void self_attention_v1_bit_identical() {
  constexpr auto ct_m = cf_test::load_self_attention_v1(to_matrix<3, 2>(Wq), to_matrix<3, 2>(Wk), to_matrix<3, 2>(Wv));
  constexpr auto ct = ct_m.forward_intermediates(to_matrix<6, 3>(Inputs));
  constexpr auto ct_y = ct_m.forward(to_matrix<6, 3>(Inputs));
  const auto m = cf_test::load_self_attention_v1(opaque(to_matrix<3, 2>(Wq)), opaque(to_matrix<3, 2>(Wk)),
                                                 opaque(to_matrix<3, 2>(Wv)));
  const auto x = opaque(to_matrix<6, 3>(Inputs));
  cf_test::expect_intermediates_bit_equal(m.forward_intermediates(x), ct);
  EXPECT_TRUE(cf::bit_equal(m.forward(x), ct_y));
}

template <const auto& Inputs, const auto& Wq, const auto& Wk, const auto& Wv>
void self_attention_v2_bit_identical() {
  constexpr auto ct_m = cf_test::load_self_attention_v2(to_matrix<2, 3>(Wq), to_matrix<2, 3>(Wk), to_matrix<2, 3>(Wv));
  constexpr auto ct = ct_m.forward_intermediates(to_matrix<6, 3>(Inputs));
  constexpr auto ct_y = ct_m.forward(to_matrix<6, 3>(Inputs));
  const auto m = cf_test::load_self_attention_v2(opaque(to_matrix<2, 3>(Wq)), opaque(to_matrix<2, 3>(Wk)),
                                                 opaque(to_matrix<2, 3>(Wv)));
  const auto x = opaque(to_matrix<6, 3>(Inputs));
  cf_test::expect_intermediates_bit_equal(m.forward_intermediates(x), ct);
  EXPECT_TRUE(cf::bit_equal(m.forward(x), ct_y));
}

template <const auto& Inputs, const auto& Wq, const auto& Wk, const auto& Wv>
void causal_bit_identical() {
  constexpr auto ct = cf_test::load_causal_attention<6>(to_matrix<2, 3>(Wq), to_matrix<2, 3>(Wk), to_matrix<2, 3>(Wv))
                          .forward_intermediates(cf_test::to_batch<2, 6, 3>(Inputs));
  const auto m = cf_test::load_causal_attention<6>(opaque(to_matrix<2, 3>(Wq)), opaque(to_matrix<2, 3>(Wk)),
                                                   opaque(to_matrix<2, 3>(Wv)));
  const auto x = opaque(cf_test::to_batch<2, 6, 3>(Inputs));
  const auto rt = m.forward_intermediates(x);
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
  EXPECT_TRUE(cf::bit_equal(m.forward(x), ct.output));
  EXPECT_TRUE(cf_test::fused_equals_reference(m, x));
}

#define CF_TEST_SA_ARGS(ns, q, k, v) fx::ns::inputs, fx::ns::q, fx::ns::k, fx::ns::v

}  // namespace cf_test::attention_bitexact

#endif
