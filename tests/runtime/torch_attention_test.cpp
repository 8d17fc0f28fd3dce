// Non-causal multi-head attention and scaled dot-product attention against PyTorch at run
// time: weights and inputs pass through values the optimiser cannot fold, results are compared
// with torch's (tolerances of tests/fixtures/book/README.md) and, bit for bit, with the
// compile-time evaluation of the same code (tests/static/torch_attention.cpp). Float32 here
// (float64: torch_attention_test_f64.cpp); torch.nn.MultiheadAttention:
// torch_attention_mha_bias_test.cpp and torch_attention_mha_nobias_test.cpp. The tests are in support/torch_attention_tests.hpp.
#include <gtest/gtest.h>

#include "fixtures/mha_noncausal_qkvbias_seed123_f32.hpp"
#include "fixtures/sdpa_seed123_f32.hpp"
#include "support/torch_attention_tests.hpp"

namespace {

CF_TEST_TORCH_NONCAUSAL(f32)
CF_TEST_TORCH_SDPA(f32)

}  // namespace
