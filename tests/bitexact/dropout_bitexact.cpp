// Compile-time vs run-time bit identity of dropout: the same random stream, the same masks,
// and the same train-mode causal attention; built at -O0, -O2 and -O3 -march=native.
#include <gtest/gtest.h>

#include <cstdint>
#include <type_traits>

#include "cases/dropout.hpp"
#include "fixtures/causal_attention_seed123_f32.hpp"
#include "fixtures/causal_attention_seed123_f64.hpp"
#include "support/fixture.hpp"
#include "support/opaque.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::opaque;
using cf_test::to_matrix;

constexpr std::uint64_t stream_length = 64;
constexpr auto ct_stream = [] {
  struct {
    std::uint64_t bits[stream_length];
    float f[stream_length];
    double d[stream_length];
  } s{};
  for (std::uint64_t i = 0; i < stream_length; ++i) {
    s.bits[i] = cf::random_bits(0xC0FFEE, i);
    s.f[i] = cf::uniform<float>(0xC0FFEE, i);
    s.d[i] = cf::uniform<double>(0xC0FFEE, i);
  }
  return s;
}();

TEST(BitExact, RandomStream) {
  const std::uint64_t seed = opaque(std::uint64_t{0xC0FFEE});
  for (std::uint64_t i = 0; i < stream_length; ++i) {
    EXPECT_EQ(cf::random_bits(seed, i), ct_stream.bits[i]);
    EXPECT_EQ(cf::uniform<float>(seed, i), ct_stream.f[i]);
    EXPECT_EQ(cf::uniform<double>(seed, i), ct_stream.d[i]);
  }
}

template <class T>
void dropout_matrix_bit_identical() {
  constexpr auto x = cf_test::test_matrix<T, 8, 8>(1);
  constexpr auto ct = cf::make_dropout<0.3, T>(77).forward(x, 5);
  const cf::dropout<T> d{opaque(T(0.3)), opaque(std::uint64_t{77}), true};
  EXPECT_TRUE(cf::bit_equal(d.forward(opaque(x), opaque(std::uint64_t{5})), ct));
}
TEST(BitExact, DropoutMatrixF32) { dropout_matrix_bit_identical<float>(); }
TEST(BitExact, DropoutMatrixF64) { dropout_matrix_bit_identical<double>(); }

template <const auto& Inputs, const auto& Wq, const auto& Wk, const auto& Wv>
void causal_train_bit_identical() {
  using T = std::remove_cvref_t<decltype(Inputs[0])>;
  constexpr auto ct = [] {
    auto m = cf_test::load_causal_attention<6>(to_matrix<2, 3>(Wq), to_matrix<2, 3>(Wk), to_matrix<2, 3>(Wv));
    m.dropout = cf::make_dropout<0.5, T>(31);
    return m.forward_intermediates(cf_test::to_batch<2, 6, 3>(Inputs));
  }();
  auto m = cf_test::load_causal_attention<6>(opaque(to_matrix<2, 3>(Wq)), opaque(to_matrix<2, 3>(Wk)),
                                             opaque(to_matrix<2, 3>(Wv)));
  m.dropout = cf::dropout<T>{opaque(T(0.5)), opaque(std::uint64_t{31}), true};
  auto x = cf_test::to_batch<2, 6, 3>(Inputs);
  for (std::size_t b = 0; b < 2; ++b) x[b] = opaque(x[b]);
  const auto rt = m.forward_intermediates(x);
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
}
#define CAUSAL_ARGS(ns) fx::ns::inputs, fx::ns::W_query_weight, fx::ns::W_key_weight, fx::ns::W_value_weight
TEST(BitExact, CausalAttentionTrainModeF32) { causal_train_bit_identical<CAUSAL_ARGS(causal_attention_seed123_f32)>(); }
TEST(BitExact, CausalAttentionTrainModeF64) { causal_train_bit_identical<CAUSAL_ARGS(causal_attention_seed123_f64)>(); }

}  // namespace
