// The book's GPTModel (tiny configuration, seed 123) built by the compiler from its F32
// safetensors file (cf::gpt_model, load_safetensors_or_fail): every parameter has the PyTorch
// fixture's bits. The logits the compiler computes for the two prompts:
// safetensors_gpt_logits_0.cpp and _1.cpp (one per file: each file evaluates the load again).
// Building this file is the test; every constant evaluation fits the default limits.
#include "cases/safetensors.hpp"
#include "cases/safetensors_gpt_model.hpp"

static_assert(cf_test::parameters_bit_equal(cf_test::tiny_gpt_model,
                                            constformer_fixtures::gpt_tiny_seed123_f32::tensors));
