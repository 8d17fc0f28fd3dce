// The book's GPTModel (tiny configuration, seed 123) built by the compiler from its F32
// safetensors file (cf::gpt_model, load_safetensors_or_fail): every parameter has the PyTorch
// fixture's bits, and the logits the compiler computes for both prompts match PyTorch's.
// Building this file is the test; every constant evaluation fits the default limits.
#include <cstddef>

#include "cases/safetensors.hpp"
#include "cases/safetensors_gpt_model.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;
using cf_test::tiny_gpt;
using cf_test::tiny_gpt_prompt_len;

static_assert(cf_test::parameters_bit_equal(cf_test::tiny_gpt_model, fx::tensors));

// PyTorch's logits [2, 4, 64], to the GPT fixtures' float32 tolerance.
constexpr bool logits_match(std::size_t b) {
  cf::workspace_t<tiny_gpt, tiny_gpt_prompt_len> ws{};
  cf::matrix<float, tiny_gpt_prompt_len, tiny_gpt::vocab_size> logits{}, ref{};
  if (!cf_test::tiny_gpt_model.forward_into(cf_test::tiny_gpt_prompt(b), logits, ws)) return false;
  for (std::size_t i = 0; i < tiny_gpt_prompt_len; ++i)
    for (std::size_t v = 0; v < tiny_gpt::vocab_size; ++v)
      ref.elems[i][v] = fx::logits[(b * tiny_gpt_prompt_len + i) * tiny_gpt::vocab_size + v];
  return cf::allclose(logits, ref, 1e-4f, 1e-5f);
}
static_assert(logits_match(0));
static_assert(logits_match(1));

}  // namespace
