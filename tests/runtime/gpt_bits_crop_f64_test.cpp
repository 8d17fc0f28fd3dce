// Chapter 4's GPTModel at run time gives the compile-time bits on the full 16-token window of the
// crop case (gpt_tiny_seed123_crop, first prompt, f64; the compile-time side:
// gpt_bits_crop_f64_ct.cpp): its logits. Its generation (six full windows) is checked against torch
// step by step in static/, and cached against re-computed at run time in runtime/gpt_test.cpp.
#include "fixtures/gpt_tiny_seed123_crop_f64.hpp"
#include "support/gpt_bits.hpp"

CF_TEST_GPT_MODEL_EXTERN(crop_f64, double, cf_test::gpt_tiny)
CF_TEST_GPT_LOGITS_BITS(CropWindowF64, crop_f64_row0, cf_test::gpt_bits_ct::crop_f64_model, gpt_tiny_seed123_crop_f64,
                        0)
