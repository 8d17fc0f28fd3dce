// Section 3.4 at run time, float64: the self-attention v2 case of cases/trainable_runtime.hpp.
#include "cases/trainable_runtime.hpp"

template void cf_test::trainable_runtime::self_attention_v2_matches_pytorch_case<double>();
