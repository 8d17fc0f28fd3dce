// The safetensors reader's half widening, every bit pattern the same at compile time and at run
// time (cases/safetensors_widening.hpp).
#include "cases/safetensors_widening.hpp"

template void cf_test::safetensors_widening::expect_all_patterns<false>();
