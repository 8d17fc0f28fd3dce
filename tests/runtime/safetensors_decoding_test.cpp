// The safetensors element conversions at run time: every F16 and BF16 encoding, and random F32
// and F64 ones, converted as the hardware converts them (the oracle for the integer conversions
// used in constant evaluation), and F16 as torch widens it. The tiny GPT's files:
// safetensors_gpt_test.cpp.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

#include "cases/safetensors.hpp"  // bits_t
#include "constformer/model/safetensors.hpp"
#include "support/safetensors_files.hpp"

namespace {

namespace cf = constformer;
using cf_test::safetensors_files::read_file;

// One element of dtype D, decoded from its bytes as T.
template <class T, cf::safetensors_dtype D, class Bits>
T decode(Bits bits) {
  unsigned char bytes[sizeof(Bits)];
  for (std::size_t i = 0; i < sizeof(Bits); ++i) bytes[i] = static_cast<unsigned char>(bits >> (8 * i));
  return cf::detail::decode<T, D>(bytes, 0);
}

// Bit for bit, NaNs included: conversions keep a NaN's sign and payload and make it quiet.
template <class T>
bool same(T got, T want) {
  return std::bit_cast<cf_test::bits_t<T>>(got) == std::bit_cast<cf_test::bits_t<T>>(want);
}

TEST(CompileTimeWeightsDecoding, EveryHalfAndBFloat16) {
  std::size_t mismatches = 0;
  for (std::uint32_t b = 0; b < 0x10000; ++b) {
    const auto h = static_cast<std::uint16_t>(b);
    const float bf = std::bit_cast<float>(b << 16);  // BF16 is the top half of a float
    mismatches += !same(decode<float, cf::safetensors_dtype::bf16>(h), bf);
    mismatches += !same(decode<double, cf::safetensors_dtype::bf16>(h), static_cast<double>(bf));
#ifdef __FLT16_MAX__
    const _Float16 half = std::bit_cast<_Float16>(h);
    mismatches += !same(decode<float, cf::safetensors_dtype::f16>(h), static_cast<float>(half));
    mismatches += !same(decode<double, cf::safetensors_dtype::f16>(h), static_cast<double>(half));
#endif
  }
  EXPECT_EQ(mismatches, 0u);
}

// F16 against torch's widening (tests/fixtures/io, written by tools/gen_io_fixtures.py): every
// compiler, with or without _Float16.
TEST(CompileTimeWeightsDecoding, HalfAsTorchWidensIt) {
  const auto bytes = read_file("io/half_widening.safetensors");
  const auto file = cf::parse_safetensors(bytes.data(), bytes.size());
  ASSERT_TRUE(file.ok());
  const cf::safetensors_tensor half = file.find("f16"), as_f32 = file.find("f16_as_f32"),
                               as_f64 = file.find("f16_as_f64");
  ASSERT_TRUE(half.found && as_f32.found && as_f64.found);
  const unsigned char* data = bytes.data() + file.data_begin();
  const std::size_t n = half.element_count();
  ASSERT_GT(n, 0u);
  ASSERT_EQ(as_f32.element_count(), n);
  ASSERT_EQ(as_f64.element_count(), n);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float want_f = cf::detail::decode<float, cf::safetensors_dtype::f32>(data + as_f32.begin, i);
    const double want_d = cf::detail::decode<double, cf::safetensors_dtype::f64>(data + as_f64.begin, i);
    mismatches += !same(cf::detail::decode<float, cf::safetensors_dtype::f16>(data + half.begin, i), want_f);
    mismatches += !same(cf::detail::decode<double, cf::safetensors_dtype::f16>(data + half.begin, i), want_d);
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(CompileTimeWeightsDecoding, RandomFloatsAndDoubles) {
  std::mt19937_64 rng(2024);
  std::size_t mismatches = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    const std::uint64_t r = rng();
    const auto bits32 = static_cast<std::uint32_t>(r);
    const float f = std::bit_cast<float>(bits32);
    mismatches += !same(decode<float, cf::safetensors_dtype::f32>(bits32), f);
    mismatches += !same(decode<double, cf::safetensors_dtype::f32>(bits32), static_cast<double>(f));
    // Doubles spread over and around float's range (exponents 1023 +- 160), and any double.
    const std::uint64_t near = (r & 0x800F'FFFF'FFFF'FFFFull) | (std::uint64_t{863 + (r >> 52) % 320} << 52);
    for (std::uint64_t bits64 : {near, r}) {
      const double d = std::bit_cast<double>(bits64);
      mismatches += !same(decode<double, cf::safetensors_dtype::f64>(bits64), d);
      mismatches += !same(decode<float, cf::safetensors_dtype::f64>(bits64), static_cast<float>(d));
    }
  }
  // Halfway cases of the narrowing: a float's value plus half of its last place.
  for (int i = 0; i < 100'000; ++i) {
    const float f = std::bit_cast<float>(static_cast<std::uint32_t>(rng()) & 0x7F7F'FFFFu);
    const double up = std::nextafter(static_cast<double>(f), 1e300);
    const double half =
        static_cast<double>(f) + (static_cast<double>(std::nextafter(f, 1e30f)) - static_cast<double>(f)) / 2;
    for (double d : {half, -half, up})
      mismatches +=
          !same(decode<float, cf::safetensors_dtype::f64>(std::bit_cast<std::uint64_t>(d)), static_cast<float>(d));
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
