// Safetensors at run time: the test files read from disk (so nothing can be folded), parsed
// and loaded by the same code as at compile time, and compared bit for bit with the models the
// compiler loaded from the embedded files; error messages; the parser's cases on run-time
// copies; truncated and corrupted files (no crash, no read out of bounds: see the sanitizer
// build). The tiny GPT and the element conversions: safetensors_gpt_test.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cases/named.hpp"
#include "cases/safetensors.hpp"
#include "cases/safetensors_parser.hpp"
#include "fixtures/mha_seed123_halves_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f64.hpp"
#include "mha_seed123_bf16.hpp"
#include "mha_seed123_f16.hpp"
#include "mha_seed123_f32.hpp"
#include "mha_seed123_f64.hpp"
#include "mha_seed123_tied_f32.hpp"
#include "weights/mha_f32.hpp"
#define CF_WEIGHTS_MHA_ROM_DEFINITION  // this translation unit defines the constinit model
#include "weights/mha_rom.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;
namespace em = cf_embedded;
template <class T>
using mha = cf::multi_head_attention<T, 3, 2, 6, 2>;

std::vector<unsigned char> read_file(const std::string& relative) {
  std::ifstream in(std::string(CONSTFORMER_FIXTURE_ROOT) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in.good()) << relative;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A copy the optimiser cannot see through.
std::vector<unsigned char> opaque_copy(const unsigned char* bytes, std::size_t size) {
  std::vector<unsigned char> out(size);
  for (std::size_t i = 0; i < size; ++i) {
    volatile unsigned char b = bytes[i];
    out[i] = b;
  }
  return out;
}
template <class Bytes>
std::vector<unsigned char> opaque_copy(const Bytes& bytes) {
  return opaque_copy(std::data(bytes), std::size(bytes));
}

template <class M>
M load_or_fail(const std::vector<unsigned char>& bytes, const cf::safetensors_options& options = {}) {
  M m{};
  const cf::safetensors_error e = cf::load_safetensors(m, cf::parse_safetensors(bytes.data(), bytes.size()), options);
  char text[300];
  e.format(text, sizeof text);
  EXPECT_TRUE(e.ok()) << text;
  return m;
}

std::string message(const cf::safetensors_error& e) {
  char text[400];
  e.format(text, sizeof text);
  return text;
}

TEST(CompileTimeWeights, RunTimeLoadsGiveTheCompileTimeBits) {
  constexpr auto ct_f32 = cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_f32>();
  constexpr auto ct_f64 = cf::load_safetensors_or_fail<mha<double>, em::mha_seed123_f64>();
  constexpr auto ct_f16 = cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_f16>();
  constexpr auto ct_bf16 = cf::load_safetensors_or_fail<mha<double>, em::mha_seed123_bf16>();
  const auto f32 = read_file("safetensors/mha_seed123.f32.safetensors");
  const auto f64 = read_file("safetensors/mha_seed123.f64.safetensors");
  const auto m_f32 = load_or_fail<mha<float>>(f32);
  const auto m_f64 = load_or_fail<mha<double>>(f64);
  const auto m_f16 = load_or_fail<mha<float>>(read_file("safetensors/mha_seed123.f16.safetensors"));
  const auto m_bf16 = load_or_fail<mha<double>>(read_file("safetensors/mha_seed123.bf16.safetensors"));
  EXPECT_TRUE(cf_test::mha_bit_equal(m_f32, ct_f32));
  EXPECT_TRUE(cf_test::mha_bit_equal(m_f64, ct_f64));
  EXPECT_TRUE(cf_test::mha_bit_equal(m_f16, ct_f16));
  EXPECT_TRUE(cf_test::mha_bit_equal(m_bf16, ct_bf16));
  EXPECT_TRUE(cf_test::parameters_bit_equal(m_f32, fx::multi_head_attention_seed123_f32::tensors));
  EXPECT_TRUE(cf_test::parameters_bit_equal(m_f64, fx::multi_head_attention_seed123_f64::tensors));
  EXPECT_TRUE(cf_test::parameters_bit_equal(m_f16, fx::mha_seed123_halves_f32::tensors, "f16."));
  EXPECT_TRUE(cf_test::parameters_bit_equal(m_bf16, fx::mha_seed123_halves_f32::tensors, "bf16."));
  // Narrowing and widening.
  EXPECT_TRUE(cf_test::mha_bit_equal(load_or_fail<mha<float>>(f64, {.allow_narrowing = true}), ct_f32));
  EXPECT_TRUE(
      cf_test::parameters_bit_equal(load_or_fail<mha<double>>(f32), fx::multi_head_attention_seed123_f64::tensors));
  // The forward pass.
  const auto ref = cf_test::load_named<mha<float>>(fx::multi_head_attention_seed123_f32::tensors);
  EXPECT_TRUE(cf_test::forward_matches(m_f32, ref, fx::multi_head_attention_seed123_f32::inputs,
                                       fx::multi_head_attention_seed123_f32::output));
}

TEST(CompileTimeWeights, PrefixAndTiedWeightAtRunTime) {
  const auto bytes = read_file("safetensors/mha_seed123_tied.f32.safetensors");
  const auto m = load_or_fail<mha<float>>(bytes, {.prefix = "model.", .ties = {{"W_key.weight", "W_query.weight"}}});
  constexpr auto ct =
      cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_tied_f32,
                                   cf::safetensors_options{.prefix = "model.",
                                                           .ties = {{"W_key.weight", "W_query.weight"}}}>();
  EXPECT_TRUE(cf_test::mha_bit_equal(m, ct));
  EXPECT_TRUE(cf::bit_equal(m.W_key.weight, m.W_query.weight));
}

TEST(CompileTimeWeights, GeneratedHeadersAtRunTime) {
  const auto m = load_or_fail<mha<float>>(read_file("safetensors/mha_seed123.f32.safetensors"));
  EXPECT_TRUE(cf_test::mha_bit_equal(cf_weights::mha_f32, m));
  EXPECT_TRUE(cf_test::mha_bit_equal(cf_weights::mha_rom, m));  // constinit const: in .rodata
  mha<float> from_table{};
  EXPECT_TRUE(cf::load_named_tensors(from_table, cf_weights::mha_f32_data::table).ok());
  EXPECT_TRUE(cf_test::mha_bit_equal(from_table, m));
}

TEST(CompileTimeWeights, ErrorsNameTheTensorAtRunTime) {
  const auto tied = read_file("safetensors/mha_seed123_tied.f32.safetensors");
  const auto f32 = read_file("safetensors/mha_seed123.f32.safetensors");
  const auto f64 = read_file("safetensors/mha_seed123.f64.safetensors");
  const auto tied_file = cf::parse_safetensors(tied.data(), tied.size());
  EXPECT_EQ(message(cf_test::load_error<mha<float>>(tied_file, {.prefix = "model."})),
            "safetensors: missing tensor \"model.W_key.weight\"");
  EXPECT_EQ(message(cf_test::load_error<cf::multi_head_attention<float, 2, 2, 6, 2>>(
                cf::parse_safetensors(f32.data(), f32.size()))),
            "safetensors: tensor \"W_query.weight\" has shape [2, 3], expected [2, 2]");
  EXPECT_EQ(message(cf_test::load_error<mha<float>>(cf::parse_safetensors(f64.data(), f64.size()))),
            "safetensors: tensor \"W_query.weight\" is F64 and the parameter float: set allow_narrowing");
  const auto ints = opaque_copy(cf_test::safetensors_file<32>(
      R"({"weight":{"dtype":"I32","shape":[2,3],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})"));
  EXPECT_EQ(
      message(cf_test::load_error<cf::linear<float, 3, 2, true>>(cf::parse_safetensors(ints.data(), ints.size()))),
      "safetensors: tensor \"weight\" has dtype I32, expected F32, F64, F16 or BF16");
  const auto garbage = opaque_copy(cf_test::safetensors_file<0>("{}x"));
  EXPECT_EQ(message(cf::parse_safetensors(garbage.data(), garbage.size()).error()),
            "safetensors: malformed header at byte 10");
  // A message longer than the buffer is cut, and null-terminated.
  char small[12];
  EXPECT_EQ(cf_test::load_error<mha<float>>(tied_file).format(small, sizeof small), sizeof small - 1);
  EXPECT_EQ(std::string(small), "safetensors");
  // The module is unchanged on error.
  mha<float> m{};
  m.out_proj.bias(0, 1) = 2.0f;
  EXPECT_FALSE(cf::load_safetensors(m, tied_file).ok());
  EXPECT_EQ(m.out_proj.bias(0, 1), 2.0f);
}

// One parser case on a run-time copy (one instantiation of the parser for all cases).
bool parser_case_holds(const std::vector<unsigned char>& copy, cf::safetensors_errc code, std::string_view name,
                       std::string_view find) {
  return cf_test::parser_case_holds(cf::parse_safetensors(copy.data(), copy.size()), code, name, find);
}

TEST(CompileTimeWeights, ParserCasesAtRunTime) {
  std::size_t cases = 0;
  EXPECT_TRUE(cf_test::for_each_parser_case(
      [&](const auto& bytes, cf::safetensors_errc code, std::string_view name, std::string_view find) {
        ++cases;
        const bool held = parser_case_holds(opaque_copy(bytes), code, name, find);
        EXPECT_TRUE(held) << "case " << cases;
        return held;
      }));
  EXPECT_GT(cases, 50u);
}

TEST(CompileTimeWeights, TruncatedAndCorruptedFilesAreRejectedSafely) {
  const auto bytes = read_file("safetensors/mha_seed123.f32.safetensors");
  // Every proper prefix is an error (the sanitizer build checks that nothing is read outside).
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    const auto file = cf::parse_safetensors(cut.data(), cut.size());
    EXPECT_FALSE(file.ok()) << n;
    mha<float> m{};
    EXPECT_FALSE(cf::load_safetensors(m, file).ok()) << n;
  }
  // Every header byte replaced by each of a few values: parsing and loading never crash; a file
  // that still parses names only tensors inside it.
  std::size_t still_valid = 0;
  const std::size_t header_end = cf::parse_safetensors(bytes.data(), bytes.size()).data_begin();
  for (std::size_t i = 0; i < header_end; ++i)
    for (unsigned v : {0x00u, 0x22u, 0x2cu, 0x30u, 0x39u, 0x5cu, 0x7bu, 0x7du, 0x80u, 0xffu}) {
      auto copy = bytes;
      copy[i] = static_cast<unsigned char>(v);
      const auto file = cf::parse_safetensors(copy.data(), copy.size());
      mha<float> m{};
      const auto e = cf::load_safetensors(m, file);
      if (file.ok()) {
        ++still_valid;
        file.for_each_tensor([&](std::string_view, const cf::safetensors_tensor& t) {
          EXPECT_LE(t.end, copy.size() - file.data_begin());
        });
      } else {
        EXPECT_FALSE(e.ok());
      }
    }
  EXPECT_GT(still_valid, 0u);  // e.g. a digit of a value changed in the metadata
}

}  // namespace
