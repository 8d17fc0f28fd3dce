// Section 3.5 at run time: the CausalAttention module of cases/causal_runtime.hpp, float64.
#include "cases/causal_runtime.hpp"

template void cf_test::causal_runtime::causal_attention_case<double>();
