// Test support: the whole tiny GPT model loaded from its safetensors file and from its JSON twin
// (runtime/io_safetensors_models_test.cpp for float, _f64_test.cpp for double).
#ifndef CONSTFORMER_TESTS_SUPPORT_GPT_SAFETENSORS_HPP
#define CONSTFORMER_TESTS_SUPPORT_GPT_SAFETENSORS_HPP

#include <gtest/gtest.h>

#include <string>

#include "cases/gpt.hpp"  // gpt_tiny
#include "constformer/io/tensor_file.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/model/gpt.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"
#include "support/safetensors_file.hpp"

namespace cf_test::gpt_safetensors {

namespace cf = constformer;
namespace io = constformer::io;

// The whole tiny GPT model (31 tensors) from safetensors, strict: the same bits as from the
// JSON fixture, for float (F32 file) and double (F64 file).
template <class T>
void expect_gpt_model(const std::string& suffix) {
  const std::string dir = cf_test::fixture_dir("gpt");
  static cf::gpt_model<T, cf_test::gpt_tiny> from_st{}, from_json{};
  const auto st = cf_test::open_safetensors_file(dir + "/gpt_tiny_seed123." + suffix + ".safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  const io::load_result r = io::load_parameters(from_st, st.file, {});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 31u);
  const auto js = cf_test::load_json_file(dir + "/gpt_tiny_seed123." + suffix + ".json");
  ASSERT_TRUE(js.ok()) << js.error;
  ASSERT_TRUE(io::load_parameters(from_json, js.file, {.strict = false}).ok());
  EXPECT_EQ(cf_test::parameter_bits(from_st), cf_test::parameter_bits(from_json));
}

}  // namespace cf_test::gpt_safetensors

#endif
