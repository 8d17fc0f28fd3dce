// The tiny GPT's safetensors files at run time (runtime/safetensors_gpt*_test.cpp): read from
// disk, parsed, all 31 tensors loaded as `T` and compared bit for bit with the PyTorch fixture.
// One element type per translation unit.
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_RUNTIME_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_RUNTIME_HPP

#include <gtest/gtest.h>

#include <memory>
#include <string_view>

#include "cases/safetensors_gpt.hpp"
#include "constformer/model/safetensors.hpp"
#include "support/safetensors_files.hpp"

namespace cf_test {

//! Both files (float32 and float64) into `gpt_tensors<T>`: float64 into float narrows.
template <class T>
void expect_tiny_gpt_loads() {
  namespace cf = constformer;
  for (const char* name : {"gpt/gpt_tiny_seed123.f32.safetensors", "gpt/gpt_tiny_seed123.f64.safetensors"}) {
    const auto bytes = safetensors_files::read_file(name);
    const auto file = cf::parse_safetensors(bytes.data(), bytes.size());
    const bool f64 = std::string_view(name).find("f64") != std::string_view::npos;
    EXPECT_TRUE(gpt_header_matches_fixture(file, f64 ? cf::safetensors_dtype::f64 : cf::safetensors_dtype::f32));
    const auto g = std::make_unique<gpt_tensors<T>>();
    EXPECT_EQ(load_gpt_tensors(*g, file, /*allow_narrowing=*/sizeof(T) == 4), 31u) << name;
    EXPECT_TRUE(gpt_tensors_match_fixture(*g)) << name;
  }
}

}  // namespace cf_test

#endif
