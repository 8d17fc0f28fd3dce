// Compile-time vs run-time bit identity of the multi-head wrapper and MultiHeadAttention,
// double (bitexact/multi_head.hpp).
#include <gtest/gtest.h>

#include "bitexact/multi_head.hpp"

namespace cf_test::multi_head_bitexact {
namespace {

TEST(BitExact, MultiHeadWrapperF64) { wrapper_bit_identical<CF_TEST_WRAPPER_ARGS(mha_wrapper_seed123_f64)>(); }
TEST(BitExact, MultiHeadAttentionF64) { mha_bit_identical<CF_TEST_MHA_ARGS(multi_head_attention_dout4_seed123_f64)>(); }

}  // namespace
}  // namespace cf_test::multi_head_bitexact
