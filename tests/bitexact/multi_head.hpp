// Compile-time vs run-time bit identity of section 3.6 (the multi-head wrapper and fused
// multi-head attention); these files are built at -O0, -O2 and -O3 -march=native. The run-time
// inputs and weights pass through volatile.
// The helpers of multi_head_f32_bitexact.cpp and multi_head_f64_bitexact.cpp (one element type
// per file, so that each compiles in a few seconds).
#ifndef CONSTFORMER_TESTS_BITEXACT_MULTI_HEAD_HPP
#define CONSTFORMER_TESTS_BITEXACT_MULTI_HEAD_HPP
#include <gtest/gtest.h>

#include "cases/multi_head.hpp"
#include "fixtures/mha_wrapper_seed123_f32.hpp"
#include "fixtures/mha_wrapper_seed123_f64.hpp"
#include "fixtures/multi_head_attention_dout4_seed123_f32.hpp"
#include "fixtures/multi_head_attention_dout4_seed123_f64.hpp"
#include "support/fixture.hpp"
#include "support/opaque.hpp"

namespace cf_test::multi_head_bitexact {

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::opaque;
using cf_test::to_matrix;

template <const auto& Inputs, const auto& Q0, const auto& K0, const auto& V0, const auto& Q1, const auto& K1,
          const auto& V1>
void wrapper_bit_identical() {
  constexpr auto ct = cf_test::load_mha_wrapper<6>(to_matrix<2, 3>(Q0), to_matrix<2, 3>(K0), to_matrix<2, 3>(V0),
                                                   to_matrix<2, 3>(Q1), to_matrix<2, 3>(K1), to_matrix<2, 3>(V1))
                          .forward_intermediates(cf_test::to_batch<2, 6, 3>(Inputs));
  const auto m = cf_test::load_mha_wrapper<6>(opaque(to_matrix<2, 3>(Q0)), opaque(to_matrix<2, 3>(K0)),
                                              opaque(to_matrix<2, 3>(V0)), opaque(to_matrix<2, 3>(Q1)),
                                              opaque(to_matrix<2, 3>(K1)), opaque(to_matrix<2, 3>(V1)));
  const auto x = opaque(cf_test::to_batch<2, 6, 3>(Inputs));
  const auto rt = m.forward_intermediates(x);
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
  EXPECT_TRUE(cf::bit_equal(m.forward(x), ct.output));
}

template <const auto& Inputs, const auto& Wq, const auto& Wk, const auto& Wv, const auto& Wo, const auto& Bo>
void mha_bit_identical() {
  constexpr auto ct = cf_test::load_mha<6, 2>(to_matrix<4, 3>(Wq), to_matrix<4, 3>(Wk), to_matrix<4, 3>(Wv),
                                              to_matrix<4, 4>(Wo), cf_test::to_vector(Bo))
                          .forward_intermediates(cf_test::to_batch<2, 6, 3>(Inputs));
  const auto m =
      cf_test::load_mha<6, 2>(opaque(to_matrix<4, 3>(Wq)), opaque(to_matrix<4, 3>(Wk)), opaque(to_matrix<4, 3>(Wv)),
                              opaque(to_matrix<4, 4>(Wo)), opaque(cf_test::to_vector(Bo)));
  const auto x = opaque(cf_test::to_batch<2, 6, 3>(Inputs));
  const auto rt = m.forward_intermediates(x);
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.context, ct.context));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
  EXPECT_TRUE(cf::bit_equal(m.forward(x), ct.output));
  EXPECT_TRUE(cf_test::mha_equals_reference(m, x));
}

#define CF_TEST_WRAPPER_ARGS(ns)                                                                                \
  fx::ns::inputs, fx::ns::heads_0_W_query_weight, fx::ns::heads_0_W_key_weight, fx::ns::heads_0_W_value_weight, \
      fx::ns::heads_1_W_query_weight, fx::ns::heads_1_W_key_weight, fx::ns::heads_1_W_value_weight

#define CF_TEST_MHA_ARGS(ns)                                                                                     \
  fx::ns::inputs, fx::ns::W_query_weight, fx::ns::W_key_weight, fx::ns::W_value_weight, fx::ns::out_proj_weight, \
      fx::ns::out_proj_bias

}  // namespace cf_test::multi_head_bitexact

#endif
