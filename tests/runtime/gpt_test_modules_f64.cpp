// Chapter 4 at run time, float64: the LayerNorm, GELU and FeedForward cases of cases/gpt_runtime.hpp.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::layer_norm_cases<double>();
template void cf_test::gpt_runtime::gelu_sweep_case<double>();
template void cf_test::gpt_runtime::feed_forward_cases<double>();
