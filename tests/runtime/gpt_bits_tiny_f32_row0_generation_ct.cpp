// Chapter 4's GPTModel, the tiny model (gpt_tiny_seed123), f32: the greedy generation after
// prompt 0 by constant evaluation, which gpt_bits_tiny_f32_generation_test.cpp compares with
// its run-time bits (the logits: gpt_bits_tiny_f32_row0_ct.cpp).
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "support/gpt_bits_ct.hpp"

namespace {
constexpr auto tiny = cf_test::load_gpt<cf_test::gpt_tiny>(constformer_fixtures::gpt_tiny_seed123_f32::tensors);
}  // namespace
CF_TEST_GPT_GENERATION_CT(tiny_f32_row0, tiny, gpt_tiny_seed123_f32, 0)
