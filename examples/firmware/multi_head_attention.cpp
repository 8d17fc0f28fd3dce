// Firmware example (b): causal multi-head attention, 16 tokens of 32 dimensions, 4 heads of
// 8, with fixed weights drawn by a constexpr generator, on a Cortex-M. Built twice
// (examples/firmware/CMakeLists.txt):
// - CONSTFORMER_FIRMWARE_RUNTIME=0: the output is computed by the compiler; the image holds
//   only the 16 x 32 answer (2 KB) in flash, no weights and no attention code;
// - CONSTFORMER_FIRMWARE_RUNTIME=1: the weights (16.5 KB) are in flash, the input goes
//   through volatile, and the processor computes the same output with `forward_into`, into
//   buffers in .bss whose size is known, and checked against a budget, at compile time.
// Both print the output as hex bit patterns over semihosting; scripts/test.d/firmware.sh
// checks it against the host compiler's compile-time result, bit for bit.
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t

// The by-value forward() below is called only inside a static_assert, where its 10 KB frame
// is the compiler's memory, not the device's stack: the freestanding budget (2 KB) would
// refuse it. The device itself runs forward_into on storage in .bss.
#define CONSTFORMER_STACK_BUDGET (16u * 1024u)

#include "constformer/attention/multi_head.hpp"  // multi_head_attention
#include "constformer/core/batch.hpp"            // batch, for the cross-check with forward()
#include "constformer/core/matrix.hpp"           // matrix, bit_equal
#include "constformer/model/memory.hpp"          // forward_into, forward_scratch, scratch_bytes
#include "report.hpp"                            // fw::print, fw::copy_opaque

namespace cf = constformer;

namespace {

constexpr std::size_t seq_len = 16, d_model = 32, num_heads = 4;
using attention = cf::multi_head_attention<float, d_model, d_model, seq_len, num_heads>;
using sequence = cf::matrix<float, seq_len, d_model>;

// Deterministic "random" values: a 32-bit LCG (Numerical Recipes), the top 24 bits of each
// state scaled to [-scale/2, scale/2). Every step is exact, so the values are the same bits
// on every compiler; scale is a power of two.
template <std::size_t Rows, std::size_t Cols>
constexpr cf::matrix<float, Rows, Cols> lcg_matrix(std::uint32_t seed, float scale) noexcept {
  cf::matrix<float, Rows, Cols> m{};
  std::uint32_t s = seed;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) {
      s = s * 1664525u + 1013904223u;
      m.elems[r][c] = (static_cast<float>(s >> 8) * 0x1p-24f - 0.5f) * scale;
    }
  return m;
}

constexpr attention make_model() noexcept {
  attention m{};
  m.W_query.weight = lcg_matrix<d_model, d_model>(1, 0.5f);
  m.W_key.weight = lcg_matrix<d_model, d_model>(2, 0.5f);
  m.W_value.weight = lcg_matrix<d_model, d_model>(3, 0.5f);
  m.out_proj.weight = lcg_matrix<d_model, d_model>(4, 0.5f);
  m.out_proj.bias = lcg_matrix<1, d_model>(5, 0.5f);
  return m;
}

constexpr attention model = make_model();
constexpr sequence inputs = lcg_matrix<seq_len, d_model>(6, 2.0f);

// The memory, known before the program exists: parameters 4 * 32 * 32 + 32 floats; the
// forward pass needs the input, the output and its scratch (queries, keys, values and the
// head contexts), which must fit the RAM budget of the smallest target (16 KB on the
// micro:bit, less the stack).
constexpr std::size_t ram_budget_bytes = 12 * 1024;
static_assert(cf::parameter_bytes<attention> == (4 * d_model * d_model + d_model) * sizeof(float));
static_assert(cf::scratch_bytes<attention, seq_len> == 4 * seq_len * d_model * sizeof(float));
static_assert(2 * sizeof(sequence) + cf::scratch_bytes<attention, seq_len> <= ram_budget_bytes,
              "input, output and scratch of the attention exceed the RAM budget");

constexpr sequence compute(const sequence& x) noexcept {
  cf::forward_scratch<attention, seq_len> scratch{};
  sequence out{};
  cf::forward_into(model, x, out, scratch);
  return out;
}

constexpr sequence compile_time = compute(inputs);
static_assert(cf::bit_equal(compile_time, model.forward(cf::batch<float, 1, seq_len, d_model>{{inputs}}).items[0]),
              "forward_into gives the bits of forward");

#if CONSTFORMER_FIRMWARE_RUNTIME
// Everything the forward pass writes, in .bss: 2 KB input, 2 KB output, 8 KB scratch.
sequence input, output;
cf::forward_scratch<attention, seq_len> scratch;

// The attention alone, out of line so that its code size can be read from the map file.
[[gnu::noinline, gnu::flatten]] void run_attention() noexcept { cf::forward_into(model, input, output, scratch); }
#endif

}  // namespace

int main() {
  fw::write("multi_head_attention, causal, S=16 D=32 H=4\n");
#if CONSTFORMER_FIRMWARE_RUNTIME
  fw::copy_opaque(inputs, input);
  run_attention();
  fw::print("output", output);
#else
  fw::print("output", compile_time);
#endif
  return 0;
}
