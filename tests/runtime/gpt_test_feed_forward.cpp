// Chapter 4 at run time, float32: the FeedForward case of width 8 of cases/gpt_runtime.hpp (width
// 16: gpt_test_feed_forward_emb16.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::feed_forward_emb8_case<float>();
