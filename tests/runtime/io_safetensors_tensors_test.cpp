// The safetensors reader, good paths, tensor by tensor: the tiny GPT's F32 and F64 files
// against their JSON twins bit for bit. F16/BF16 widening: io_safetensors_half_test.cpp; whole
// models: io_safetensors_models_test.cpp.
#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <string>
#include <vector>

#include "constformer/core/matrix.hpp"
#include "constformer/io/tensor_file.hpp"
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

}  // namespace
