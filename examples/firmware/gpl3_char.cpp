// Firmware example (c): the character GPT trained on the GNU GPL (models/gpl3_char, 66,720
// parameters) writes "GNU General Public License" + 38 characters on a Cortex-M. Built twice
// (examples/firmware/CMakeLists.txt):
// - CONSTFORMER_FIRMWARE_RUNTIME=0: the compiler writes the text; the image holds the answer;
// - CONSTFORMER_FIRMWARE_RUNTIME=1: the weights (261 KiB, float32) are in flash, the key/value
//   cache and the working storage in .bss, the prompt goes through volatile, and the processor
//   writes the text. The memory is known at compile time and checked against the board's
//   flash and RAM (the linker script's sizes, passed by constformer_firmware_platform): this
//   variant fits the MPS2-AN386 (Cortex-M4F), not the micro:bit (256 KB flash, 16 KB RAM).
// Both print the text, the token ids and the bits of the last step's probabilities over
// semihosting; scripts/test.d/firmware.sh checks them against the host compiler's
// compile-time result.
#include <cstddef>  // std::size_t

#include "report.hpp"                    // fw::write, print, print_ints
#include "writer.hpp"                    // gpl3::write_text, encode, decode (examples/gpl3_char)

namespace {

#if CONSTFORMER_FIRMWARE_RUNTIME
// What the image needs, against what the board has. The diagnostic of a failed check shows
// both numbers (the template arguments).
template <std::size_t WeightBytes, std::size_t FlashBytes>
constexpr bool weights_fit_in_flash() noexcept {
  static_assert(WeightBytes <= FlashBytes, "the model's weights do not fit in the board's flash");
  return true;
}
template <std::size_t StorageBytes, std::size_t RamBytes>
constexpr bool storage_fits_in_ram() noexcept {
  static_assert(StorageBytes <= RamBytes,
                "the key/value cache, the working storage and the minimum stack do not fit in the board's RAM");
  return true;
}
static_assert(weights_fit_in_flash<sizeof(gpl3::model_type), CONSTFORMER_FIRMWARE_FLASH_BYTES>());
static_assert(
    storage_fits_in_ram<sizeof(gpl3::workspace) + sizeof(gpl3::generation) + CONSTFORMER_FIRMWARE_MIN_STACK_BYTES,
                        CONSTFORMER_FIRMWARE_RAM_BYTES>());

// In .bss: the key/value cache and working storage, and the result.
gpl3::workspace ws;
gpl3::generation result;

// The generation alone, out of line, so that its code and instructions can be counted.
[[gnu::noinline]] void run_generation(const std::array<constformer::token_id, gpl3::prompt_len>& prompt) noexcept {
  gpl3::write_text(prompt, result, ws);
}
#else
constexpr gpl3::generation result = gpl3::written_by_the_compiler();
static_assert(gpl3::decode(result.out.ids).view() == gpl3::pytorch_text, "the compiler writes PyTorch's text");
#endif

}  // namespace

int main() {
  static constexpr gpl3::title_line title = gpl3::title();
  fw::write(title.chars);
#if CONSTFORMER_FIRMWARE_RUNTIME
  char chars[gpl3::prompt_len];
  for (std::size_t i = 0; i < gpl3::prompt_len; ++i) {
    volatile char c = gpl3::prompt_text[i];
    chars[i] = c;
  }
  run_generation(gpl3::encode({chars, gpl3::prompt_len}));
#endif
  const gpl3::text written = gpl3::decode(result.out.ids);
  fw::write("text ");
  fw::write(written.chars);
  fw::write("\n");
  fw::print_ints("ids", result.out.ids.data(), gpl3::total_len);
  fw::print("probabilities", result.probabilities);
  return result.out.ok ? 0 : 1;
}
