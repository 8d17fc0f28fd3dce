// Section 3.6 at run time: the MultiHeadAttention cases of cases/multi_head_runtime.hpp,
// float32 (the wrapper's: multi_head_wrapper_test_f32.cpp).
#include "cases/multi_head_runtime.hpp"

template void cf_test::multi_head_runtime::mha_case<float>();
template void cf_test::multi_head_runtime::mha_dout4_case<float>();
