// Built against the installed package: the umbrella header, a static_assert and a run.
#include <constformer.hpp>

namespace cf = constformer;

constexpr cf::matrix<float, 2, 2> x{{{1.0f, 0.0f}, {0.0f, 1.0f}}};
static_assert(cf::sum(cf::row_sum(cf::softmax(cf::attention_scores(x)))) > 1.99f);

int main(int argc, char**) {
  cf::matrix<float, 2, 2> y = x;
  y(0, 1) = static_cast<float>(argc);  // run-time value
  const auto w = cf::softmax(y);
  return (w(0, 0) + w(0, 1) > 0.99f) ? 0 : 1;
}
