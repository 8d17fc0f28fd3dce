// Dropout inside the modules at run time: causal attention in train mode equals the plain
// computation (multi-head attention: dropout_mha_test.cpp).
#include <gtest/gtest.h>

#include "cases/dropout.hpp"
#include "support/runtime_test.hpp"

namespace {

TEST(DropoutInModules, CausalAttentionTrainModeEqualsPlainComputation) {
  const auto file = cf_test::load_case<double>("causal_attention_seed123");
  const auto m = cf_test::load_causal_attention<6>(cf_test::tensor_matrix<double, 2, 3>(file, "W_query.weight"),
                                                   cf_test::tensor_matrix<double, 2, 3>(file, "W_key.weight"),
                                                   cf_test::tensor_matrix<double, 2, 3>(file, "W_value.weight"));
  EXPECT_TRUE(cf_test::causal_dropout_consistent(
      m, cf_test::unflatten<2>(cf_test::tensor_matrix<double, 12, 3>(file, "inputs"))));
}

}  // namespace
