// The safetensors reader, good paths: the GPT fixture against its JSON twin bit for bit,
// F16/BF16 widening against torch's, loading into existing modules (prefix, ties, narrowing),
// and torch module -> safetensors -> constformer round trips against torch's outputs.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "constformer/attention/multi_head.hpp"
#include "constformer/io/json_tensors.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/nn/linear.hpp"
#include "support/fixture.hpp"
#include "support/opaque.hpp"
#include "support/io_support.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

// --- good paths: the GPT fixture, widening, existing modules, round trips ----------------------
template <class T>
void expect_gpt_equals_json(const std::string& suffix) {
  const std::string dir = cf_test::fixture_dir("gpt");
  const auto st = io::open_safetensors(dir + "/gpt_tiny_seed123." + suffix + ".safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  const auto js = io::load_json_tensors(dir + "/gpt_tiny_seed123." + suffix + ".json");
  ASSERT_TRUE(js.ok()) << js.error;
  EXPECT_EQ(st.file.tensors().size(), 31u);
  EXPECT_NE(st.file.metadata_value("config"), nullptr);
  for (const io::safetensors_tensor& t : st.file.tensors()) {
    const io::tensor_data* j = js.file.find(t.name);
    ASSERT_NE(j, nullptr) << t.name;
    EXPECT_EQ(t.shape, j->shape) << t.name;
    EXPECT_EQ(io::torch_name(t.type), io::torch_name(j->type)) << t.name;
    ASSERT_EQ(t.count(), j->data.size());
    std::vector<T> got(t.count()), want(t.count());
    ASSERT_EQ(t.check_into<T>(false), "");
    t.copy_into(got.data(), 0, got.size());
    j->copy_into(want.data(), 0, want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
      ASSERT_EQ(std::bit_cast<cf::detail::bits_of<T>>(got[i]), std::bit_cast<cf::detail::bits_of<T>>(want[i]))
          << t.name << "[" << i << "]";
  }
}
TEST(SafetensorsModels, GptTinyF32EqualsItsJsonBitwise) { expect_gpt_equals_json<float>("f32"); }
TEST(SafetensorsModels, GptTinyF64EqualsItsJsonBitwise) { expect_gpt_equals_json<double>("f64"); }

TEST(SafetensorsModels, GptTinyIntoExistingModules) {
  const std::string dir = cf_test::fixture_dir("gpt");
  const auto js = io::load_json_tensors(dir + "/gpt_tiny_seed123.f32.json");
  ASSERT_TRUE(js.ok()) << js.error;
  // One block's attention (E 32, 4 heads, context 16, no qkv bias) and feed-forward layers,
  // strict within their prefix.
  static cf::multi_head_attention<float, 32, 32, 16, 4> att{}, att_json{};
  const io::load_result r =
      io::load_safetensors(att, dir + "/gpt_tiny_seed123.f32.safetensors", {.prefix = "trf_blocks.1.att."});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 5u);
  ASSERT_TRUE(io::load_parameters(att_json, js.file, {.prefix = "trf_blocks.1.att.", .strict = false}).ok());
  EXPECT_EQ(cf_test::parameter_bits(att), cf_test::parameter_bits(att_json));
  static cf::linear<float, 32, 128, true> ff0{};
  ASSERT_TRUE(
      io::load_safetensors(ff0, dir + "/gpt_tiny_seed123.f32.safetensors", {.prefix = "trf_blocks.0.ff.layers.0."})
          .ok());
  cf::matrix<float, 128, 32> w{};
  ASSERT_EQ(io::read_tensor(js.file, "trf_blocks.0.ff.layers.0.weight", w), "");
  EXPECT_TRUE(cf::bit_equal(w, ff0.weight));
  // The f64 file into a float module: refused, then exact with narrowing (its values are
  // float32 values widened).
  static cf::multi_head_attention<float, 32, 32, 16, 4> att64{};
  cf_test::fill_pattern(att64);
  const auto before = cf_test::parameter_bits(att64);
  const std::string f64 = dir + "/gpt_tiny_seed123.f64.safetensors";
  const io::load_result refused = io::load_safetensors(att64, f64, {.prefix = "trf_blocks.1.att."});
  EXPECT_NE(refused.error.find("allow narrowing"), std::string::npos) << refused.error;
  EXPECT_EQ(cf_test::parameter_bits(att64), before);
  ASSERT_TRUE(io::load_safetensors(att64, f64, {.prefix = "trf_blocks.1.att.", .allow_narrowing = true}).ok());
  EXPECT_EQ(cf_test::parameter_bits(att64), cf_test::parameter_bits(att));
}

// The whole tiny GPT model (31 tensors) from safetensors, strict: the same bits as from the
// JSON fixture, for float (F32 file) and double (F64 file).
constexpr cf::gpt_config tiny{.vocab_size = 64,
                              .context_length = 16,
                              .emb_dim = 32,
                              .n_heads = 4,
                              .n_layers = 2,
                              .drop_rate = 0.0,
                              .qkv_bias = false};
template <class T>
void expect_gpt_model(const std::string& suffix) {
  const std::string dir = cf_test::fixture_dir("gpt");
  static cf::gpt_model<T, tiny> from_st{}, from_json{};
  const io::load_result r = io::load_safetensors(from_st, dir + "/gpt_tiny_seed123." + suffix + ".safetensors");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 31u);
  const auto js = io::load_json_tensors(dir + "/gpt_tiny_seed123." + suffix + ".json");
  ASSERT_TRUE(js.ok()) << js.error;
  ASSERT_TRUE(io::load_parameters(from_json, js.file, {.strict = false}).ok());
  EXPECT_EQ(cf_test::parameter_bits(from_st), cf_test::parameter_bits(from_json));
}
TEST(SafetensorsModels, GptModelF32) { expect_gpt_model<float>("f32"); }
TEST(SafetensorsModels, GptModelF64) { expect_gpt_model<double>("f64"); }

TEST(SafetensorsModels, TiedParameter) {
  // W_key.weight is absent from the file and tied to W_query.weight.
  const std::string dir = cf_test::fixture_dir("gpt");
  const auto st = io::open_safetensors(dir + "/gpt_tiny_seed123.f32.safetensors");
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

// Every half and bfloat16 bit pattern widened at compile time equals the run-time widening
// of the same pattern read through a volatile (the torch comparison below covers the values).
// Tables of 4096 patterns, each its own constant evaluation (Clang's default step limit).
template <std::uint32_t First, bool Bf16>
constexpr auto widen_chunk() {
  std::array<std::uint32_t, 4096> out{};
  for (std::uint32_t k = 0; k < 4096; ++k) {
    const auto h = static_cast<std::uint16_t>(First + k);
    out[k] = std::bit_cast<std::uint32_t>(Bf16 ? io::bfloat16_to_float(h) : io::half_to_float(h));
  }
  return out;
}
template <std::uint32_t First, bool Bf16>
void expect_chunk() {
  static constexpr auto table = widen_chunk<First, Bf16>();
  for (std::uint32_t k = 0; k < 4096; ++k) {
    const auto h = cf_test::opaque(static_cast<std::uint16_t>(First + k));
    ASSERT_EQ(std::bit_cast<std::uint32_t>(Bf16 ? io::bfloat16_to_float(h) : io::half_to_float(h)), table[k])
        << First + k;
  }
}
TEST(SafetensorsModels, HalfWideningSameAtCompileAndRunTime) {
  static_assert(io::half_to_float(0x3C00) == 1.0f && io::bfloat16_to_float(0x3F80) == 1.0f);
  [&]<std::uint32_t... Chunk>(std::integer_sequence<std::uint32_t, Chunk...>) {
    (expect_chunk<Chunk * 4096, false>(), ...);
    (expect_chunk<Chunk * 4096, true>(), ...);
  }(std::make_integer_sequence<std::uint32_t, 16>{});
}

TEST(SafetensorsModels, HalfWideningMatchesTorch) {
  const auto st = io::open_safetensors(cf_test::fixture_dir("io") + "/half_widening.safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  for (std::string name : {"f16", "bf16"}) {
    const io::safetensors_tensor* half = st.file.find(name);
    ASSERT_NE(half, nullptr);
    std::vector<float> f(half->count()), f_ref(half->count());
    std::vector<double> d(half->count()), d_ref(half->count());
    ASSERT_EQ(half->check_into<float>(false), "");  // widening never needs narrowing
    half->copy_into(f.data(), 0, f.size());
    half->copy_into(d.data(), 0, d.size());
    st.file.find(name + "_as_f32")->copy_into(f_ref.data(), 0, f_ref.size());
    st.file.find(name + "_as_f64")->copy_into(d_ref.data(), 0, d_ref.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
      EXPECT_EQ(std::bit_cast<std::uint32_t>(f[i]), std::bit_cast<std::uint32_t>(f_ref[i])) << name << "[" << i << "]";
      EXPECT_EQ(std::bit_cast<std::uint64_t>(d[i]), std::bit_cast<std::uint64_t>(d_ref[i])) << name << "[" << i << "]";
    }
  }
}

template <class M>
void expect_params_equal_json(M& m, const io::tensor_file& file, const std::string& prefix) {
  static M ref{};
  const io::load_result r = io::load_parameters(ref, file, {.prefix = prefix, .strict = false});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(cf_test::parameter_bits(m), cf_test::parameter_bits(ref));
}

TEST(SafetensorsModels, RoundTripLinear) {
  const std::string dir = cf_test::fixture_dir("io");
  const auto js = io::load_json_tensors(dir + "/roundtrip.f32.json");
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
  const auto js = io::load_json_tensors(dir + "/roundtrip.f32.json");
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
  const auto js = io::load_json_tensors(dir + "/roundtrip.f32.json");
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
