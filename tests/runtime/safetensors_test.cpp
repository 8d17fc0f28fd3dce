// Safetensors at run time: the test files read from disk (so nothing can be folded), parsed
// and loaded by the same code as at compile time, and compared bit for bit with the models the
// compiler loaded from the embedded files and with the generated weights headers. Error messages
// and truncated or corrupted files: safetensors_errors_test.cpp; the parser's cases on run-time
// copies: safetensors_parser_test.cpp; loads into double: safetensors_f64_test.cpp; prefixes,
// tied weights and the generated headers:
// safetensors_prefix_test.cpp; the tiny GPT: safetensors_gpt_test.cpp; the element conversions:
// safetensors_decoding_test.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "cases/named.hpp"
#include "cases/safetensors.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/mha_seed123_halves_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "mha_seed123_f16.hpp"
#include "mha_seed123_f32.hpp"
#include "support/safetensors_files.hpp"

namespace {

namespace fx = constformer_fixtures;
namespace em = cf_embedded;
using cf_test::safetensors_files::expect_load_matches;
using cf_test::safetensors_files::load_or_fail;
using cf_test::safetensors_files::mha;
using cf_test::safetensors_files::read_file;

TEST(CompileTimeWeights, RunTimeLoadsGiveTheCompileTimeBits) {
  const auto m_f32 = expect_load_matches<float, em::mha_seed123_f32>("safetensors/mha_seed123.f32.safetensors",
                                                                     fx::multi_head_attention_seed123_f32::tensors);
  expect_load_matches<float, em::mha_seed123_f16>("safetensors/mha_seed123.f16.safetensors",
                                                  fx::mha_seed123_halves_f32::tensors, "f16.");
  // Narrowing.
  EXPECT_TRUE(cf_test::mha_bit_equal(
      load_or_fail<mha<float>>(read_file("safetensors/mha_seed123.f64.safetensors"), {.allow_narrowing = true}),
      m_f32));
  // The forward pass.
  const auto ref = cf_test::load_named<mha<float>>(fx::multi_head_attention_seed123_f32::tensors);
  EXPECT_TRUE(cf_test::forward_matches(m_f32, ref, fx::multi_head_attention_seed123_f32::inputs,
                                       fx::multi_head_attention_seed123_f32::output));
}

}  // namespace
