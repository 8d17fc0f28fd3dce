// The safetensors reader's half and bfloat16 widening, the same bits at compile time and at
// run time (runtime/io_safetensors_tensors_test.cpp): every 16-bit pattern, in chunks that
// runtime/io_safetensors_widening_f16.cpp and _bf16.cpp compile.
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_WIDENING_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_WIDENING_HPP

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <utility>

#include "constformer/io/safetensors.hpp"
#include "support/opaque.hpp"

namespace cf_test::safetensors_widening {

namespace io = constformer::io;

// Every half and bfloat16 bit pattern widened at compile time equals the run-time widening
// of the same pattern read through a volatile (the torch comparison below covers the values).
// Tables of 4096 patterns, each its own constant evaluation (Clang's default step limit).
template <std::uint32_t First, bool Bf16>
constexpr auto widen_chunk() {
  std::array<std::uint32_t, 4096> out{};
  for (std::uint32_t k = 0; k < 4096; ++k) {
    const auto h = static_cast<std::uint16_t>(First + k);
    out[k] = std::bit_cast<std::uint32_t>(Bf16 ? io::bfloat16_to_float(h) : io::half_to_float(h));
  }
  return out;
}
template <std::uint32_t First, bool Bf16>
void expect_chunk() {
  static constexpr auto table = widen_chunk<First, Bf16>();
  for (std::uint32_t k = 0; k < 4096; ++k) {
    const auto h = cf_test::opaque(static_cast<std::uint16_t>(First + k));
    ASSERT_EQ(std::bit_cast<std::uint32_t>(Bf16 ? io::bfloat16_to_float(h) : io::half_to_float(h)), table[k])
        << First + k;
  }
}
//! Every pattern's widening (bfloat16 when `Bf16`, half otherwise), in 16 chunks of 4096.
template <bool Bf16>
void expect_all_patterns() {
  [&]<std::uint32_t... Chunk>(std::integer_sequence<std::uint32_t, Chunk...>) {
    (expect_chunk<Chunk * 4096, Bf16>(), ...);
  }(std::make_integer_sequence<std::uint32_t, 16>{});
}

// Instantiated in runtime/io_safetensors_widening_f16.cpp and _bf16.cpp.
extern template void expect_all_patterns<false>();
extern template void expect_all_patterns<true>();

}  // namespace cf_test::safetensors_widening

#endif
