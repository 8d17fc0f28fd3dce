// A small attention on a Cortex-M, built by a separate project against the installed
// package: a causal multi-head attention (8 wide, 2 heads, 6 tokens) computed by the compiler
// and again by the processor, compared bit for bit; then cf::reproduces_compile_time(). Prints
// over semihosting and exits 0 only when everything matched.
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t

#include <constformer.hpp>

#include "semihosting.hpp"  // from the installed platform support

namespace cf = constformer;

namespace {

using attention = cf::multi_head_attention<float, 8, 8, 6, 2>;
using tokens = cf::batch<float, 1, 6, 8>;

// Exact, compiler-independent values: a 32-bit LCG scaled by a power of two.
constexpr float next(std::uint32_t& s) noexcept {
  s = s * 1664525u + 1013904223u;
  return static_cast<float>(s >> 8) * 0x1p-24f - 0.5f;
}

constexpr attention make_model() noexcept {
  attention m{};
  std::uint32_t s = 7;
  cf::for_each_parameter(m, [&](auto, auto& p) {
    for (auto& row : p.elems)
      for (float& v : row) v = next(s);
  });
  return m;
}

constexpr tokens make_input() noexcept {
  tokens x{};
  std::uint32_t s = 11;
  for (auto& row : x.items[0].elems)
    for (float& v : row) v = 2.0f * next(s);
  return x;
}

constexpr attention model = make_model();
constexpr tokens input = make_input();
constexpr tokens compile_time = model.forward(input);

tokens opaque(const tokens& x) noexcept {
  tokens y{};
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 8; ++c) {
      volatile float v = x.items[0].elems[r][c];
      y.items[0].elems[r][c] = v;
    }
  return y;
}

}  // namespace

int main() {
  const tokens run_time = model.forward(opaque(input));
  const bool same = cf::bit_equal(run_time.items[0], compile_time.items[0]);
  fw::semihosting::write0(same ? "attention: run time == compile time, bit for bit\n"
                               : "attention: run time DIFFERS from compile time\n");
  // float only: this FPU has no double precision.
  const cf::self_check_result check = cf::reproduces_compile_time<float>();
  if (check) {
    fw::semihosting::write0("reproduces_compile_time<float>(): yes\n");
  } else {
    fw::semihosting::write0("reproduces_compile_time<float>(): no, ");
    fw::semihosting::write0(check.first_mismatch);
    fw::semihosting::write0("\n");
  }
  return same && check ? 0 : 1;
}
