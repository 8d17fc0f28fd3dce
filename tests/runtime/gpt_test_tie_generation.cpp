// Chapter 4 at run time, float32: the tie-breaking GPT model's generation case of
// cases/gpt_runtime.hpp (equal logits: the first index wins).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::tie_takes_first_index_case<float>();
