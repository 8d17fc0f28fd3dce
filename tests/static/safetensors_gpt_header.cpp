// The tiny GPT (cf::gpt_model, seed 123) from the header that tools/safetensors_to_header.py
// writes from its F32 safetensors file (tests/CMakeLists.txt, weights_specs): every parameter
// has the PyTorch fixture's bits. Building this file is the test.
#include "cases/safetensors.hpp"
#include "constformer/model/gpt.hpp"
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "weights/gpt_tiny.hpp"

namespace {
static_assert(cf_test::parameters_bit_equal(cf_weights::gpt_tiny, constformer_fixtures::gpt_tiny_seed123_f32::tensors));
}  // namespace
