// Safetensors at run time, continued: a file whose names carry a prefix and whose tied weight is
// absent, and the generated weights headers (a constexpr model, a constinit one and a table),
// against the same file read from disk and loaded by the same code as at compile time.
#include <gtest/gtest.h>

#include "cases/safetensors.hpp"
#include "constformer/model/safetensors.hpp"
#include "mha_seed123_tied_f32.hpp"
#include "support/safetensors_files.hpp"
#include "weights/mha_f32.hpp"
#define CF_WEIGHTS_MHA_ROM_DEFINITION  // this translation unit defines the constinit model
#include "weights/mha_rom.hpp"

namespace {

namespace cf = constformer;
namespace em = cf_embedded;
using cf_test::safetensors_files::load_or_fail;
using cf_test::safetensors_files::mha;
using cf_test::safetensors_files::read_file;

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
