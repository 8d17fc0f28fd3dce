// Misuse: a matrix product whose inner extents differ ((2 x 3) * (4 x 2)).
// expect-gcc: no matching function for call to 'matmul\(const constformer::matrix<float, 2, 3>&, const constformer::matrix<float, 4, 2>&\)'
// expect-gcc: the expression 'LhsCols == RhsRows \[with RhsRows = 4; LhsCols = 3\]' evaluated to 'false'
// expect-clang: constraints not satisfied \[with T = float, Rows = 2, LhsCols = 3, RhsRows = 4, Cols = 2\]
// expect-clang: because '3UL == 4UL' \(3 == 4\) evaluated to false
#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"

namespace cf = constformer;

int main() {
  constexpr cf::matrix<float, 2, 3> a{};
#ifdef CONSTFORMER_CONTROL
  constexpr cf::matrix<float, 3, 2> b{};
#else
  constexpr cf::matrix<float, 4, 2> b{};
#endif
  constexpr auto c = cf::matmul(a, b);
  return static_cast<int>(c(0, 0));
}
