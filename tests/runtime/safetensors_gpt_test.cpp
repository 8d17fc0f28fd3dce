// Safetensors at run time, continued: the tiny GPT's files read from disk, parsed, all 31
// tensors loaded as float and as double and compared bit for bit with the PyTorch fixture. The
// element conversions: safetensors_decoding_test.cpp.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cases/safetensors_gpt.hpp"
#include "constformer/model/safetensors.hpp"
#include "support/safetensors_files.hpp"

namespace {

namespace cf = constformer;
using cf_test::safetensors_files::read_file;

TEST(CompileTimeWeights, TinyGptAtRunTime) {
  for (const char* name : {"gpt/gpt_tiny_seed123.f32.safetensors", "gpt/gpt_tiny_seed123.f64.safetensors"}) {
    const auto bytes = read_file(name);
    const auto file = cf::parse_safetensors(bytes.data(), bytes.size());
    const bool f64 = std::string(name).find("f64") != std::string::npos;
    EXPECT_TRUE(
        cf_test::gpt_header_matches_fixture(file, f64 ? cf::safetensors_dtype::f64 : cf::safetensors_dtype::f32));
    const auto g = std::make_unique<cf_test::gpt_tensors<float>>();
    EXPECT_EQ(cf_test::load_gpt_tensors(*g, file, /*allow_narrowing=*/true), 31u) << name;
    EXPECT_TRUE(cf_test::gpt_tensors_match_fixture(*g)) << name;
    const auto d = std::make_unique<cf_test::gpt_tensors<double>>();
    EXPECT_EQ(cf_test::load_gpt_tensors(*d, file), 31u) << name;
    EXPECT_TRUE(cf_test::gpt_tensors_match_fixture(*d)) << name;
  }
}

}  // namespace
