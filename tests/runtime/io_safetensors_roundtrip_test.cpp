// The safetensors reader, good paths: torch module -> safetensors -> constformer round trips
// against torch's outputs (F32, F64 with narrowing, BF16, F16), and read_tensor's shape check.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/io/json_tensors.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/fixture.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

template <class M>
void expect_params_equal_json(M& m, const io::tensor_file& file, const std::string& prefix) {
  static M ref{};
  const io::load_result r = io::load_parameters(ref, file, {.prefix = prefix, .strict = false});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(cf_test::parameter_bits(m), cf_test::parameter_bits(ref));
}

TEST(SafetensorsModels, RoundTripLinear) {
  const std::string dir = cf_test::fixture_dir("io");
  const auto js = cf_test::load_json_file(dir + "/roundtrip.f32.json");
  ASSERT_TRUE(js.ok()) << js.error;
  static cf::linear<float, 5, 3, true> lin{};
  ASSERT_TRUE(io::load_safetensors(lin, dir + "/linear_5x3.safetensors").ok());
  cf::matrix<float, 4, 5> x{};
  cf::matrix<float, 4, 3> want{};
  ASSERT_EQ(io::read_tensor(js.file, "linear.inputs", x), "");
  ASSERT_EQ(io::read_tensor(js.file, "linear.output", want), "");
  const auto got = lin.forward(x);
  for (std::size_t r = 0; r < 4; ++r)
    for (std::size_t c = 0; c < 3; ++c) EXPECT_TRUE(cf_test::close(got(r, c), want(r, c))) << r << "," << c;
}

template <class Mha>
void expect_mha_output(Mha& mha, const io::tensor_file& file, const std::string& output) {
  static cf::batch<float, 2, 5, 6> x{};
  static cf::batch<float, 2, 5, 4> want{};
  ASSERT_EQ(io::read_tensor(file, "mha.inputs", x), "");
  ASSERT_EQ(io::read_tensor(file, output, want), "");
  const auto got = mha.forward(x);
  for (std::size_t b = 0; b < 2; ++b)
    for (std::size_t r = 0; r < 5; ++r)
      for (std::size_t c = 0; c < 4; ++c)
        EXPECT_TRUE(cf_test::close(got[b](r, c), want[b](r, c))) << output << " " << b << "," << r << "," << c;
}

TEST(SafetensorsModels, RoundTripMultiHeadAttention) {
  const std::string dir = cf_test::fixture_dir("io");
  const auto js = cf_test::load_json_file(dir + "/roundtrip.f32.json");
  ASSERT_TRUE(js.ok()) << js.error;
  using mha_t = cf::multi_head_attention<float, 6, 4, 5, 2, /*QkvBias*/ true>;
  static mha_t mha{};
  const io::load_result r = io::load_safetensors(mha, dir + "/mha_qkvbias.safetensors");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 8u);
  expect_mha_output(mha, js.file, "mha.output");
  // The F64 copy: refused into float, loaded with narrowing (exactly the same values).
  static mha_t from64{};
  EXPECT_FALSE(io::load_safetensors(from64, dir + "/mha_qkvbias.f64.safetensors").ok());
  ASSERT_TRUE(io::load_safetensors(from64, dir + "/mha_qkvbias.f64.safetensors", {.allow_narrowing = true}).ok());
  EXPECT_EQ(cf_test::parameter_bits(from64), cf_test::parameter_bits(mha));
  // Into double: exact widening of the float32 values.
  static cf::multi_head_attention<double, 6, 4, 5, 2, true> wide{};
  ASSERT_TRUE(io::load_safetensors(wide, dir + "/mha_qkvbias.safetensors").ok());
  EXPECT_EQ(wide.out_proj.bias(0, 3), static_cast<double>(mha.out_proj.bias(0, 3)));
}

TEST(SafetensorsModels, RoundTripBfloat16AndHalfWeights) {
  const std::string dir = cf_test::fixture_dir("io");
  const auto js = cf_test::load_json_file(dir + "/roundtrip.f32.json");
  ASSERT_TRUE(js.ok()) << js.error;
  using mha_t = cf::multi_head_attention<float, 6, 4, 5, 2, true>;
  static mha_t bf{};
  ASSERT_TRUE(io::load_safetensors(bf, dir + "/mha_qkvbias.bf16.safetensors").ok());
  expect_params_equal_json(bf, js.file, "mha_bf16.");  // torch's bf16 -> float32, bit for bit
  expect_mha_output(bf, js.file, "mha_bf16.output");
  static mha_t half{};
  const io::load_result r = io::load_safetensors(half, dir + "/mha_qkvbias.f16.safetensors");
  ASSERT_TRUE(r.ok()) << r.error;
  const auto st = io::open_safetensors(dir + "/mha_qkvbias.f16.safetensors");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(half.W_query.weight(0, 0),
            io::half_to_float(io::detail::load_le<std::uint16_t>(st.file.find("W_query.weight")->bytes.data())));
}

TEST(SafetensorsModels, ReadTensorChecksTheShape) {
  const auto st = io::open_safetensors(cf_test::fixture_dir("gpt") + "/gpt_tiny_seed123.f32.safetensors");
  ASSERT_TRUE(st.ok());
  cf::matrix<float, 32, 64> wrong{};
  const std::string err = io::read_tensor(st.file, "tok_emb.weight", wrong);
  EXPECT_NE(err.find("tensor \"tok_emb.weight\" has shape [64, 32], expected [32, 64]"), std::string::npos) << err;
  EXPECT_NE(io::read_tensor(st.file, "nope", wrong).find("no tensor \"nope\" in the file"), std::string::npos);
  cf::vector<float, 32> scale{};
  EXPECT_EQ(io::read_tensor(st.file, "final_norm.scale", scale), "");
}

}  // namespace
