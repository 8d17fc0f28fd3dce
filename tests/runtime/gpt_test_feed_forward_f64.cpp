// Chapter 4 at run time, float64: the FeedForward case of width 8 of cases/gpt_runtime.hpp (width
// 16: gpt_test_feed_forward_emb16_f64.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::feed_forward_emb8_case<double>();
