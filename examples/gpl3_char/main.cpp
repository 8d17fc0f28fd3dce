// The compiler writes the text: a character-level GPT trained on the GNU GPL
// (models/gpl3_char/) continues a prompt greedily inside a static_assert, and the result must
// be PyTorch's continuation, character for character. The weights come from a constexpr
// header that tools/safetensors_to_header.py writes from the safetensors file at build time;
// the prompt, the vocabulary and PyTorch's text from a header generated from reference.json
// (tools/generation_reference_to_header.py). At run time the program writes the same
// continuation again, from a prompt the optimiser cannot see, and compares the token ids and
// the bits of the last step's probabilities with the compiler's.
#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <cstdio>       // std::printf
#include <string_view>  // std::string_view

#include "constformer/model/generate.hpp"  // generate_into
#include "gpl3_char_reference.hpp"         // gpl3_char_reference: vocabulary, prompts, PyTorch's texts
#include "gpl3_char_weights.hpp"           // cf_weights::gpl3_char: the model, constexpr

namespace cf = constformer;
namespace ref = gpl3_char_reference;

namespace {

using model_type = cf::gpt_model<float, ref::config>;
constexpr const model_type& model = cf_weights::gpl3_char;

// "GNU General Public License" (26 characters), continued until the window of 64 positions is
// full: 38 new characters, each computed from the key/value cache in one position's work.
constexpr std::string_view prompt_text = ref::prompt_text_1;
constexpr std::size_t prompt_len = prompt_text.size();
#ifdef CONSTFORMER_GPL3_NEW_TOKENS  // to measure what fits the compilers' constant-evaluation limits
constexpr std::size_t new_tokens = CONSTFORMER_GPL3_NEW_TOKENS;
#else
constexpr std::size_t new_tokens = ref::config.context_length - prompt_len;
#endif
constexpr std::size_t total_len = prompt_len + new_tokens;

// Characters to token ids: each character's position in the vocabulary.
constexpr std::array<cf::token_id, prompt_len> encode(std::string_view text) noexcept {
  std::array<cf::token_id, prompt_len> ids{};
  for (std::size_t i = 0; i < prompt_len; ++i) ids[i] = static_cast<cf::token_id>(ref::vocabulary.find(text[i]));
  return ids;
}

// Token ids to characters, with a terminating zero.
struct text {
  char chars[total_len + 1];
  constexpr std::string_view view() const noexcept { return {chars, total_len}; }
};
constexpr text decode(const std::array<cf::token_id, total_len>& ids) noexcept {
  text t{};
  for (std::size_t i = 0; i < total_len; ++i)
    t.chars[i] = ids[i] < ref::vocabulary.size() ? ref::vocabulary[ids[i]] : '?';
  return t;
}

// The generated ids, and the probabilities of the last step (the softmax the argmax chose from).
struct generation {
  cf::generated<total_len> out;
  cf::matrix<float, 1, ref::config.vocab_size> probabilities;
};
using workspace = cf::workspace_t<model_type, ref::config.context_length>;

constexpr void write_text(const std::array<cf::token_id, prompt_len>& prompt, generation& g, workspace& ws) noexcept {
  cf::generate_into<new_tokens>(model, prompt, g.out, ws);  // greedy, key/value cache
  g.probabilities = ws.last_logits;
}

constexpr std::array<cf::token_id, prompt_len> prompt = encode(prompt_text);
static_assert(prompt == ref::prompt_ids_1, "the vocabulary encodes the prompt as PyTorch did");

// The compiler writes the text...
constexpr generation compile_time = [] {
  generation g{};
  workspace ws;
  write_text(prompt, g, ws);
  return g;
}();
constexpr text written = decode(compile_time.out.ids);
// ...and it is PyTorch's.
static_assert(compile_time.out.ok);
static_assert(written.view() == ref::float32_text_1.substr(0, total_len),
              "the compile-time continuation is PyTorch's greedy continuation");

// The run-time copy: in static storage (the workspace holds the key/value cache).
generation run_time;
workspace run_time_ws;

}  // namespace

int main() {
  // The prompt through volatile, so the optimiser cannot fold the run-time generation.
  char chars[prompt_len];
  for (std::size_t i = 0; i < prompt_len; ++i) {
    volatile char c = prompt_text[i];
    chars[i] = c;
  }
  write_text(encode({chars, prompt_len}), run_time, run_time_ws);
  const text again = decode(run_time.out.ids);
  const bool same_ids = run_time.out.ids == compile_time.out.ids;
  const bool same_bits = cf::bit_equal(run_time.probabilities, compile_time.probabilities);
  std::printf("prompt (%zu characters): \"%.*s\"\n", prompt_len, static_cast<int>(prompt_len), prompt_text.data());
  std::printf("%zu new characters, greedy:\n", new_tokens);
  std::printf("  compile time: \"%s\"\n", written.chars);
  std::printf("  run time:     \"%s\"\n", again.chars);
  std::printf("  PyTorch:      \"%.*s\"\n", static_cast<int>(total_len), ref::float32_text_1.data());
  std::printf("run time: same token ids as the compiler: %s; same bits of the last step's %zu probabilities: %s\n",
              same_ids ? "yes" : "no", ref::config.vocab_size, same_bits ? "yes" : "no");
  return same_ids && same_bits ? 0 : 1;
}
