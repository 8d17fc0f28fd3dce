// Misuse: adding a 2 x 3 matrix to a 3 x 2 matrix.
// expect-gcc: no match for 'operator\+' \(operand types are 'const constformer::matrix<float, 2, 3>' and 'const constformer::matrix<float, 3, 2>'\)
// expect-gcc: deduced conflicting values for non-type parameter 'Rows' \('2' and '3'\)
// expect-clang: invalid operands to binary expression \('const cf::matrix<float, 2, 3>' and 'const cf::matrix<float, 3, 2>'\)
#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"

namespace cf = constformer;

int main() {
  constexpr cf::matrix<float, 2, 3> a{};
#ifdef CONSTFORMER_CONTROL
  constexpr cf::matrix<float, 2, 3> b{};
#else
  constexpr cf::matrix<float, 3, 2> b{};
#endif
  constexpr auto c = a + b;
  return static_cast<int>(c(0, 0));
}
