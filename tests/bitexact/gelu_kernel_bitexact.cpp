// GELU's row kernel (detail::gelu_tanh_row, whose run-time branch goes through a local block so
// that in-place calls vectorise) against the constant-evaluation form: compile time against run
// time on random rows that are not a whole number of blocks, out of place and in place; built
// at -O0, -O2, -O3 -march=native and with the portable vectors (tests/CMakeLists.txt).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "constformer/core/matrix.hpp"
#include "constformer/nn/gelu.hpp"
#include "support/opaque.hpp"
#include "support/random_draws.hpp"

namespace {

namespace cf = constformer;
using cf_test::opaque;

//! Values in [-6, 6), with signed zeros and values where `1 + tanh` rounds to 0 (large negative).
template <class T, std::size_t R, std::size_t C>
constexpr cf::matrix<T, R, C> gelu_inputs(std::uint64_t seed) {
  cf::matrix<T, R, C> m = cf_test::random_matrix<T, R, C>(seed, T(6));
  m.elems[0][0] = T(0);
  m.elems[0][1] = -T(0);
  m.elems[R - 1][C - 1] = T(-20);
  return m;
}

template <class T, std::size_t R, std::size_t C, std::uint64_t Seed>
void gelu_compile_time_equals_run_time() {
  static constexpr auto x = gelu_inputs<T, R, C>(Seed);
  static constexpr auto ct = cf::gelu<T>{}.forward(x);
  const auto rx = opaque(x);
  EXPECT_TRUE(cf::bit_equal(cf::gelu<T>{}.forward(rx), ct));
  cf::matrix<T, R, C> in_place = rx;
  cf::gelu<T>{}.forward_rows(in_place, in_place, 0, R);
  EXPECT_TRUE(cf::bit_equal(in_place, ct));
}

TEST(BitExactKernels, GeluRowCompileTimeEqualsRunTime) {
  gelu_compile_time_equals_run_time<float, 3, 150, 31>();
  gelu_compile_time_equals_run_time<double, 2, 77, 32>();
  gelu_compile_time_equals_run_time<float, 1, 5, 33>();
}

}  // namespace
