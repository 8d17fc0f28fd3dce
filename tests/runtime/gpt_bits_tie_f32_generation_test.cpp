// Chapter 4's GPTModel at run time gives the compile-time bits, the tie-breaking model
// (gpt_tie_first_index), f32: greedy generation after each prompt (its ids and last probabilities),
// against the compile-time results of gpt_bits_tie_f32_ct.cpp.
#include "fixtures/gpt_tie_first_index_f32.hpp"
#include "support/gpt_bits.hpp"

CF_TEST_GPT_MODEL_EXTERN(tie_f32, float, cf_test::gpt_tie)
CF_TEST_GPT_GENERATION_BITS(TieGenerationRow0F32, tie_f32_row0, cf_test::gpt_bits_ct::tie_f32_model,
                            gpt_tie_first_index_f32, 0)
CF_TEST_GPT_GENERATION_BITS(TieGenerationRow1F32, tie_f32_row1, cf_test::gpt_bits_ct::tie_f32_model,
                            gpt_tie_first_index_f32, 1)
