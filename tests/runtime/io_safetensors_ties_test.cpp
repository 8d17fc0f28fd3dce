// The safetensors reader, good paths: ties when loading parts of the GPT fixture into existing
// modules (a tensor in the file wins over its tie; the output head from the token embedding).
// Prefix and narrowing: io_safetensors_modules_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/io_support.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

TEST(SafetensorsModels, TiedParameter) {
  // W_key.weight is absent from the file and tied to W_query.weight.
  const std::string dir = cf_test::fixture_dir("gpt");
  const auto st = cf_test::open_safetensors_file(dir + "/gpt_tiny_seed123.f32.safetensors");
  ASSERT_TRUE(st.ok());
  static cf::multi_head_attention<float, 32, 32, 16, 4> att{};
  const io::load_result r = io::load_parameters(
      att, st.file, {.prefix = "trf_blocks.0.att.", .strict = false, .ties = {{"W_key.weight", "W_value.weight"}}});
  ASSERT_TRUE(r.ok()) << r.error;  // the file has W_key.weight: it wins over the tie
  EXPECT_FALSE(cf::bit_equal(att.W_key.weight, att.W_value.weight));
  static cf::linear<float, 32, 64, false> head{};  // out_head.weight [64, 32] from tok_emb.weight
  const io::load_result tied =
      io::load_parameters(head, st.file, {.prefix = "", .strict = false, .ties = {{"weight", "tok_emb.weight"}}});
  ASSERT_TRUE(tied.ok()) << tied.error;
  cf::matrix<float, 64, 32> emb{};
  ASSERT_EQ(io::read_tensor(st.file, "tok_emb.weight", emb), "");
  EXPECT_TRUE(cf::bit_equal(head.weight, emb));
}

}  // namespace
