// The book's GPTModel (tiny configuration, seed 123) built by the compiler from its F32
// safetensors file (cf::gpt_model, load_safetensors_or_fail): every parameter has the PyTorch
// fixture's bits, and the logits the compiler computes for both prompts match PyTorch's.
// Building this file is the test; every constant evaluation fits the default limits.
#include <array>
#include <cstddef>
#include <type_traits>

#include "cases/safetensors.hpp"
#include "constformer/model/generate.hpp"
#include "constformer/model/gpt.hpp"
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "gpt_tiny_seed123_f32.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;
using tiny_gpt = cf::gpt_model<float, cf::gpt_config{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2}>;
static_assert(tiny_gpt::vocab_size == fx::logits_shape[2]);

constexpr tiny_gpt model = cf::load_safetensors_or_fail<tiny_gpt, cf_embedded::gpt_tiny_seed123_f32>();

// The prompts of in_idx [2, 4].
constexpr std::size_t prompt_len = fx::in_idx_shape[1];
constexpr std::array<cf::token_id, prompt_len> prompt(std::size_t b) {
  std::array<cf::token_id, prompt_len> ids{};
  for (std::size_t i = 0; i < prompt_len; ++i) ids[i] = static_cast<cf::token_id>(fx::in_idx[b * prompt_len + i]);
  return ids;
}

static_assert(cf_test::parameters_bit_equal(model, fx::float_tensors));

// PyTorch's logits [2, 4, 64], to the GPT fixtures' float32 tolerance.
constexpr bool logits_match(std::size_t b) {
  cf::workspace_t<tiny_gpt, prompt_len> ws{};
  cf::matrix<float, prompt_len, tiny_gpt::vocab_size> logits{}, ref{};
  if (!model.forward_into(prompt(b), logits, ws)) return false;
  for (std::size_t i = 0; i < prompt_len; ++i)
    for (std::size_t v = 0; v < tiny_gpt::vocab_size; ++v)
      ref.elems[i][v] = fx::logits[(b * prompt_len + i) * tiny_gpt::vocab_size + v];
  return cf::allclose(logits, ref, 1e-4f, 1e-5f);
}
static_assert(logits_match(0));
static_assert(logits_match(1));

}  // namespace
