// Section 3.4 at run time, float64: the any-sequence-length case of cases/trainable_runtime.hpp.
#include "cases/trainable_runtime.hpp"

template void cf_test::trainable_runtime::any_sequence_length_case<double>();
