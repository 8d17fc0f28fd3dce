// forward_into at run time: inputs from the fixture file, bits equal to forward (float64).
#include <gtest/gtest.h>

#include "cases/memory.hpp"
#include "fixtures/multi_head_attention_dout4_seed123_f64.hpp"
#include "cases/batch_fixture.hpp"
#include "support/runtime_test.hpp"

namespace {

TEST(Memory, ForwardIntoMatchesForwardF64) {
  const auto file = cf_test::load_case<double>("multi_head_attention_dout4_seed123");
  const auto x = cf_test::unflatten<2>(cf_test::tensor_matrix<double, 12, 3>(file, "inputs")).items[0];
  EXPECT_TRUE((cf_test::forward_into_matches<cf::causal_attention<double, 3, 4, 6>,
                                             cf::multi_head_attention<double, 3, 4, 6, 2>>(
      fx::multi_head_attention_dout4_seed123_f64::tensors, fx::multi_head_attention_dout4_seed123_f64::tensors, x)));
}

}  // namespace
