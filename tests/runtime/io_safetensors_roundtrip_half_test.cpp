// The safetensors reader, good paths: the torch round trip of multi-head attention through BF16
// and F16 copies of its weights (widened bit for bit as torch widens them, then run against
// torch's outputs). The F32 and F64 round trips: io_safetensors_roundtrip_mha_test.cpp.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "constformer/attention/multi_head.hpp"
#include "constformer/io/dtype.hpp"
#include "constformer/io/tensor_file.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "support/io_roundtrip.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;
using cf_test::io_roundtrip::expect_mha_output;

template <class M>
void expect_params_equal_json(M& m, const io::tensor_file& file, const std::string& prefix) {
  static M ref{};
  const io::load_result r = io::load_parameters(ref, file, {.prefix = prefix, .strict = false});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(cf_test::parameter_bits(m), cf_test::parameter_bits(ref));
}

TEST(SafetensorsModels, RoundTripBfloat16AndHalfWeights) {
  const std::string dir = cf_test::fixture_dir("io");
  const auto js = cf_test::load_json_file(dir + "/roundtrip.f32.json");
  ASSERT_TRUE(js.ok()) << js.error;
  using mha_t = cf::multi_head_attention<float, 6, 4, 5, 2, true>;
  static mha_t bf{};
  const auto st_bf = cf_test::open_safetensors_file(dir + "/mha_qkvbias.bf16.safetensors");
  ASSERT_TRUE(st_bf.ok()) << st_bf.error;
  ASSERT_TRUE(io::load_parameters(bf, st_bf.file, {}).ok());
  expect_params_equal_json(bf, js.file, "mha_bf16.");  // torch's bf16 -> float32, bit for bit
  expect_mha_output(bf, js.file, "mha_bf16.output");
  static mha_t half{};
  const auto st = cf_test::open_safetensors_file(dir + "/mha_qkvbias.f16.safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  const io::load_result r = io::load_parameters(half, st.file, {});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(half.W_query.weight(0, 0),
            io::half_to_float(io::detail::load_le<std::uint16_t>(st.file.find("W_query.weight")->bytes.data())));
}

}  // namespace
