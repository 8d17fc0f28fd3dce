// Chapter 4 at run time: the tiny GPT model's logits case of cases/gpt_runtime.hpp, float64
// (its generation: gpt_test_tiny_generation_f64.cpp; the cropped one: gpt_test_tiny_crop_f64.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::tiny_model_logits_case<double>();
