// Chapter 4's GPTModel at run time gives the compile-time bits, the tiny model (gpt_tiny_seed123),
// f32: greedy generation after each prompt (its ids and last probabilities), against the
// compile-time results of gpt_bits_tiny_f32_row*_generation_ct.cpp.
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "support/gpt_bits.hpp"

CF_TEST_GPT_MODEL_EXTERN(tiny_f32, float, cf_test::gpt_tiny)
CF_TEST_GPT_GENERATION_BITS(TinyModelGenerationRow0F32, tiny_f32_row0, cf_test::gpt_bits_ct::tiny_f32_model,
                            gpt_tiny_seed123_f32, 0)
CF_TEST_GPT_GENERATION_BITS(TinyModelGenerationRow1F32, tiny_f32_row1, cf_test::gpt_bits_ct::tiny_f32_model,
                            gpt_tiny_seed123_f32, 1)
