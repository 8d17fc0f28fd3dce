// Chapter 4's GPTModel at run time gives the compile-time bits, the tiny model (gpt_tiny_seed123),
// f64: greedy generation after each prompt (its ids and last probabilities), against the
// compile-time results of gpt_bits_tiny_f64_row*_generation_ct.cpp.
#include "fixtures/gpt_tiny_seed123_f64.hpp"
#include "support/gpt_bits.hpp"

CF_TEST_GPT_MODEL_EXTERN(tiny_f64, double, cf_test::gpt_tiny)
CF_TEST_GPT_GENERATION_BITS(TinyModelGenerationRow0F64, tiny_f64_row0, cf_test::gpt_bits_ct::tiny_f64_model,
                            gpt_tiny_seed123_f64, 0)
CF_TEST_GPT_GENERATION_BITS(TinyModelGenerationRow1F64, tiny_f64_row1, cf_test::gpt_bits_ct::tiny_f64_model,
                            gpt_tiny_seed123_f64, 1)
