// Section 3.4 at run time, float32: the step-by-step and self-attention v1 cases of
// cases/trainable_runtime.hpp (v2: trainable_attention_v2_f32.cpp; the others:
// trainable_attention_shapes_f32.cpp and trainable_attention_lengths_f32.cpp).
#include "cases/trainable_runtime.hpp"

template void cf_test::trainable_runtime::step_by_step_matches_pytorch_case<float>();
template void cf_test::trainable_runtime::self_attention_v1_matches_pytorch_case<float>();
