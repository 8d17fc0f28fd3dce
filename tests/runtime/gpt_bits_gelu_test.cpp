// Chapter 4's GELU (both forms) at run time gives the compile-time bits, on every case of
// tests/fixtures/gpt, f32 and f64 (FeedForward: gpt_bits_feed_forward_test.cpp). The compile-time
// value is computed by the compiler from the generated fixture header (the same values that
// static/gpt_*.cpp compare with PyTorch); the run-time one from the weights and inputs copied
// through volatiles, so that the optimiser cannot fold it.
#include <gtest/gtest.h>

#include "cases/gpt.hpp"
#include "support/gpt_bits.hpp"
#include "fixtures/gelu_erf_sweep_f32.hpp"
#include "fixtures/gelu_erf_sweep_f64.hpp"
#include "fixtures/gelu_sweep_f32.hpp"
#include "fixtures/gelu_sweep_f64.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;

#define GPT_GELU_BITS(Test, T, Approximation, ns)                                                  \
  TEST(GptBits, Test) {                                                                            \
    using G = cf::gelu<T, cf::gelu_approximation::Approximation>;                                  \
    static constexpr auto ct = G{}.forward(cf_test::fixture_tensor<1, 287>(fx::ns::tensors, "x")); \
    const auto x = cf_test::opaque(cf_test::fixture_tensor<1, 287>(fx::ns::tensors, "x"));         \
    EXPECT_TRUE(cf::bit_equal(G{}.forward(x), ct));                                                \
    EXPECT_TRUE(cf_test::rows_close(ct, fx::ns::output));                                          \
  }
GPT_GELU_BITS(GeluTanhF32, float, tanh, gelu_sweep_f32)
GPT_GELU_BITS(GeluTanhF64, double, tanh, gelu_sweep_f64)
GPT_GELU_BITS(GeluErfF32, float, none, gelu_erf_sweep_f32)
GPT_GELU_BITS(GeluErfF64, double, none, gelu_erf_sweep_f64)

}  // namespace
