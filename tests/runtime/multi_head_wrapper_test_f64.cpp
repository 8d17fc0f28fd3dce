// Section 3.6 at run time: the wrapper cases of cases/multi_head_runtime.hpp, float64.
#include "cases/multi_head_runtime.hpp"

template void cf_test::multi_head_runtime::wrapper_case<double>();
template void cf_test::multi_head_runtime::wrapper_dout1_case<double>();
