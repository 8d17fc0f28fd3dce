// Chapter 4 at run time, float64: the FeedForward case of width 16 of cases/gpt_runtime.hpp.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::feed_forward_emb16_case<double>();
