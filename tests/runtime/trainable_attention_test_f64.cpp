// Section 3.4 at run time: the cases of cases/trainable_runtime.hpp, float64.
#include "cases/trainable_runtime.hpp"

template void cf_test::trainable_runtime::step_by_step_matches_pytorch_case<double>();
template void cf_test::trainable_runtime::self_attention_v1_matches_pytorch_case<double>();
template void cf_test::trainable_runtime::self_attention_v2_matches_pytorch_case<double>();
template void cf_test::trainable_runtime::exercise31_v1_with_transposed_v2_weights_case<double>();
template void cf_test::trainable_runtime::any_sequence_length_case<double>();
