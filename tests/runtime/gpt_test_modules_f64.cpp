// Chapter 4 at run time, float64: the LayerNorm and GELU cases of cases/gpt_runtime.hpp (the
// FeedForward cases: gpt_test_feed_forward_f64.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::layer_norm_cases<double>();
template void cf_test::gpt_runtime::gelu_sweep_case<double>();
