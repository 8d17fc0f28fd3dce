// Misuse: reading a parameter by a name the module does not have.
// expect-gcc: no matching function for call to 'parameter<"nope">\(constformer::causal_attention<float, 3, 2, 6>&\)'
// expect-gcc: requires  HasParameter<M, Name>
// expect-clang: because 'HasParameter<constformer::causal_attention<float, 3, 2, 6.*evaluated to false
#include "constformer/attention/causal.hpp"
#include "constformer/model/parameters.hpp"

namespace cf = constformer;

int main() {
  cf::causal_attention<float, 3, 2, 6> attn{};
#ifdef CONSTFORMER_CONTROL
  auto& w = cf::parameter<"W_query.weight">(attn);
#else
  auto& w = cf::parameter<"nope">(attn);
#endif
  return static_cast<int>(w(0, 0));
}
