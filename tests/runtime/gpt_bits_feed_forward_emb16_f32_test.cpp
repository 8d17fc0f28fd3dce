// Chapter 4's FeedForward at run time gives the compile-time bits, on the width-16 case of
// tests/fixtures/gpt, f32 (width 8: gpt_bits_feed_forward_f32_test.cpp, which says how).
#include <gtest/gtest.h>

#include "cases/gpt.hpp"
#include "support/gpt_bits.hpp"
#include "fixtures/feed_forward_emb16_f32.hpp"

namespace {

CF_TEST_GPT_LAYER_BITS(FeedForwardEmb16F32, feed_forward, float, feed_forward_emb16_f32, 5, 16)

}  // namespace
