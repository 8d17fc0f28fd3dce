// Chapter 4's TransformerBlock on the case transformer_block_ctx8_emb16_h4_qkvbias of
// tests/fixtures/gpt, f64: its output by constant evaluation, which
// gpt_bits_block_h4_qkvbias_f64_test.cpp compares with its run-time bits.
#include "fixtures/transformer_block_ctx8_emb16_h4_qkvbias_f64.hpp"
#include "support/gpt_bits_ct.hpp"

CF_TEST_GPT_BLOCK_CT(block_h4_qkvbias_f64, double, cf_test::block_h4_qkvbias,
                     transformer_block_ctx8_emb16_h4_qkvbias_f64, 2, 6)
