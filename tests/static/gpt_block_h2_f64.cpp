// Section 4.5 (TransformerBlock) against PyTorch at compile time: transformer_block_ctx8_emb16_h2
// (2 heads, T = context (8), float64), with the fixtures README's tolerances. Building this file is
// the test.
#include "cases/gpt.hpp"
#include "fixtures/transformer_block_ctx8_emb16_h2_f64.hpp"

namespace {
CF_TEST_CHECK_BLOCK(transformer_block_ctx8_emb16_h2_f64, cf_test::block_h2, 2, 8)
}  // namespace
