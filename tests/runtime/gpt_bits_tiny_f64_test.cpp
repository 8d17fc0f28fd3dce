// Chapter 4's GPTModel at run time gives the compile-time bits (f64): the tiny model's logits,
// greedy ids and last probabilities after each prompt (the tie-breaking model's:
// gpt_bits_tie_test.cpp; the crop case's window: gpt_bits_crop_test.cpp).
#include "fixtures/gpt_tiny_seed123_f64.hpp"
#include "support/gpt_bits.hpp"

namespace {
constexpr auto tiny = cf_test::load_gpt<cf_test::gpt_tiny>(constformer_fixtures::gpt_tiny_seed123_f64::tensors);
CF_TEST_GPT_MODEL_BITS(TinyModelRow0F64, tiny, gpt_tiny_seed123_f64, 0)
CF_TEST_GPT_MODEL_BITS(TinyModelRow1F64, tiny, gpt_tiny_seed123_f64, 1)
}  // namespace
