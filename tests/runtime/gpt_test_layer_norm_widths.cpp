// Chapter 4 at run time, float32: the LayerNorm cases of cases/gpt_runtime.hpp of GPT-2's width
// (768) and of width 1.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::layer_norm_extreme_cases<float>();
