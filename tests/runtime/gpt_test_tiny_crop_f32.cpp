// Chapter 4 at run time: the cropped tiny GPT model's logits case of cases/gpt_runtime.hpp,
// float32 (its generation: gpt_test_tiny_crop_generation_f32.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::tiny_model_cropped_logits_case<float>();
