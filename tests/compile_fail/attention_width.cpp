// Misuse: a multi-head attention module with DIn = 3 fed tokens of width 5.
// expect-gcc: no matching function for call to 'constformer::multi_head_attention<float, 3, 4, 6, 2>::forward\(const constformer::batch<float, 1, 4, 5>&\) const'
// expect-gcc: template argument '5' does not match '3'
// expect-clang: no matching member function for call to 'forward'
// expect-clang: could not match 3 against 5
#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"

namespace cf = constformer;

int main() {
  constexpr cf::multi_head_attention<float, 3, 4, 6, 2> attn{};
#ifdef CONSTFORMER_CONTROL
  constexpr cf::batch<float, 1, 4, 3> x{};
#else
  constexpr cf::batch<float, 1, 4, 5> x{};
#endif
  constexpr auto y = attn.forward(x);
  return static_cast<int>(y[0](0, 0));
}
