// Chapter 4's GPTModel at run time gives the compile-time bits, on the tie-breaking model
// (gpt_tie_first_index, f64; f32: gpt_bits_tie_test.cpp): logits, greedy ids (the first index
// on a tie) and last probabilities after each prompt.
#include "fixtures/gpt_tie_first_index_f64.hpp"
#include "support/gpt_bits.hpp"

namespace {
constexpr auto tie_f64 = cf_test::load_gpt<cf_test::gpt_tie>(constformer_fixtures::gpt_tie_first_index_f64::tensors);
CF_TEST_GPT_MODEL_BITS(TieRow0F64, tie_f64, gpt_tie_first_index_f64, 0)
CF_TEST_GPT_MODEL_BITS(TieRow1F64, tie_f64, gpt_tie_first_index_f64, 1)
}  // namespace
