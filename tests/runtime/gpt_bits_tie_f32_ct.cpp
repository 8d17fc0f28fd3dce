// Chapter 4's GPTModel, the tie-breaking model (gpt_tie_first_index), f32: the logits and greedy
// generation of both prompts by constant evaluation, which gpt_bits_tie_f32_logits_test.cpp and
// gpt_bits_tie_f32_generation_test.cpp compare with their run-time bits.
#include "fixtures/gpt_tie_first_index_f32.hpp"
#include "support/gpt_bits_ct.hpp"

namespace {
constexpr auto tie_f32 = cf_test::load_gpt<cf_test::gpt_tie>(constformer_fixtures::gpt_tie_first_index_f32::tensors);
}  // namespace
CF_TEST_GPT_MODEL_CT(tie_f32, float, cf_test::gpt_tie, tie_f32)
CF_TEST_GPT_PROMPT_CT(tie_f32_row0, tie_f32, gpt_tie_first_index_f32, 0)
CF_TEST_GPT_PROMPT_CT(tie_f32_row1, tie_f32, gpt_tie_first_index_f32, 1)
