// Chapter 4 at run time: the tiny GPT model case of cases/gpt_runtime.hpp, float64 (the
// cropped one: gpt_test_tiny_crop_f64.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::tiny_model_case<double>();
