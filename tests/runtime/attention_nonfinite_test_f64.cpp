// NaN and infinity in attention against PyTorch at run time, float64: causal
// nn.MultiheadAttention and scaled_dot_product_attention (support/attention_nonfinite_tests.hpp).
#include <gtest/gtest.h>

#include "fixtures/attention_nonfinite_seed123_f64.hpp"
#include "support/attention_nonfinite_tests.hpp"

namespace {

CF_TEST_NONFINITE_MHA(f64)
CF_TEST_NONFINITE_SDPA(f64)

}  // namespace
