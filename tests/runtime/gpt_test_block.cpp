// Chapter 4 at run time, float32: the two-head TransformerBlock case of cases/gpt_runtime.hpp
// (the one with query, key and value biases: gpt_test_block_qkv_bias.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::transformer_block_case<float>();
