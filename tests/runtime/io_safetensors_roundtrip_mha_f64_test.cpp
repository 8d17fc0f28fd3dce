// The safetensors reader, good paths: the torch round trip of multi-head attention with qkv bias
// from F64 (refused into float, then loaded with narrowing: the F32 file's values) and widened
// into double. The files are opened by the reader compiled once (support/safetensors_file.hpp);
// the one-step io::load_safetensors: io_safetensors_roundtrip_mha_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "constformer/attention/multi_head.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "support/io_roundtrip.hpp"
#include "support/io_support.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;

TEST(SafetensorsModels, RoundTripMultiHeadAttentionNarrowingAndWidening) {
  const std::string dir = cf_test::fixture_dir("io");
  const auto f32 = cf_test::open_safetensors_file(dir + "/mha_qkvbias.safetensors");
  const auto f64 = cf_test::open_safetensors_file(dir + "/mha_qkvbias.f64.safetensors");
  ASSERT_TRUE(f32.ok()) << f32.error;
  ASSERT_TRUE(f64.ok()) << f64.error;
  using mha_t = cf::multi_head_attention<float, 6, 4, 5, 2, /*QkvBias*/ true>;
  static mha_t mha{};
  ASSERT_TRUE(io::load_parameters(mha, f32.file, {}).ok());
  // The F64 copy: refused into float, loaded with narrowing (exactly the same values).
  static mha_t from64{};
  EXPECT_FALSE(io::load_parameters(from64, f64.file, {}).ok());
  ASSERT_TRUE(io::load_parameters(from64, f64.file, {.allow_narrowing = true}).ok());
  EXPECT_EQ(cf_test::parameter_bits(from64), cf_test::parameter_bits(mha));
  // Into double: exact widening of the float32 values.
  static cf::multi_head_attention<double, 6, 4, 5, 2, true> wide{};
  ASSERT_TRUE(io::load_parameters(wide, f32.file, {}).ok());
  EXPECT_EQ(wide.out_proj.bias(0, 3), static_cast<double>(mha.out_proj.bias(0, 3)));
}

}  // namespace
