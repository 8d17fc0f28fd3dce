// Chapter 4's TransformerBlock at run time gives the compile-time bits
// (gpt_bits_block_h2_f32_ct.cpp) on the case transformer_block_ctx8_emb16_h2 of tests/fixtures/gpt,
// f32 (the run-time weights and inputs pass through volatiles).
#include "fixtures/transformer_block_ctx8_emb16_h2_f32.hpp"
#include "support/gpt_bits.hpp"

CF_TEST_GPT_BLOCK_BITS(BlockH2F32, block_h2_f32, float, cf_test::block_h2, transformer_block_ctx8_emb16_h2_f32, 2, 8)
