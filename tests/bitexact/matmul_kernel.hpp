// The run-time matrix-product kernel (matmul_transposed's register-blocked panel,
// detail/axpy_tile.hpp) against the constant-evaluation form; built at -O0, -O2,
// -O3 -march=native, with the portable (array) vectors, and without the panel
// (tests/CMakeLists.txt).
//   1. Compile time vs run time on random matrices drawn by the constant evaluator: two
//      panels along the inner dimension, two panels of columns, partial vectors and partial
//      blocks of rows.
//   2. Random values at run time, random row ranges: each element against the in-order dot
//      product that the constant-evaluation branch computes, whatever `out` held before; the
//      rows outside the range untouched.
// The helpers of matmul_kernel_f32_bitexact.cpp and matmul_kernel_f64_bitexact.cpp (one element
// type per file, so that each compiles in a few seconds).
#ifndef CONSTFORMER_TESTS_BITEXACT_MATMUL_KERNEL_HPP
#define CONSTFORMER_TESTS_BITEXACT_MATMUL_KERNEL_HPP
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/detail/fp_bits.hpp"  // to_bits
#include "support/opaque.hpp"
#include "support/random_draws.hpp"

namespace cf_test::matmul_kernel_bitexact {

namespace cf = constformer;
using cf_test::opaque;
using cf_test::random_matrix;

template <class T, std::size_t R, std::size_t K, std::size_t C, std::uint64_t Seed>
void matmul_transposed_compile_time_equals_run_time() {
  static constexpr auto a = random_matrix<T, R, K>(Seed, T(1));
  static constexpr auto b = random_matrix<T, C, K>(Seed + 1, T(1));
  static constexpr auto ct = cf::matmul_transposed(a, b);
  EXPECT_TRUE(cf::bit_equal(cf::matmul_transposed(opaque(a), opaque(b)), ct));
}

template <class T, std::size_t R, std::size_t K, std::size_t C>
void matmul_transposed_random_case(cf_test::draws& g) {
  struct tensors {
    cf::matrix<T, R, K> a;
    cf::matrix<T, C, K> b;
    cf::matrix<T, R, C> out, before;
  };
  auto t = std::make_unique<tensors>();
  g.fill(t->a);
  g.fill(t->b);
  g.fill(t->out);  // the rows computed must not depend on it, the others must keep it
  t->before = t->out;
  const std::size_t first = g.below(R), last = first + 1 + g.below(R - first);
  cf::detail::matmul_transposed_rows(t->a, t->b, t->out, first, last);
  for (std::size_t i = 0; i < R; ++i) {
    if (i >= first && i < last) continue;
    for (std::size_t j = 0; j < C; ++j)
      ASSERT_EQ(cf::detail::to_bits(t->out.elems[i][j]), cf::detail::to_bits(t->before.elems[i][j]));
  }
  for (std::size_t i = first; i < last; ++i)
    for (std::size_t j = 0; j < C; ++j)
      ASSERT_EQ(cf::detail::to_bits(t->out.elems[i][j]),
                cf::detail::to_bits(cf::detail::dot_acc(T{}, t->a.elems[i], t->b.elems[j], K)))
          << R << "x" << K << " times (" << C << "x" << K << ")^T rows [" << first << ", " << last << ") at (" << i
          << ", " << j << ")";
}

template <class T>
void matmul_transposed_random(std::uint64_t seed, int rounds) {
  cf_test::draws g{seed};
  for (int r = 0; r < rounds; ++r) {
    matmul_transposed_random_case<T, 13, 64, 64>(g);
    matmul_transposed_random_case<T, 9, 130, 7>(g);
    matmul_transposed_random_case<T, 6, 17, 150>(g);
  }
}

}  // namespace cf_test::matmul_kernel_bitexact

#endif
