// Safetensors at run time, into double: the test files read from disk (so nothing can be
// folded), parsed and loaded by the same code as at compile time, and compared bit for bit with
// the models the compiler loaded from the embedded files (into float: safetensors_test.cpp).
#include <gtest/gtest.h>

#include <vector>

#include "cases/safetensors.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/mha_seed123_halves_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f64.hpp"
#include "mha_seed123_bf16.hpp"
#include "mha_seed123_f64.hpp"
#include "support/safetensors_files.hpp"

namespace {

namespace fx = constformer_fixtures;
namespace em = cf_embedded;
using cf_test::safetensors_files::expect_load_matches;
using cf_test::safetensors_files::load_or_fail;
using cf_test::safetensors_files::mha;
using cf_test::safetensors_files::read_file;

TEST(CompileTimeWeights, RunTimeLoadsIntoDoubleGiveTheCompileTimeBits) {
  expect_load_matches<double, em::mha_seed123_f64>("safetensors/mha_seed123.f64.safetensors",
                                                   fx::multi_head_attention_seed123_f64::tensors);
  expect_load_matches<double, em::mha_seed123_bf16>("safetensors/mha_seed123.bf16.safetensors",
                                                    fx::mha_seed123_halves_f32::tensors, "bf16.");
  // Widening.
  EXPECT_TRUE(
      cf_test::parameters_bit_equal(load_or_fail<mha<double>>(read_file("safetensors/mha_seed123.f32.safetensors")),
                                    fx::multi_head_attention_seed123_f64::tensors));
}

}  // namespace
