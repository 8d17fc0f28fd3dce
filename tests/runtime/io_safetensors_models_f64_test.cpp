// The safetensors reader, good paths: the whole tiny GPT model (double) from its F64 file,
// strict, with the bits it gets from the JSON fixture. Float and the other good paths:
// io_safetensors_models_test.cpp.
#include <gtest/gtest.h>

#include "support/gpt_safetensors.hpp"

namespace {

using cf_test::gpt_safetensors::expect_gpt_model;

TEST(SafetensorsModels, GptModelF64) { expect_gpt_model<double>("f64"); }

}  // namespace
