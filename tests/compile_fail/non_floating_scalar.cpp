// Misuse: a matrix of int (the library computes with float and double only).
// expect-gcc: template constraint failure for 'template<class T, long unsigned int Rows, long unsigned int Cols>  requires \(Scalar<T>\)
// expect-gcc: no operand of the disjunction is satisfied
// expect-clang: constraints not satisfied for class template 'matrix' \[with T = int, Rows = 2, Cols = 2\]
// expect-clang: because 'int' does not satisfy 'Scalar'
#include "constformer/core/matrix.hpp"

namespace cf = constformer;

int main() {
#ifdef CONSTFORMER_CONTROL
  constexpr cf::matrix<float, 2, 2> m{};
#else
  constexpr cf::matrix<int, 2, 2> m{};
#endif
  return static_cast<int>(m.size);
}
