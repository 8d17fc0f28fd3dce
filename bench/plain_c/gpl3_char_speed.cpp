// Host speed of the character GPT of models/gpl3_char: constformer (cf::generate_into, with
// the key/value cache and re-running the window) and the plain C baseline (gpl3_char.c),
// built with the same flags. bench/plain_c/tokens_per_second.py runs it beside PyTorch.
//   gpl3_char_speed --check        every reference prompt, 64 new tokens, both implementations:
//                                  token ids against PyTorch's (exit status 1 when one differs)
//   gpl3_char_speed [--seconds S]  tokens per second, one line per implementation and workload:
//                                  <implementation> <workload> <new tokens> <runs> <seconds> <tokens/s>
// Workloads: "fill", prompt 1 and the new tokens that fill the window (38: every step one
// position from the cache); "slide", prompt 1 and 64 new tokens (after 38 the window slides and
// every step re-runs it, as PyTorch's generate_text_simple always does).
#include <array>    // std::array
#include <chrono>   // std::chrono::steady_clock
#include <cstddef>  // std::size_t
#include <cstdio>   // std::printf
#include <cstdlib>  // std::atof
#include <cstring>  // std::strcmp

#include "constformer/model/generate.hpp"  // generate_into
#include "gpl3_char.h"                     // gpl3_state, gpl3_generate (plain C)
#include "gpl3_char_reference.hpp"         // gpl3_char_reference
#include "gpl3_char_weights.hpp"           // cf_weights::gpl3_char

namespace cf = constformer;
namespace ref = gpl3_char_reference;

namespace {

using model_type = cf::gpt_model<float, ref::config>;
using workspace = cf::workspace_t<model_type, ref::config.context_length>;
workspace ws;
gpl3_state plain_state;

// The prompt through volatile, so that nothing is computed at compile time.
template <std::size_t N>
std::array<cf::token_id, N> opaque(const std::array<cf::token_id, N>& ids) {
  std::array<cf::token_id, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    volatile cf::token_id t = ids[i];
    out[i] = t;
  }
  return out;
}

// Prompt and new tokens with constformer; the ids into out.
template <std::size_t NewTokens, std::size_t PromptLen>
void run_constformer(const std::array<cf::token_id, PromptLen>& prompt, cf::decoding mode, int* out) {
  static cf::generated<PromptLen + NewTokens> g;
  cf::generate_into<NewTokens>(cf_weights::gpl3_char, prompt, g, ws, mode);
  for (std::size_t i = 0; i < PromptLen + NewTokens; ++i) out[i] = static_cast<int>(g.ids[i]);
}

template <std::size_t PromptLen>
void run_plain_c(const std::array<cf::token_id, PromptLen>& prompt, std::size_t new_tokens, int* out) {
  for (std::size_t i = 0; i < PromptLen; ++i) out[i] = static_cast<int>(prompt[i]);
  gpl3_generate(&plain_state, out, static_cast<int>(PromptLen), static_cast<int>(new_tokens));
}

template <std::size_t PromptLen, std::size_t Total>
bool check(const char* name, const std::array<cf::token_id, PromptLen>& prompt,
           const std::array<cf::token_id, Total>& expected) {
  constexpr std::size_t new_tokens = Total - PromptLen;
  int ids[Total];
  bool ok = true;
  const auto compare = [&](const char* impl) {
    std::size_t same = 0;
    while (same < Total && ids[same] == static_cast<int>(expected[same])) ++same;
    std::printf("%-12s %-30s %s (%zu of %zu new tokens equal)\n", impl, name,
                same == Total ? "PyTorch's ids" : "DIFFERENT ids", same < PromptLen ? 0 : same - PromptLen, new_tokens);
    ok = ok && same == Total;
  };
  run_constformer<new_tokens>(opaque(prompt), cf::decoding::cached, ids);
  compare("constformer");
  run_constformer<new_tokens>(opaque(prompt), cf::decoding::recompute, ids);
  compare("(recompute)");
  run_plain_c(opaque(prompt), new_tokens, ids);
  compare("plain C");
  return ok;
}

template <class F>
void time_it(const char* impl, const char* workload, std::size_t new_tokens, double seconds, F&& f) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::size_t runs = 0;
  double elapsed = 0;
  do {
    f();
    ++runs;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < seconds);
  std::printf("%s %s %zu %zu %.3f %.1f\n", impl, workload, new_tokens, runs, elapsed,
              static_cast<double>(runs * new_tokens) / elapsed);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2.0;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--check") == 0) check_only = true;
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atof(argv[++i]);
  }
  if (check_only) {
    bool ok = check("\"This program is \"", ref::prompt_ids_0, ref::float32_ids_0);
    ok = check("\"GNU General Public License\"", ref::prompt_ids_1, ref::float32_ids_1) && ok;
    ok = check("\"You may \"", ref::prompt_ids_2, ref::float32_ids_2) && ok;
    return ok ? 0 : 1;
  }
  constexpr std::size_t prompt_len = ref::prompt_ids_1.size();
  constexpr std::size_t fill = ref::config.context_length - prompt_len;
  constexpr std::size_t slide = ref::max_new_tokens;
  static int ids[prompt_len + slide];
  const auto prompt = opaque(ref::prompt_ids_1);
  time_it("constformer", "fill", fill, seconds, [&] { run_constformer<fill>(prompt, cf::decoding::cached, ids); });
  time_it("constformer_recompute", "fill", fill, seconds,
          [&] { run_constformer<fill>(prompt, cf::decoding::recompute, ids); });
  time_it("plain_c", "fill", fill, seconds, [&] { run_plain_c(prompt, fill, ids); });
  time_it("constformer", "slide", slide, seconds, [&] { run_constformer<slide>(prompt, cf::decoding::cached, ids); });
  time_it("plain_c", "slide", slide, seconds, [&] { run_plain_c(prompt, slide, ids); });
  return 0;
}
