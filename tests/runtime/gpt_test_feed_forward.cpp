// Chapter 4 at run time, float32: the FeedForward cases of cases/gpt_runtime.hpp.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::feed_forward_cases<float>();
