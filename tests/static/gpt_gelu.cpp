// Section 4.3 (GELU) against PyTorch at compile time, float32 and float64, with the fixtures
// README's tolerances (gpt_close): the book's tanh approximation (gelu_sweep: 287 inputs from -8 to 8 and
// tiny magnitudes) and torch's exact erf form, nn.GELU() (gelu_erf_sweep, the same inputs,
// written by tools/gen_gelu_erf_fixture.py). Building this file is the test.
#include <cstddef>
#include <type_traits>

#include "cases/gpt.hpp"
#include "constformer/detail/fp_bits.hpp"
#include "fixtures/gelu_erf_sweep_f32.hpp"
#include "fixtures/gelu_erf_sweep_f64.hpp"
#include "fixtures/gelu_sweep_f32.hpp"
#include "fixtures/gelu_sweep_f64.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;

// Zeros of the reference (torch's -0 where 1 + tanh or 1 + erf rounds to 0) have the same
// sign in the result.
template <class T>
constexpr bool sign_of(T x) {
  return (cf::detail::to_bits(x) >> (8 * sizeof(T) - 1)) != 0;
}
template <class T, std::size_t N>
constexpr bool zero_signs_match(const cf::matrix<T, 1, N>& y, const T (&ref)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (ref[i] == T(0) && sign_of(y.elems[0][i]) != sign_of(ref[i])) return false;
  return true;
}

#define CHECK_GELU(ns, Approximation)                                                 \
  namespace ns {                                                                      \
  using T = std::remove_cvref_t<decltype(fx::ns::output[0])>;                         \
  constexpr auto x = cf_test::fixture_tensor<1, 287>(fx::ns::tensors, "x");           \
  constexpr auto y = cf::gelu<T, cf::gelu_approximation::Approximation>{}.forward(x); \
  static_assert(cf_test::rows_close(y, fx::ns::output));                              \
  }
CHECK_GELU(gelu_sweep_f32, tanh)
CHECK_GELU(gelu_sweep_f64, tanh)
CHECK_GELU(gelu_erf_sweep_f32, none)
CHECK_GELU(gelu_erf_sweep_f64, none)

// Where the book's GELU gives -0 (1 + tanh rounds to 0), ours gives -0 or a tiny negative
// value within the tolerance: never a positive zero.
static_assert(zero_signs_match(gelu_sweep_f32::y, fx::gelu_sweep_f32::output));
static_assert(zero_signs_match(gelu_sweep_f64::y, fx::gelu_sweep_f64::output));

// The two files hold the same inputs, and the sweep reaches torch's -0.
static_assert(cf::bit_equal(gelu_sweep_f32::x, gelu_erf_sweep_f32::x));
static_assert(sign_of(fx::gelu_sweep_f32::output[0]) && sign_of(fx::gelu_sweep_f64::output[0]));

}  // namespace
