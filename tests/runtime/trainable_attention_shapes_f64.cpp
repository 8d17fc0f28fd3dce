// Section 3.4 at run time, float64: the exercise 3.1 case of cases/trainable_runtime.hpp.
#include "cases/trainable_runtime.hpp"

template void cf_test::trainable_runtime::exercise31_v1_with_transposed_v2_weights_case<double>();
