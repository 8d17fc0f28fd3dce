// Misuse: multi-head attention with DOut = 5 split into NumHeads = 2 heads.
// expect: d_out must be divisible by num_heads
#include "constformer/attention/multi_head.hpp"

namespace cf = constformer;

#ifdef CONSTFORMER_CONTROL
using attention = cf::multi_head_attention<float, 3, 4, 6, 2>;
#else
using attention = cf::multi_head_attention<float, 3, 5, 6, 2>;
#endif

int main() {
  constexpr attention attn{};
  return static_cast<int>(attn.out_proj.weight(0, 0));
}
