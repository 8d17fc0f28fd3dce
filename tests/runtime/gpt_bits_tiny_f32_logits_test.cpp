// Chapter 4's GPTModel at run time gives the compile-time bits, the tiny model (gpt_tiny_seed123),
// f32: the logits after each prompt, against the compile-time results of
// gpt_bits_tiny_f32_row*_ct.cpp.
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "support/gpt_bits.hpp"

namespace {
constexpr auto tiny_f32_logits_model =
    cf_test::load_gpt<cf_test::gpt_tiny>(constformer_fixtures::gpt_tiny_seed123_f32::tensors);
}  // namespace
CF_TEST_GPT_LOGITS_BITS(TinyModelLogitsRow0F32, tiny_f32_row0, tiny_f32_logits_model, gpt_tiny_seed123_f32, 0)
CF_TEST_GPT_LOGITS_BITS(TinyModelLogitsRow1F32, tiny_f32_row1, tiny_f32_logits_model, gpt_tiny_seed123_f32, 1)
