// Non-causal multi-head attention, torch.nn.MultiheadAttention and scaled dot-product attention
// against PyTorch at run time, float64 (support/torch_attention_tests.hpp).
#include <gtest/gtest.h>

#include "fixtures/mha_noncausal_qkvbias_seed123_f64.hpp"
#include "fixtures/sdpa_seed123_f64.hpp"
#include "fixtures/torch_mha_bias_causal_seed123_f64.hpp"
#include "fixtures/torch_mha_bias_seed123_f64.hpp"
#include "fixtures/torch_mha_nobias_causal_seed123_f64.hpp"
#include "fixtures/torch_mha_nobias_seed123_f64.hpp"
#include "support/torch_attention_tests.hpp"

namespace {

CF_TEST_TORCH_NONCAUSAL(f64)
CF_TEST_TORCH_MHA(NnMultiheadAttentionBias_f64, torch_mha_bias_seed123_f64, true, false)
CF_TEST_TORCH_MHA(NnMultiheadAttentionBiasCausal_f64, torch_mha_bias_causal_seed123_f64, true, true)
CF_TEST_TORCH_MHA(NnMultiheadAttentionNoBias_f64, torch_mha_nobias_seed123_f64, false, false)
CF_TEST_TORCH_MHA(NnMultiheadAttentionNoBiasCausal_f64, torch_mha_nobias_causal_seed123_f64, false, true)
CF_TEST_TORCH_SDPA(f64)

}  // namespace
