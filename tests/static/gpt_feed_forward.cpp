// Section 4.3 (FeedForward: layers.0, GELU, layers.2) against PyTorch at compile time, both
// cases of tests/fixtures/gpt in float32 and float64, with the fixtures README's tolerances
// (feed_forward_emb16 reaches GELU's negative tail). Building this file is the test.
#include "cases/gpt.hpp"
#include "fixtures/feed_forward_emb16_f32.hpp"
#include "fixtures/feed_forward_emb16_f64.hpp"
#include "fixtures/feed_forward_emb8_f32.hpp"
#include "fixtures/feed_forward_emb8_f64.hpp"

namespace {

CF_TEST_CHECK_LAYER(feed_forward_emb8_f32, feed_forward, 6, 8)
CF_TEST_CHECK_LAYER(feed_forward_emb8_f64, feed_forward, 6, 8)
CF_TEST_CHECK_LAYER(feed_forward_emb16_f32, feed_forward, 5, 16)
CF_TEST_CHECK_LAYER(feed_forward_emb16_f64, feed_forward, 5, 16)

}  // namespace
