// examples/gpl3_char/writer.hpp: what the programs that run the character GPT of
// models/gpl3_char share (the desktop example main.cpp, examples/firmware/gpl3_char.cpp): the
// prompt, the number of new characters, encoding and decoding with the vocabulary, and the
// greedy generation into storage the caller owns. The model and the reference come from the
// headers generated at build time (gpl3_char_headers.cmake).
#ifndef CONSTFORMER_EXAMPLES_GPL3_CHAR_WRITER_HPP
#define CONSTFORMER_EXAMPLES_GPL3_CHAR_WRITER_HPP

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <string_view>  // std::string_view

#include "constformer/model/generate.hpp"  // generate_into
#include "gpl3_char_reference.hpp"         // gpl3_char_reference: vocabulary, prompts, PyTorch's texts
#include "gpl3_char_weights.hpp"           // cf_weights::gpl3_char: the model, constexpr

namespace gpl3 {

namespace cf = constformer;
namespace ref = gpl3_char_reference;

using model_type = cf::gpt_model<float, ref::config>;
inline constexpr const model_type& model = cf_weights::gpl3_char;

// "GNU General Public License" (26 characters), continued until the window of 64 positions is
// full: 38 new characters, each computed from the key/value cache in one position's work.
inline constexpr std::string_view prompt_text = ref::prompt_text_1;
inline constexpr std::size_t prompt_len = prompt_text.size();
#ifdef CONSTFORMER_GPL3_NEW_TOKENS  // to measure what fits the compilers' constant-evaluation limits
inline constexpr std::size_t new_tokens = CONSTFORMER_GPL3_NEW_TOKENS;
#else
inline constexpr std::size_t new_tokens = ref::config.context_length - prompt_len;
#endif
inline constexpr std::size_t total_len = prompt_len + new_tokens;
// PyTorch's prompt and continuation, as far as this program goes.
inline constexpr std::string_view pytorch_text = ref::float32_text_1.substr(0, total_len);

// The line the firmware images start with: gpl3_char: "<prompt>" + <new tokens> characters, greedy
struct title_line {
  char chars[prompt_len + 64];
};
constexpr title_line title() noexcept {
  title_line t{};
  std::size_t n = 0;
  for (char c : std::string_view{"gpl3_char: \""}) t.chars[n++] = c;
  for (char c : prompt_text) t.chars[n++] = c;
  for (char c : std::string_view{"\" + "}) t.chars[n++] = c;
  char digits[20];
  std::size_t k = 0;
  for (std::size_t v = new_tokens; k == 0 || v != 0; v /= 10) digits[k++] = static_cast<char>('0' + v % 10);
  while (k != 0) t.chars[n++] = digits[--k];
  for (char c : std::string_view{" characters, greedy\n"}) t.chars[n++] = c;
  return t;
}

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
// The working storage, with the key/value cache of the 64 positions.
using workspace = cf::workspace_t<model_type, ref::config.context_length>;

// Greedy generation with the key/value cache, into storage the caller owns.
constexpr void write_text(const std::array<cf::token_id, prompt_len>& prompt, generation& g, workspace& ws) noexcept {
  cf::generate_into<new_tokens>(model, prompt, g.out, ws);
  g.probabilities = ws.last_logits;
}

// The same, in a constant evaluation (the workspace is the compiler's memory, not a stack frame).
consteval generation written_by_the_compiler() noexcept {
  generation g{};
  workspace ws;
  write_text(encode(prompt_text), g, ws);
  return g;
}

}  // namespace gpl3

#endif  // CONSTFORMER_EXAMPLES_GPL3_CHAR_WRITER_HPP
