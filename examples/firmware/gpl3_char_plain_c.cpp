// The plain C baseline (bench/plain_c/gpl3_char.c) on a Cortex-M: the same model, prompt and
// number of new characters as gpl3_char.cpp, the weights in flash (static const arrays), the
// key/value cache and activations in .bss. Prints the same text and ids lines as gpl3_char.cpp
// (not the probabilities: the C library's expf and tanhf give other bits than constformer's).
#include <cstddef>  // std::size_t

#include "gpl3_char.h"  // gpl3_state, gpl3_generate (plain C)
#include "report.hpp"   // fw::write, print_ints
#include "writer.hpp"   // gpl3::prompt_text, prompt_len, new_tokens, decode

namespace {

gpl3_state state;
int ids[gpl3::total_len];

[[gnu::noinline]] void run_generation() noexcept {
  gpl3_generate(&state, ids, static_cast<int>(gpl3::prompt_len), static_cast<int>(gpl3::new_tokens));
}

}  // namespace

int main() {
  static constexpr gpl3::title_line title = gpl3::title();
  fw::write(title.chars);
  char chars[gpl3::prompt_len];
  for (std::size_t i = 0; i < gpl3::prompt_len; ++i) {
    volatile char c = gpl3::prompt_text[i];
    chars[i] = c;
  }
  const auto prompt = gpl3::encode({chars, gpl3::prompt_len});
  for (std::size_t i = 0; i < gpl3::prompt_len; ++i) ids[i] = static_cast<int>(prompt[i]);
  run_generation();
  std::array<constformer::token_id, gpl3::total_len> out{};
  for (std::size_t i = 0; i < gpl3::total_len; ++i) out[i] = static_cast<constformer::token_id>(ids[i]);
  fw::write("text ");
  fw::write(gpl3::decode(out).chars);
  fw::write("\n");
  fw::print_ints("ids", ids, gpl3::total_len);
  return 0;
}
