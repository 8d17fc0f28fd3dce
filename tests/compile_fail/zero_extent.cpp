// Misuse: a matrix with a zero extent.
// expect-gcc: template constraint failure for 'template<class T, long unsigned int Rows, long unsigned int Cols>  requires \(Scalar<T>\) && \(Rows > 0 && Cols > 0\) struct constformer::matrix'
// expect-gcc: the expression 'Rows > 0 \[with Rows = 0\]' evaluated to 'false'
// expect-clang: constraints not satisfied for class template 'matrix' \[with T = float, Rows = 0, Cols = 3\]
// expect-clang: because '0UL > 0' \(0 > 0\) evaluated to false
#include "constformer/core/matrix.hpp"

namespace cf = constformer;

int main() {
#ifdef CONSTFORMER_CONTROL
  constexpr cf::matrix<float, 1, 3> m{};
#else
  constexpr cf::matrix<float, 0, 3> m{};
#endif
  return static_cast<int>(m.size);
}
