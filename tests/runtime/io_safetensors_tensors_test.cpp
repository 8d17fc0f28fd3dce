// The safetensors reader, good paths, tensor by tensor: the tiny GPT's F32 and F64 files
// against their JSON twins bit for bit, and F16/BF16 widening, every bit pattern the same at
// compile time and at run time (cases/safetensors_widening.hpp, with
// io_safetensors_widening_f16.cpp and _bf16.cpp) and bit for bit what torch gives as float32 and
// float64. Whole models: io_safetensors_models_test.cpp.
#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cases/safetensors_widening.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/io/json_tensors.hpp"
#include "constformer/io/safetensors.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

template <class T>
void expect_gpt_equals_json(const std::string& suffix) {
  const std::string dir = cf_test::fixture_dir("gpt");
  const auto st = cf_test::open_safetensors_file(dir + "/gpt_tiny_seed123." + suffix + ".safetensors");
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

TEST(SafetensorsModels, HalfWideningSameAtCompileAndRunTime) {
  static_assert(io::half_to_float(0x3C00) == 1.0f && io::bfloat16_to_float(0x3F80) == 1.0f);
  cf_test::safetensors_widening::expect_all_patterns<false>();
  cf_test::safetensors_widening::expect_all_patterns<true>();
}

TEST(SafetensorsModels, HalfWideningMatchesTorch) {
  const auto st = cf_test::open_safetensors_file(cf_test::fixture_dir("io") + "/half_widening.safetensors");
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
