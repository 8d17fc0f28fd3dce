// Numerics under stress at run time: the cases of cases/stress_runtime.hpp, float32.
#include "cases/stress_runtime.hpp"

template void cf_test::stress_runtime::softmax_large_magnitudes_case<float>();
template void cf_test::stress_runtime::softmax_equal_rows_are_uniform_case<float>();
template void cf_test::stress_runtime::softmax_masked_entries_get_zero_case<float>();
template void cf_test::stress_runtime::softmax_zeros_subnormals_largest_finite_case<float>();
template void cf_test::stress_runtime::softmax_subnormal_weight_case<float>();
template void cf_test::stress_runtime::sequence_length_one_case<float>();
template void cf_test::stress_runtime::causal_attention_large_scores_case<float>();
template void cf_test::stress_runtime::softmax_nan_and_infinity_case<float>();
template void cf_test::stress_runtime::softmax_overflowing_gap_case<float>();
template void cf_test::stress_runtime::causal_attention_nan_token_case<float>();
template void cf_test::stress_runtime::naive_softmax_overflows_stable_does_not_case<float>();
