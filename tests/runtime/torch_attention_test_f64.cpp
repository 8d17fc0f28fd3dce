// Non-causal multi-head attention and scaled dot-product attention against PyTorch at run
// time: weights and inputs pass through values the optimiser cannot fold, results are compared
// with torch's (tolerances of tests/fixtures/book/README.md) and, bit for bit, with the
// compile-time evaluation of the same code (tests/static/torch_attention.cpp). Float64 here;
// torch.nn.MultiheadAttention: torch_attention_mha_bias_test_f64.cpp and
// torch_attention_mha_nobias_test_f64.cpp. The tests are in support/torch_attention_tests.hpp.
#include <gtest/gtest.h>

#include "fixtures/mha_noncausal_qkvbias_seed123_f64.hpp"
#include "fixtures/sdpa_seed123_f64.hpp"
#include "support/torch_attention_tests.hpp"

namespace {

CF_TEST_TORCH_NONCAUSAL(f64)
CF_TEST_TORCH_SDPA(f64)

}  // namespace
