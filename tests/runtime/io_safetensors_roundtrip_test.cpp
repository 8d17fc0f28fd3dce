// The safetensors reader, good paths: torch module -> safetensors -> constformer round trip of a
// linear layer against torch's output, and read_tensor's shape check. Multi-head attention:
// io_safetensors_roundtrip_mha_test.cpp (F32, F64), io_safetensors_roundtrip_half_test.cpp (BF16,
// F16).
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "constformer/core/matrix.hpp"
#include "constformer/io/tensor_file.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/fixture.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

TEST(SafetensorsModels, RoundTripLinear) {
  const std::string dir = cf_test::fixture_dir("io");
  const auto js = cf_test::load_json_file(dir + "/roundtrip.f32.json");
  ASSERT_TRUE(js.ok()) << js.error;
  static cf::linear<float, 5, 3, true> lin{};
  const auto st = cf_test::open_safetensors_file(dir + "/linear_5x3.safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  ASSERT_TRUE(io::load_parameters(lin, st.file, {}).ok());
  cf::matrix<float, 4, 5> x{};
  cf::matrix<float, 4, 3> want{};
  ASSERT_EQ(io::read_tensor(js.file, "linear.inputs", x), "");
  ASSERT_EQ(io::read_tensor(js.file, "linear.output", want), "");
  const auto got = lin.forward(x);
  for (std::size_t r = 0; r < 4; ++r)
    for (std::size_t c = 0; c < 3; ++c) EXPECT_TRUE(cf_test::close(got(r, c), want(r, c))) << r << "," << c;
}

TEST(SafetensorsModels, ReadTensorChecksTheShape) {
  const auto st = cf_test::open_safetensors_file(cf_test::fixture_dir("gpt") + "/gpt_tiny_seed123.f32.safetensors");
  ASSERT_TRUE(st.ok());
  cf::matrix<float, 32, 64> wrong{};
  const std::string err = io::read_tensor(st.file, "tok_emb.weight", wrong);
  EXPECT_NE(err.find("tensor \"tok_emb.weight\" has shape [64, 32], expected [32, 64]"), std::string::npos) << err;
  EXPECT_NE(io::read_tensor(st.file, "nope", wrong).find("no tensor \"nope\" in the file"), std::string::npos);
  cf::vector<float, 32> scale{};
  EXPECT_EQ(io::read_tensor(st.file, "final_norm.scale", scale), "");
}

}  // namespace
