// Chapter 4's FeedForward at run time gives the compile-time bits, on the width-16 case of
// tests/fixtures/gpt, f64 (width 8: gpt_bits_feed_forward_f64_test.cpp, which says how).
#include <gtest/gtest.h>

#include "cases/gpt.hpp"
#include "support/gpt_bits.hpp"
#include "fixtures/feed_forward_emb16_f64.hpp"

namespace {

CF_TEST_GPT_LAYER_BITS(FeedForwardEmb16F64, feed_forward, double, feed_forward_emb16_f64, 5, 16)

}  // namespace
