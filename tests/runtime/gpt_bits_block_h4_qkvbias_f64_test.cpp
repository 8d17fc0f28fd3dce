// Chapter 4's TransformerBlock at run time gives the compile-time bits
// (gpt_bits_block_h4_qkvbias_f64_ct.cpp) on the case transformer_block_ctx8_emb16_h4_qkvbias of
// tests/fixtures/gpt, f64 (the run-time weights and inputs pass through volatiles).
#include "fixtures/transformer_block_ctx8_emb16_h4_qkvbias_f64.hpp"
#include "support/gpt_bits.hpp"

CF_TEST_GPT_BLOCK_BITS(BlockH4QkvBiasF64, block_h4_qkvbias_f64, double, cf_test::block_h4_qkvbias,
                       transformer_block_ctx8_emb16_h4_qkvbias_f64, 2, 6)
