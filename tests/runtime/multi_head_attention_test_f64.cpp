// Section 3.6 at run time: MultiHeadAttention (DOut 2, with its compile-time bits) of
// cases/multi_head_runtime.hpp, float64 (DOut 4: multi_head_attention_dout4_test_f64.cpp; the
// wrapper's: multi_head_wrapper_test_f64.cpp).
#include "cases/multi_head_runtime.hpp"

template void cf_test::multi_head_runtime::mha_case<double>();
