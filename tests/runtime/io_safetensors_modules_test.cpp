// The safetensors reader, good paths: parts of the GPT fixture loaded into existing modules, by
// prefix, strict within it, and with narrowing (F64 into float). Ties:
// io_safetensors_ties_test.cpp; the whole model: io_safetensors_models_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/io/tensor_file.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

TEST(SafetensorsModels, GptTinyIntoExistingModules) {
  const std::string dir = cf_test::fixture_dir("gpt");
  const auto js = cf_test::load_json_file(dir + "/gpt_tiny_seed123.f32.json");
  ASSERT_TRUE(js.ok()) << js.error;
  // One block's attention (E 32, 4 heads, context 16, no qkv bias) and feed-forward layers,
  // strict within their prefix.
  const auto st = cf_test::open_safetensors_file(dir + "/gpt_tiny_seed123.f32.safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  static cf::multi_head_attention<float, 32, 32, 16, 4> att{}, att_json{};
  const io::load_result r = io::load_parameters(att, st.file, {.prefix = "trf_blocks.1.att."});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 5u);
  ASSERT_TRUE(io::load_parameters(att_json, js.file, {.prefix = "trf_blocks.1.att.", .strict = false}).ok());
  EXPECT_EQ(cf_test::parameter_bits(att), cf_test::parameter_bits(att_json));
  static cf::linear<float, 32, 128, true> ff0{};
  ASSERT_TRUE(io::load_parameters(ff0, st.file, {.prefix = "trf_blocks.0.ff.layers.0."}).ok());
  cf::matrix<float, 128, 32> w{};
  ASSERT_EQ(io::read_tensor(js.file, "trf_blocks.0.ff.layers.0.weight", w), "");
  EXPECT_TRUE(cf::bit_equal(w, ff0.weight));
  // The f64 file into a float module: refused, then exact with narrowing (its values are
  // float32 values widened).
  static cf::multi_head_attention<float, 32, 32, 16, 4> att64{};
  cf_test::fill_pattern(att64);
  const auto before = cf_test::parameter_bits(att64);
  const auto f64 = cf_test::open_safetensors_file(dir + "/gpt_tiny_seed123.f64.safetensors");
  ASSERT_TRUE(f64.ok()) << f64.error;
  const io::load_result refused = io::load_parameters(att64, f64.file, {.prefix = "trf_blocks.1.att."});
  EXPECT_NE(refused.error.find("allow narrowing"), std::string::npos) << refused.error;
  EXPECT_EQ(cf_test::parameter_bits(att64), before);
  ASSERT_TRUE(io::load_parameters(att64, f64.file, {.prefix = "trf_blocks.1.att.", .allow_narrowing = true}).ok());
  EXPECT_EQ(cf_test::parameter_bits(att64), cf_test::parameter_bits(att));
}

}  // namespace
