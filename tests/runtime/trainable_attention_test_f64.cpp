// Section 3.4 at run time, float64: the step-by-step and self-attention v1 cases of
// cases/trainable_runtime.hpp (v2: trainable_attention_v2_f64.cpp; the others:
// trainable_attention_shapes_f64.cpp and trainable_attention_lengths_f64.cpp).
#include "cases/trainable_runtime.hpp"

template void cf_test::trainable_runtime::step_by_step_matches_pytorch_case<double>();
template void cf_test::trainable_runtime::self_attention_v1_matches_pytorch_case<double>();
