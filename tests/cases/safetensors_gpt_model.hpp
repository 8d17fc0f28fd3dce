// The book's GPTModel (tiny configuration, seed 123) loaded by the compiler from its F32
// safetensors file, the fixture's prompts and the check of their logits: shared by
// static/safetensors_gpt_*.cpp (each evaluates the load once, under the default limits).
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_MODEL_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_MODEL_HPP

#include <array>
#include <cstddef>

#include "constformer/core/matrix.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "gpt_tiny_seed123_f32.hpp"

namespace cf_test {

namespace cf = constformer;

using tiny_gpt =
    cf::gpt_model<float,
                  cf::gpt_config{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2}>;
static_assert(tiny_gpt::vocab_size == constformer_fixtures::gpt_tiny_seed123_f32::logits_shape[2]);

//! cf::gpt_model read by the compiler from gpt_tiny_seed123.f32.safetensors.
inline constexpr tiny_gpt tiny_gpt_model = cf::load_safetensors_or_fail<tiny_gpt, cf_embedded::gpt_tiny_seed123_f32>();

//! Length of the fixture's prompts (in_idx is [2, 4]).
inline constexpr std::size_t tiny_gpt_prompt_len = constformer_fixtures::gpt_tiny_seed123_f32::in_idx_shape[1];

//! Prompt `b` of the fixture's in_idx.
constexpr std::array<cf::token_id, tiny_gpt_prompt_len> tiny_gpt_prompt(std::size_t b) {
  std::array<cf::token_id, tiny_gpt_prompt_len> ids{};
  for (std::size_t i = 0; i < tiny_gpt_prompt_len; ++i)
    ids[i] = static_cast<cf::token_id>(constformer_fixtures::gpt_tiny_seed123_f32::in_idx[b * tiny_gpt_prompt_len + i]);
  return ids;
}

//! The compiler's logits for prompt `b` match PyTorch's ([2, 4, 64]), to the GPT fixtures'
//! float32 tolerance.
constexpr bool tiny_gpt_logits_match(std::size_t b) {
  namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;
  cf::workspace_t<tiny_gpt, tiny_gpt_prompt_len> ws{};
  cf::matrix<float, tiny_gpt_prompt_len, tiny_gpt::vocab_size> logits{}, ref{};
  if (!tiny_gpt_model.forward_into(tiny_gpt_prompt(b), logits, ws)) return false;
  for (std::size_t i = 0; i < tiny_gpt_prompt_len; ++i)
    for (std::size_t v = 0; v < tiny_gpt::vocab_size; ++v)
      ref.elems[i][v] = fx::logits[(b * tiny_gpt_prompt_len + i) * tiny_gpt::vocab_size + v];
  return cf::allclose(logits, ref, 1e-4f, 1e-5f);
}

}  // namespace cf_test

#endif
