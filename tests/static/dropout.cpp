// Dropout at compile time: the generator is SplitMix64, the keep statistics are right, kept
// values are scaled exactly, eval mode / rate 0 / invalid run-time rates are the identity,
// and dropout inside the attention modules equals the plain computation to the bit.
#include <cstdint>
#include <limits>

#include "cases/dropout.hpp"
#include "fixtures/causal_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_dout4_seed123_f64.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;

// The counter-based generator is SplitMix64: its published first outputs for seed 0.
static_assert(cf::random_bits(0, 0) == 0xE220A8397B1DCDAFull);
static_assert(cf::random_bits(0, 1) == 0x6E789E6AA1B965F4ull);
static_assert(cf::uniform<float>(0, 0) == static_cast<float>(0xE220A8u) * 0x1p-24f);
static_assert(cf::uniform<double>(0, 0) == static_cast<double>(0xE220A8397B1DCDAFull >> 11) * 0x1p-53);

// Keep statistics: within 5 sigma of n(1 - p) over 4000 draws (the run-time test uses 10^5).
static_assert(cf_test::kept_fraction_near(cf::make_dropout<0.5f>(1), 4000, 5.0));
static_assert(cf_test::kept_fraction_near(cf::make_dropout<0.1>(2), 4000, 5.0));
static_assert(cf_test::kept_fraction_near(cf::make_dropout<0.9f>(3), 4000, 5.0));

// Kept values are exactly x / (1 - p), dropped ones exactly 0.
static_assert(cf::make_dropout<0.5f>(0).scale() == 2.0f);
static_assert(cf_test::kept_values_scaled(cf::make_dropout<0.5f>(7), cf_test::test_matrix<float, 8, 8>(1), 0));
static_assert(cf_test::kept_values_scaled(cf::make_dropout<0.2>(7), cf_test::test_matrix<double, 8, 8>(2), 1000));

// Eval mode and rate 0 are exactly the identity.
constexpr auto x88 = cf_test::test_matrix<float, 8, 8>(5);
static_assert(cf::bit_equal(cf::dropout<float>{0.5f, 1, false}.forward(x88), x88));
static_assert(cf::bit_equal(cf::dropout<float>{0.0f, 1, true}.forward(x88), x88));
static_assert(cf::bit_equal(cf::make_dropout<0.0f>(1).forward(x88), x88));

// A run-time rate outside [0, 1) is reported by valid() and leaves the input unchanged.
static_assert(!cf::dropout<float>{1.0f, 1, true}.valid());
static_assert(!cf::dropout<float>{-0.25f, 1, true}.valid());
static_assert(!cf::dropout<double>{std::numeric_limits<double>::quiet_NaN(), 1, true}.valid());
static_assert(cf::bit_equal(cf::dropout<float>{1.5f, 1, true}.forward(x88), x88));
static_assert(cf::dropout<float>{0.5f, 1, true}.valid());
// A compile-time rate outside [0, 1) does not compile: make_dropout<1.5>() fails with
// "dropout rate must be in [0, 1)" (a compile_fail case for the lead to wire).

// The book's example shape: ones(6, 6) with rate 0.5 and seed 123 keeps about half, each 2.
constexpr auto ones_dropped = cf_test::dropout_ones_6x6<float>();
static_assert([] {
  int kept = 0;
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 6; ++c) {
      if (ones_dropped(r, c) != 0.0f && ones_dropped(r, c) != 2.0f) return false;
      kept += ones_dropped(r, c) == 2.0f ? 1 : 0;
    }
  return kept > 8 && kept < 28;
}());
// The same mask in float and double (the same 24 vs 53 top bits decide at p = 0.5).
static_assert([] {
  constexpr auto d = cf_test::dropout_ones_6x6<double>();
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 6; ++c)
      if (static_cast<double>(ones_dropped(r, c)) != d(r, c)) return false;
  return true;
}());

// Dropout on the attention weights, in the modules.
namespace causal32 = fx::causal_attention_seed123_f32;
static_assert(cf_test::causal_dropout_consistent(
    cf_test::load_causal_attention<6>(cf_test::to_matrix<2, 3>(causal32::W_query_weight),
                                      cf_test::to_matrix<2, 3>(causal32::W_key_weight),
                                      cf_test::to_matrix<2, 3>(causal32::W_value_weight)),
    cf_test::to_batch<2, 6, 3>(causal32::inputs)));
namespace mha64 = fx::multi_head_attention_dout4_seed123_f64;
static_assert(cf_test::mha_dropout_consistent(cf_test::load_mha<6, 2>(cf_test::to_matrix<4, 3>(mha64::W_query_weight),
                                                                      cf_test::to_matrix<4, 3>(mha64::W_key_weight),
                                                                      cf_test::to_matrix<4, 3>(mha64::W_value_weight),
                                                                      cf_test::to_matrix<4, 4>(mha64::out_proj_weight),
                                                                      cf_test::to_vector(mha64::out_proj_bias)),
                                              cf_test::to_batch<2, 6, 3>(mha64::inputs)));
