// The compiler writes the text: a character-level GPT trained on the GNU GPL
// (models/gpl3_char/) continues a prompt greedily inside a static_assert, and the result must
// be PyTorch's continuation, character for character. The weights come from a constexpr
// header that tools/safetensors_to_header.py writes from the safetensors file at build time;
// the prompt, the vocabulary and PyTorch's text from a header generated from reference.json
// (tools/generation_reference_to_header.py). At run time the program writes the same
// continuation again, from a prompt the optimiser cannot see, and compares the token ids and
// the bits of the last step's probabilities with the compiler's.
#include <cstddef>  // std::size_t
#include <cstdio>   // std::printf

#include "writer.hpp"  // gpl3::write_text, encode, decode; the generated model and reference

namespace {

static_assert(gpl3::encode(gpl3::prompt_text) == gpl3::ref::prompt_ids_1,
              "the vocabulary encodes the prompt as PyTorch did");

// The compiler writes the text...
constexpr gpl3::generation compile_time = gpl3::written_by_the_compiler();
constexpr gpl3::text written = gpl3::decode(compile_time.out.ids);
// ...and it is PyTorch's.
static_assert(compile_time.out.ok);
static_assert(written.view() == gpl3::pytorch_text, "the compile-time continuation is PyTorch's greedy continuation");

// The run-time copy, in static storage (the workspace holds the key/value cache).
gpl3::generation run_time;
gpl3::workspace run_time_ws;

}  // namespace

int main() {
  // The prompt through volatile, so the optimiser cannot fold the run-time generation.
  char chars[gpl3::prompt_len];
  for (std::size_t i = 0; i < gpl3::prompt_len; ++i) {
    volatile char c = gpl3::prompt_text[i];
    chars[i] = c;
  }
  gpl3::write_text(gpl3::encode({chars, gpl3::prompt_len}), run_time, run_time_ws);
  const gpl3::text again = gpl3::decode(run_time.out.ids);
  const bool same_ids = run_time.out.ids == compile_time.out.ids;
  const bool same_bits = constformer::bit_equal(run_time.probabilities, compile_time.probabilities);
  std::printf("prompt (%zu characters): \"%.*s\"\n", gpl3::prompt_len, static_cast<int>(gpl3::prompt_len),
              gpl3::prompt_text.data());
  std::printf("%zu new characters, greedy:\n", gpl3::new_tokens);
  std::printf("  compile time: \"%s\"\n", written.chars);
  std::printf("  run time:     \"%s\"\n", again.chars);
  std::printf("  PyTorch:      \"%.*s\"\n", static_cast<int>(gpl3::total_len), gpl3::pytorch_text.data());
  std::printf("run time: same token ids as the compiler: %s; same bits of the last step's %zu probabilities: %s\n",
              same_ids ? "yes" : "no", gpl3::ref::config.vocab_size, same_bits ? "yes" : "no");
  return same_ids && same_bits ? 0 : 1;
}
