// Chapter 4's GPTModel at run time gives the compile-time bits, on the tie-breaking model
// (gpt_tie_first_index, f32; f64: gpt_bits_tie_f64_test.cpp; its generation crops the window at
// 8 tokens): logits, greedy ids (the first index on a tie) and last probabilities after each prompt.
#include "fixtures/gpt_tie_first_index_f32.hpp"
#include "support/gpt_bits.hpp"

namespace {
constexpr auto tie_f32 = cf_test::load_gpt<cf_test::gpt_tie>(constformer_fixtures::gpt_tie_first_index_f32::tensors);
CF_TEST_GPT_MODEL_BITS(TieRow0F32, tie_f32, gpt_tie_first_index_f32, 0)
CF_TEST_GPT_MODEL_BITS(TieRow1F32, tie_f32, gpt_tie_first_index_f32, 1)
}  // namespace
