// Chapter 4 at run time, float64: the GELU sweep of cases/gpt_runtime.hpp.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::gelu_sweep_case<double>();
