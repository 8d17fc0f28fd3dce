// The safetensors reader, good paths: the whole tiny GPT model (float) from its F32 file, strict,
// with the bits it gets from the JSON fixture (alone in its file: loading the whole model costs
// about 3 s of compile time). The F64 file: io_safetensors_models_f64_test.cpp; tensor by tensor,
// and F16/BF16 widening: io_safetensors_tensors_test.cpp; parts of the file loaded into existing
// modules: io_safetensors_modules_test.cpp (prefix, narrowing), io_safetensors_ties_test.cpp; the
// torch round trips: io_safetensors_roundtrip*_test.cpp.
#include <gtest/gtest.h>

#include "support/gpt_safetensors.hpp"

namespace {

using cf_test::gpt_safetensors::expect_gpt_model;

TEST(SafetensorsModels, GptModelF32) { expect_gpt_model<float>("f32"); }

}  // namespace
