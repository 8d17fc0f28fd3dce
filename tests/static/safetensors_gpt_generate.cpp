// The tiny GPT read by the compiler from its safetensors file (as static/safetensors_gpt_model.cpp)
// and run by the compiler: greedy generation of 8 tokens after the first prompt gives PyTorch's
// token ids (generate_text_simple; both prompts: runtime/gpt_test.cpp). Building this file is
// the test, under the default limits.
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

// PyTorch's generated ids [2, 12]: the prompt, then 8 tokens.
constexpr std::size_t generated_len = fx::generated_ids_shape[1];
constexpr bool generation_matches(std::size_t b) {
  const auto g = cf::generate<generated_len - prompt_len>(model, prompt(b));
  for (std::size_t i = 0; i < generated_len; ++i)
    if (g.ids[i] != static_cast<cf::token_id>(fx::generated_ids[b * generated_len + i])) return false;
  return g.ok;
}
static_assert(generation_matches(0));

}  // namespace
