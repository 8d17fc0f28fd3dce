// Non-causal multi-head attention, torch.nn.MultiheadAttention (bias on and off, with and
// without the causal attn_mask) and scaled dot-product attention against PyTorch at run time:
// weights and inputs pass through values the optimiser cannot fold, results are compared with
// torch's (tolerances of tests/fixtures/book/README.md) and, bit for bit, with the
// compile-time evaluation of the same code (tests/static/torch_attention.cpp). Float32 here, float64 in
// torch_attention_test_f64.cpp; the tests are in support/torch_attention_tests.hpp.
#include <gtest/gtest.h>

#include "fixtures/mha_noncausal_qkvbias_seed123_f32.hpp"
#include "fixtures/sdpa_seed123_f32.hpp"
#include "fixtures/torch_mha_bias_causal_seed123_f32.hpp"
#include "fixtures/torch_mha_bias_seed123_f32.hpp"
#include "fixtures/torch_mha_nobias_causal_seed123_f32.hpp"
#include "fixtures/torch_mha_nobias_seed123_f32.hpp"
#include "support/torch_attention_tests.hpp"

namespace {

CF_TEST_TORCH_NONCAUSAL(f32)
CF_TEST_TORCH_MHA(NnMultiheadAttentionBias_f32, torch_mha_bias_seed123_f32, true, false)
CF_TEST_TORCH_MHA(NnMultiheadAttentionBiasCausal_f32, torch_mha_bias_causal_seed123_f32, true, true)
CF_TEST_TORCH_MHA(NnMultiheadAttentionNoBias_f32, torch_mha_nobias_seed123_f32, false, false)
CF_TEST_TORCH_MHA(NnMultiheadAttentionNoBiasCausal_f32, torch_mha_nobias_causal_seed123_f32, false, true)
CF_TEST_TORCH_SDPA(f32)

}  // namespace
