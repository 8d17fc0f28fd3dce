// Chapter 4 at run time, float64: the LayerNorm cases of cases/gpt_runtime.hpp of the book's
// widths (GPT-2's and 1: gpt_test_layer_norm_widths_f64.cpp; GELU:
// gpt_test_gelu_f64.cpp; the FeedForward cases: gpt_test_feed_forward_f64.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::layer_norm_cases<double>();
