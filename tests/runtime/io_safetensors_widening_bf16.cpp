// The safetensors reader's bfloat16 widening, every bit pattern the same at compile time and at run
// time (cases/safetensors_widening.hpp).
#include "cases/safetensors_widening.hpp"

template void cf_test::safetensors_widening::expect_all_patterns<true>();
