// Misuse: a dropout rate of 1.5 given at compile time (the rate must be in [0, 1)).
// expect: dropout rate must be in \[0, 1\)
#include "constformer/nn/dropout.hpp"

namespace cf = constformer;

int main() {
#ifdef CONSTFORMER_CONTROL
  constexpr auto d = cf::make_dropout<0.5>();
#else
  constexpr auto d = cf::make_dropout<1.5>();
#endif
  return static_cast<int>(d.scale());
}
