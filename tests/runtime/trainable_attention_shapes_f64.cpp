// Section 3.4 at run time, float64: exercise 3.1 and the any-length cases of
// cases/trainable_runtime.hpp.
#include "cases/trainable_runtime.hpp"

template void cf_test::trainable_runtime::exercise31_v1_with_transposed_v2_weights_case<double>();
template void cf_test::trainable_runtime::any_sequence_length_case<double>();
