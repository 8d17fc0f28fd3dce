// The tiny GPT read by the compiler from its safetensors file (cases/safetensors_gpt_model.hpp)
// and run by the compiler: greedy generation of 8 tokens after the first prompt gives PyTorch's
// token ids (generate_text_simple; both prompts: runtime/gpt_test.cpp). Building this file is
// the test, under the default limits.
#include <cstddef>

#include "cases/safetensors_gpt_model.hpp"
#include "constformer/model/generate.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;

// PyTorch's generated ids [2, 12]: the prompt, then 8 tokens.
constexpr std::size_t generated_len = fx::generated_ids_shape[1];
constexpr bool generation_matches(std::size_t b) {
  const auto g =
      cf::generate<generated_len - cf_test::tiny_gpt_prompt_len>(cf_test::tiny_gpt_model, cf_test::tiny_gpt_prompt(b));
  for (std::size_t i = 0; i < generated_len; ++i)
    if (g.ids[i] != static_cast<cf::token_id>(fx::generated_ids[b * generated_len + i])) return false;
  return g.ok;
}
static_assert(generation_matches(0));

}  // namespace
