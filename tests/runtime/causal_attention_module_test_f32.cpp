// Section 3.5 at run time: the CausalAttention module of cases/causal_runtime.hpp, float32.
#include "cases/causal_runtime.hpp"

template void cf_test::causal_runtime::causal_attention_case<float>();
