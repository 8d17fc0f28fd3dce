// Section 4.3 (FeedForward: layers.0, GELU, layers.2) against PyTorch at compile time, both
// cases of tests/fixtures/gpt in float32 and float64, with the fixtures README's tolerances
// (feed_forward_emb16 reaches GELU's negative tail). Building this file is the test.
#include <type_traits>

#include "cases/gpt.hpp"
#include "fixtures/feed_forward_emb16_f32.hpp"
#include "fixtures/feed_forward_emb16_f64.hpp"
#include "fixtures/feed_forward_emb8_f32.hpp"
#include "fixtures/feed_forward_emb8_f64.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;

#define CHECK_FEED_FORWARD(ns, Rows, E)                                                              \
  namespace ns {                                                                                     \
  using T = std::remove_cvref_t<decltype(fx::ns::output[0])>;                                        \
  constexpr auto c = cf_test::load_case<cf::feed_forward<T, E>, Rows, E>(fx::ns::tensors, "inputs"); \
  static_assert(cf_test::rows_close(c.module.forward(c.input), fx::ns::output));                     \
  }
CHECK_FEED_FORWARD(feed_forward_emb8_f32, 6, 8)
CHECK_FEED_FORWARD(feed_forward_emb8_f64, 6, 8)
CHECK_FEED_FORWARD(feed_forward_emb16_f32, 5, 16)
CHECK_FEED_FORWARD(feed_forward_emb16_f64, 5, 16)

}  // namespace
