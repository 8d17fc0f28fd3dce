// Section 3.6 at run time: exercise 3.2, the wrapper with DOut 1, of
// cases/multi_head_runtime.hpp, float32.
#include "cases/multi_head_runtime.hpp"

template void cf_test::multi_head_runtime::wrapper_dout1_case<float>();
