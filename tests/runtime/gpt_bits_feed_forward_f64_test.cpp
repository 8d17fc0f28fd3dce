// Chapter 4's FeedForward at run time gives the compile-time bits, on the width-8 case of
// tests/fixtures/gpt, f64 (width 16: gpt_bits_feed_forward_emb16_f64_test.cpp; f32:
// gpt_bits_feed_forward_f32_test.cpp; GELU: gpt_bits_gelu_test.cpp).
// The compile-time value is computed by the compiler from the generated fixture header (the same
// values that static/gpt_*.cpp compare with PyTorch); the run-time one from the weights and inputs
// copied through volatiles, so that the optimiser cannot fold it.
#include <gtest/gtest.h>

#include "cases/gpt.hpp"
#include "support/gpt_bits.hpp"
#include "fixtures/feed_forward_emb8_f64.hpp"

namespace {

CF_TEST_GPT_LAYER_BITS(FeedForwardEmb8F64, feed_forward, double, feed_forward_emb8_f64, 6, 8)

}  // namespace
