// Test support: a safetensors file as a constexpr std::array, from a header written in the
// test (the parser's strictness tests and the compile-fail tests), without a file on disk.
#ifndef CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_BUILDER_HPP
#define CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_BUILDER_HPP

#include <array>
#include <cstddef>

namespace cf_test {

//! The bytes of a safetensors file: the 8-byte little-endian length of `header` (its text,
//! without the terminating null), the header, and `DataSize` data bytes, byte i being
//! `Fill + i` (modulo 256).
template <std::size_t DataSize, unsigned char Fill = 0, std::size_t N>
constexpr std::array<unsigned char, 8 + (N - 1) + DataSize> safetensors_file(const char (&header)[N]) {
  std::array<unsigned char, 8 + (N - 1) + DataSize> out{};
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<unsigned char>((N - 1) >> (8 * i));
  for (std::size_t i = 0; i + 1 < N; ++i) out[8 + i] = static_cast<unsigned char>(header[i]);
  for (std::size_t i = 0; i < DataSize; ++i) out[8 + (N - 1) + i] = static_cast<unsigned char>(Fill + i);
  return out;
}

}  // namespace cf_test

#endif
