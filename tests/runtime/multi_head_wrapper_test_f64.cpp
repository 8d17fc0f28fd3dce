// Section 3.6 at run time: the wrapper with DOut 2 of cases/multi_head_runtime.hpp, float64
// (DOut 1, exercise 3.2: multi_head_wrapper_dout1_test_f64.cpp).
#include "cases/multi_head_runtime.hpp"

template void cf_test::multi_head_runtime::wrapper_case<double>();
