// The safetensors reader, good paths: the torch round trip of multi-head attention with qkv bias
// against torch's output, from F32, in one step (io::load_safetensors). From F64 and into double:
// io_safetensors_roundtrip_mha_f64_test.cpp; the linear layer: io_safetensors_roundtrip_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "constformer/attention/multi_head.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "support/io_roundtrip.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;
using cf_test::io_roundtrip::expect_mha_output;

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
}

}  // namespace
