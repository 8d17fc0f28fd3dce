// Chapter 4's TransformerBlock at run time gives the compile-time bits, on the case
// transformer_block_ctx8_emb16_h2 of tests/fixtures/gpt, f64 (f32: gpt_bits_block_h2_test.cpp).
#include "fixtures/transformer_block_ctx8_emb16_h2_f64.hpp"
#include "support/gpt_bits.hpp"

namespace {
CF_TEST_GPT_BLOCK_BITS(BlockH2F64, double, cf_test::block_h2, transformer_block_ctx8_emb16_h2_f64, 2, 8)
}  // namespace
