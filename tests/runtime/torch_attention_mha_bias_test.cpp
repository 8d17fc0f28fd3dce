// torch.nn.MultiheadAttention with biases, with and without the causal attn_mask, against
// PyTorch at run time and against its compile-time evaluation, float32
// (support/torch_attention_tests.hpp).
#include <gtest/gtest.h>

#include "fixtures/torch_mha_bias_causal_seed123_f32.hpp"
#include "fixtures/torch_mha_bias_seed123_f32.hpp"
#include "support/torch_attention_tests.hpp"

namespace {

CF_TEST_TORCH_MHA(NnMultiheadAttentionBias_f32, torch_mha_bias_seed123_f32, true, false)
CF_TEST_TORCH_MHA(NnMultiheadAttentionBiasCausal_f32, torch_mha_bias_causal_seed123_f32, true, true)

}  // namespace
