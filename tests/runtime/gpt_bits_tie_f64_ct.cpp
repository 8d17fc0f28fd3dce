// Chapter 4's GPTModel, the tie-breaking model (gpt_tie_first_index), f64: the logits and greedy
// generation of both prompts by constant evaluation, which gpt_bits_tie_f64_logits_test.cpp and
// gpt_bits_tie_f64_generation_test.cpp compare with their run-time bits.
#include "fixtures/gpt_tie_first_index_f64.hpp"
#include "support/gpt_bits_ct.hpp"

namespace {
constexpr auto tie_f64 = cf_test::load_gpt<cf_test::gpt_tie>(constformer_fixtures::gpt_tie_first_index_f64::tensors);
}  // namespace
CF_TEST_GPT_MODEL_CT(tie_f64, double, cf_test::gpt_tie, tie_f64)
CF_TEST_GPT_PROMPT_CT(tie_f64_row0, tie_f64, gpt_tie_first_index_f64, 0)
CF_TEST_GPT_PROMPT_CT(tie_f64_row1, tie_f64, gpt_tie_first_index_f64, 1)
