// Dropout inside the modules at run time: multi-head attention in train mode equals the plain
// computation and the compile-time output (causal attention: dropout_modules_test.cpp).
#include <gtest/gtest.h>

#include <cstdint>

#include "cases/dropout.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "support/opaque.hpp"
#include "support/runtime_test.hpp"

namespace {

TEST(DropoutInModules, MultiHeadAttentionTrainModeEqualsPlainComputation) {
  const auto file = cf_test::load_case<float>("multi_head_attention_seed123");
  const auto m = cf_test::load_mha<6, 2>(cf_test::tensor_matrix<float, 2, 3>(file, "W_query.weight"),
                                         cf_test::tensor_matrix<float, 2, 3>(file, "W_key.weight"),
                                         cf_test::tensor_matrix<float, 2, 3>(file, "W_value.weight"),
                                         cf_test::tensor_matrix<float, 2, 2>(file, "out_proj.weight"),
                                         cf_test::tensor_matrix<float, 1, 2>(file, "out_proj.bias"));
  const auto x = cf_test::unflatten<2>(cf_test::tensor_matrix<float, 12, 3>(file, "inputs"));
  EXPECT_TRUE(cf_test::mha_dropout_consistent(m, x));
  // The same train-mode output as at compile time.
  namespace ns = constformer_fixtures::multi_head_attention_seed123_f32;
  constexpr auto ct = [] {
    auto mc = cf_test::load_mha<6, 2>(
        cf_test::to_matrix<2, 3>(ns::W_query_weight), cf_test::to_matrix<2, 3>(ns::W_key_weight),
        cf_test::to_matrix<2, 3>(ns::W_value_weight), cf_test::to_matrix<2, 2>(ns::out_proj_weight),
        cf_test::to_vector(ns::out_proj_bias));
    mc.dropout = cf::make_dropout<0.25f>(8);
    return mc.forward_intermediates(cf_test::to_batch<2, 6, 3>(ns::inputs));
  }();
  auto mt = m;
  mt.dropout = cf::dropout<float>{cf_test::opaque(0.25f), cf_test::opaque(std::uint64_t{8}), true};
  const auto rt = mt.forward_intermediates(x);
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
}

}  // namespace
