// The book's GPTModel (tiny configuration, seed 123) built by the compiler from its F32
// safetensors file: the logits it computes for prompt 0 match PyTorch's. Building this file is
// the test, under the default limits.
#include "cases/safetensors_gpt_model.hpp"

static_assert(cf_test::tiny_gpt_logits_match(0));
