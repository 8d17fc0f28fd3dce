// Chapter 4 at run time, float32: the LayerNorm, GELU and FeedForward cases of cases/gpt_runtime.hpp.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::layer_norm_cases<float>();
template void cf_test::gpt_runtime::gelu_sweep_case<float>();
template void cf_test::gpt_runtime::feed_forward_cases<float>();
