// Chapter 4's GPTModel at run time gives the compile-time bits on the full 16-token window of
// the crop case (gpt_tiny_seed123_crop, first prompt, f64; f32: gpt_bits_crop_test.cpp): its logits.
#include "fixtures/gpt_tiny_seed123_crop_f64.hpp"
#include "support/gpt_bits.hpp"

namespace {
constexpr auto crop_f64 =
    cf_test::load_gpt<cf_test::gpt_tiny>(constformer_fixtures::gpt_tiny_seed123_crop_f64::tensors);
CF_TEST_GPT_LOGITS_BITS(CropWindowF64, crop_f64, gpt_tiny_seed123_crop_f64, 0)
}  // namespace
