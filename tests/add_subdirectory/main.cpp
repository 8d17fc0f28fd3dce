// Built against the vendored source tree: the umbrella header, a static_assert and a run.
#include <constformer.hpp>

namespace cf = constformer;

constexpr cf::matrix<float, 3, 2> x{{{1.0f, 0.0f}, {0.0f, 1.0f}, {0.5f, 0.5f}}};
constexpr auto context = cf::simplified_self_attention(x);
static_assert(context(0, 0) > context(0, 1));

int main(int argc, char**) {
  cf::matrix<float, 3, 2> y = x;
  y(2, 0) = static_cast<float>(argc) / 2.0f;  // 0.5 again, but only known at run time
  return cf::bit_equal(cf::simplified_self_attention(y), context) ? 0 : 1;
}
