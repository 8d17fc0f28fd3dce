// Misuse: a causal attention module built for ContextLength 4 fed a sequence of 6 tokens.
// expect-gcc: no matching function for call to 'constformer::causal_attention<float, 3, 2, 4>::forward\(const constformer::batch<float, 1, 6, 3>&\) const'
// expect-gcc: the expression 'S <= ContextLength \[with ContextLength = 4; S = 6\]' evaluated to 'false'
// expect-clang: constraints not satisfied \[with Batch = 1, S = 6\]
// expect-clang: because '6UL <= 4UL' \(6 <= 4\) evaluated to false
#include "constformer/attention/causal.hpp"
#include "constformer/core/batch.hpp"

namespace cf = constformer;

int main() {
  constexpr cf::causal_attention<float, 3, 2, 4> attn{};
#ifdef CONSTFORMER_CONTROL
  constexpr cf::batch<float, 1, 4, 3> x{};
#else
  constexpr cf::batch<float, 1, 6, 3> x{};
#endif
  constexpr auto y = attn.forward(x);
  return static_cast<int>(y[0](0, 0));
}
