// Safetensors at run time, continued: the tiny GPT's files read from disk, parsed, all 31
// tensors loaded as float and compared bit for bit with the PyTorch fixture (as double:
// safetensors_gpt_f64_test.cpp). The element conversions: safetensors_decoding_test.cpp.
#include <gtest/gtest.h>

#include "cases/safetensors_gpt_runtime.hpp"

namespace {

TEST(CompileTimeWeights, TinyGptAtRunTimeAsFloat) { cf_test::expect_tiny_gpt_loads<float>(); }

}  // namespace
