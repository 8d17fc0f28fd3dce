// Safetensors at run time, continued: the tiny GPT's files read from disk, parsed, all 31
// tensors loaded as double and compared bit for bit with the PyTorch fixture (as float:
// safetensors_gpt_test.cpp).
#include <gtest/gtest.h>

#include "cases/safetensors_gpt_runtime.hpp"

namespace {

TEST(CompileTimeWeights, TinyGptAtRunTimeAsDouble) { cf_test::expect_tiny_gpt_loads<double>(); }

}  // namespace
