// Chapter 4's GPTModel on the full 16-token window of the crop case (gpt_tiny_seed123_crop, first
// prompt, f32): its logits by constant evaluation, which gpt_bits_crop_f32_test.cpp compares with
// their run-time bits.
#include "fixtures/gpt_tiny_seed123_crop_f32.hpp"
#include "support/gpt_bits_ct.hpp"

namespace {
constexpr auto crop_f32 =
    cf_test::load_gpt<cf_test::gpt_tiny>(constformer_fixtures::gpt_tiny_seed123_crop_f32::tensors);
}  // namespace
CF_TEST_GPT_MODEL_CT(crop_f32, float, cf_test::gpt_tiny, crop_f32)
CF_TEST_GPT_LOGITS_CT(crop_f32_row0, crop_f32, gpt_tiny_seed123_crop_f32, 0)
