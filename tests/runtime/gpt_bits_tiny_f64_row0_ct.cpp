// Chapter 4's GPTModel, the tiny model (gpt_tiny_seed123), f64: the logits and greedy generation of
// prompt 0 by constant evaluation, which gpt_bits_tiny_f64_logits_test.cpp and
// gpt_bits_tiny_f64_generation_test.cpp compare with their run-time bits.
#include "fixtures/gpt_tiny_seed123_f64.hpp"
#include "support/gpt_bits_ct.hpp"

namespace {
constexpr auto tiny = cf_test::load_gpt<cf_test::gpt_tiny>(constformer_fixtures::gpt_tiny_seed123_f64::tensors);
}  // namespace
CF_TEST_GPT_MODEL_CT(tiny_f64, double, cf_test::gpt_tiny, tiny)
CF_TEST_GPT_PROMPT_CT(tiny_f64_row0, tiny, gpt_tiny_seed123_f64, 0)
