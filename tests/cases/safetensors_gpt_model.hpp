// The book's GPTModel (tiny configuration, seed 123) loaded by the compiler from its F32
// safetensors file, and the fixture's prompts: shared by static/safetensors_gpt_model.cpp and
// static/safetensors_gpt_generate.cpp (each evaluates the load once, under the default limits).
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_MODEL_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_MODEL_HPP

#include <array>
#include <cstddef>

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

}  // namespace cf_test

#endif
