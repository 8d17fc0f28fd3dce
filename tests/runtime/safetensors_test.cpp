// Safetensors at run time: the test files read from disk (so nothing can be folded), parsed
// and loaded by the same code as at compile time, and compared bit for bit with the models the
// compiler loaded from the embedded files and with the generated weights headers. Error messages
// and truncated or corrupted files: safetensors_errors_test.cpp; the parser's cases on run-time
// copies: safetensors_parser_test.cpp; the tiny GPT: safetensors_gpt_test.cpp; the element
// conversions: safetensors_decoding_test.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "cases/named.hpp"
#include "cases/safetensors.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/mha_seed123_halves_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f64.hpp"
#include "mha_seed123_bf16.hpp"
#include "mha_seed123_f16.hpp"
#include "mha_seed123_f32.hpp"
#include "mha_seed123_f64.hpp"
#include "mha_seed123_tied_f32.hpp"
#include "support/safetensors_files.hpp"
#include "weights/mha_f32.hpp"
#define CF_WEIGHTS_MHA_ROM_DEFINITION  // this translation unit defines the constinit model
#include "weights/mha_rom.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;
namespace em = cf_embedded;
using cf_test::safetensors_files::mha;
using cf_test::safetensors_files::read_file;

template <class M>
M load_or_fail(const std::vector<unsigned char>& bytes, const cf::safetensors_options& options = {}) {
  M m{};
  const cf::safetensors_error e = cf::load_safetensors(m, cf::parse_safetensors(bytes.data(), bytes.size()), options);
  char text[300];
  e.format(text, sizeof text);
  EXPECT_TRUE(e.ok()) << text;
  return m;
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

}  // namespace
