// Chapter 4 at run time, float32: the tie-breaking GPT model's logits case of
// cases/gpt_runtime.hpp (its generation: gpt_test_tie_generation.cpp).
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::tie_logits_case<float>();
