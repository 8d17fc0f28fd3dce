// The safetensors reader, good paths: the GPT fixture against its JSON twin bit for bit,
// F16/BF16 widening against torch's and the same at compile and run time, loading into existing
// modules (prefix, ties, narrowing). The torch round trips: io_safetensors_roundtrip_test.cpp.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "constformer/attention/multi_head.hpp"
#include "constformer/io/json_tensors.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/nn/linear.hpp"
#include "cases/gpt.hpp"  // gpt_tiny
#include "cases/safetensors_widening.hpp"
#include "support/fixture.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

// --- good paths: the GPT fixture, widening, existing modules ----------------------------------
template <class T>
void expect_gpt_equals_json(const std::string& suffix) {
  const std::string dir = cf_test::fixture_dir("gpt");
  const auto st = io::open_safetensors(dir + "/gpt_tiny_seed123." + suffix + ".safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  const auto js = cf_test::load_json_file(dir + "/gpt_tiny_seed123." + suffix + ".json");
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
  const auto js = cf_test::load_json_file(dir + "/gpt_tiny_seed123.f32.json");
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
template <class T>
void expect_gpt_model(const std::string& suffix) {
  const std::string dir = cf_test::fixture_dir("gpt");
  static cf::gpt_model<T, cf_test::gpt_tiny> from_st{}, from_json{};
  const io::load_result r = io::load_safetensors(from_st, dir + "/gpt_tiny_seed123." + suffix + ".safetensors");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 31u);
  const auto js = cf_test::load_json_file(dir + "/gpt_tiny_seed123." + suffix + ".json");
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

TEST(SafetensorsModels, HalfWideningSameAtCompileAndRunTime) {
  static_assert(io::half_to_float(0x3C00) == 1.0f && io::bfloat16_to_float(0x3F80) == 1.0f);
  cf_test::safetensors_widening::expect_all_patterns<false>();
  cf_test::safetensors_widening::expect_all_patterns<true>();
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

}  // namespace
