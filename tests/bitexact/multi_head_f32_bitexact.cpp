// Compile-time vs run-time bit identity of the multi-head wrapper and MultiHeadAttention, float
// (bitexact/multi_head.hpp).
#include <gtest/gtest.h>

#include "bitexact/multi_head.hpp"

namespace cf_test::multi_head_bitexact {
namespace {

TEST(BitExact, MultiHeadWrapperF32) { wrapper_bit_identical<CF_TEST_WRAPPER_ARGS(mha_wrapper_seed123_f32)>(); }
TEST(BitExact, MultiHeadAttentionF32) { mha_bit_identical<CF_TEST_MHA_ARGS(multi_head_attention_dout4_seed123_f32)>(); }

}  // namespace
}  // namespace cf_test::multi_head_bitexact
