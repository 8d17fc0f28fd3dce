// Section 3.6 at run time: MultiHeadAttention with DOut 4 of cases/multi_head_runtime.hpp,
// float32.
#include "cases/multi_head_runtime.hpp"

template void cf_test::multi_head_runtime::mha_dout4_case<float>();
