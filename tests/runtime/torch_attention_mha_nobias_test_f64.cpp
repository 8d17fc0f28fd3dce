// torch.nn.MultiheadAttention without biases, with and without the causal attn_mask, against
// PyTorch at run time and against its compile-time evaluation, float64
// (support/torch_attention_tests.hpp).
#include <gtest/gtest.h>

#include "fixtures/torch_mha_nobias_causal_seed123_f64.hpp"
#include "fixtures/torch_mha_nobias_seed123_f64.hpp"
#include "support/torch_attention_tests.hpp"

namespace {

CF_TEST_TORCH_MHA(NnMultiheadAttentionNoBias_f64, torch_mha_nobias_seed123_f64, false, false)
CF_TEST_TORCH_MHA(NnMultiheadAttentionNoBiasCausal_f64, torch_mha_nobias_causal_seed123_f64, false, true)

}  // namespace
