// Chapter 4 at run time: the cropped tiny GPT model's generation case of cases/gpt_runtime.hpp,
// float64.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::tiny_model_cropped_generation_case<double>();
