// Chapter 4 at run time, float64: the TransformerBlock case with four heads and query, key and
// value biases, of cases/gpt_runtime.hpp.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::transformer_block_qkv_bias_case<double>();
