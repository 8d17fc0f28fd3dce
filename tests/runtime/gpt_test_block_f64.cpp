// Chapter 4 at run time, float64: the TransformerBlock cases of cases/gpt_runtime.hpp.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::transformer_block_cases<double>();
