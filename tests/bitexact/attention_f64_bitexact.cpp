// Compile-time vs run-time bit identity of self-attention v1/v2 and causal attention, double
// (bitexact/attention.hpp).
#include <gtest/gtest.h>

#include "bitexact/attention.hpp"

namespace cf_test::attention_bitexact {
namespace {

TEST(BitExact, SelfAttentionV1F64) {
  self_attention_v1_bit_identical<CF_TEST_SA_ARGS(self_attention_v1_seed123_f64, W_query, W_key, W_value)>();
}
TEST(BitExact, SelfAttentionV2F64) {
  self_attention_v2_bit_identical<CF_TEST_SA_ARGS(self_attention_v2_seed789_f64, W_query_weight, W_key_weight,
                                                  W_value_weight)>();
}
TEST(BitExact, CausalAttentionF64) {
  causal_bit_identical<CF_TEST_SA_ARGS(causal_attention_seed123_f64, W_query_weight, W_key_weight, W_value_weight)>();
}

}  // namespace
}  // namespace cf_test::attention_bitexact
