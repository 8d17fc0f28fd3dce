// Section 3.5 at run time: the ways to mask of cases/causal_runtime.hpp, float64 (the
// CausalAttention module: causal_attention_module_test_f64.cpp).
#include "cases/causal_runtime.hpp"

template void cf_test::causal_runtime::mask_ways_case<double>();
