// Chapter 4's GPTModel, the tiny model (gpt_tiny_seed123), f64: the logits of prompt 0 by
// constant evaluation, which gpt_bits_tiny_f64_logits_test.cpp compares with their run-time bits
// (its greedy generation: gpt_bits_tiny_f64_row0_generation_ct.cpp).
#include "fixtures/gpt_tiny_seed123_f64.hpp"
#include "support/gpt_bits_ct.hpp"

namespace {
constexpr auto tiny = cf_test::load_gpt<cf_test::gpt_tiny>(constformer_fixtures::gpt_tiny_seed123_f64::tensors);
}  // namespace
CF_TEST_GPT_MODEL_CT(tiny_f64, double, cf_test::gpt_tiny, tiny)
CF_TEST_GPT_LOGITS_CT(tiny_f64_row0, tiny, gpt_tiny_seed123_f64, 0)
