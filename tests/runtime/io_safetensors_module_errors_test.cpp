// The safetensors reader, bad input continued (io_safetensors_errors_test.cpp): a well-formed file
// that does not match the module, one test per kind (missing or unexpected tensors, shapes,
// dtypes, narrowing, ties), each checking its own message and that the module is bit-identical
// after the failed load.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "support/io_support.hpp"
#include "support/safetensors_errors.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace io = constformer::io;
using cf_test::safetensors_errors::expect_header_rejected;
using cf_test::safetensors_errors::expect_rejected;
using cf_test::safetensors_errors::good_data;
using cf_test::safetensors_errors::good_header;
using cf_test::safetensors_errors::linear_t;
// --- matching the file to the module ----------------------------------------------------------
TEST(Safetensors, MissingParameter) {
  expect_header_rejected("missing", R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})",
                         "1 parameter(s) of the module not in the file: \"bias\"", good_data.substr(0, 24));
}
TEST(Safetensors, UnexpectedTensorWhenStrict) {
  const std::string header =
      R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},)"
      R"("att.mask":{"dtype":"F32","shape":[1],"data_offsets":[32,36]}})";
  const std::string bytes = cf_test::safetensors_bytes(header, good_data + good_data.substr(0, 4));
  expect_rejected("unexpected", bytes,
                  "1 tensor(s) in the file that no parameter of the module uses (strict load): \"att.mask\"");
  static linear_t m{};
  const cf_test::temp_file file("unexpected", bytes);
  const auto f = cf_test::open_safetensors_file(file.path());
  ASSERT_TRUE(f.ok()) << f.error;
  const io::load_result r = io::load_parameters(m, f.file, {.strict = false});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.unexpected, std::vector<std::string>{"att.mask"});
}
TEST(Safetensors, WrongShapeOfABias) {
  expect_header_rejected(
      "biasshape",
      R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[2,1],"data_offsets":[24,32]}})",
      "tensor \"bias\" has shape [2, 1]; parameter \"bias\" needs [2]");
}
TEST(Safetensors, TransposedWeight) {
  expect_header_rejected(
      "transposed",
      R"({"weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})",
      "tensor \"weight\" has shape [3, 2]; parameter \"weight\" needs [2, 3]");
}
TEST(Safetensors, IntegerDtypeIntoFloat) {
  expect_header_rejected(
      "int",
      R"({"weight":{"dtype":"I32","shape":[2,3],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})",
      "tensor \"weight\" (parameter \"weight\", float32): dtype int32 cannot be loaded into a floating-point "
      "parameter");
}

const std::string f64_header =
    R"({"weight":{"dtype":"F64","shape":[2,3],"data_offsets":[0,48]},"bias":{"dtype":"F64","shape":[2],"data_offsets":[48,64]}})";
std::string f64_data(double special) {
  return cf_test::le_bytes(std::vector<double>{1, 2, 3, 4, special, 6, 0.1, -0.5});
}

TEST(Safetensors, Float64IntoFloatNeedsNarrowing) {
  expect_header_rejected("narrow", f64_header, "float64 values would be rounded to float32; allow narrowing",
                         f64_data(5));
  static linear_t m{};
  const cf_test::temp_file file("narrow_ok", cf_test::safetensors_bytes(f64_header, f64_data(5)));
  const auto f = cf_test::open_safetensors_file(file.path());
  ASSERT_TRUE(f.ok()) << f.error;
  const io::load_result r = io::load_parameters(m, f.file, {.allow_narrowing = true});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(std::bit_cast<std::uint32_t>(m.bias(0, 0)), std::bit_cast<std::uint32_t>(static_cast<float>(0.1)));
}
TEST(Safetensors, NarrowingOverflow) {
  expect_rejected("narrow_over", cf_test::safetensors_bytes(f64_header, f64_data(1e300)),
                  "tensor \"weight\" (parameter \"weight\", float32): value 1e+300 at index 4 overflows float32",
                  {.allow_narrowing = true});
}
TEST(Safetensors, NarrowingUnderflowToZero) {
  expect_rejected("narrow_under", cf_test::safetensors_bytes(f64_header, f64_data(1e-300)),
                  "value 1e-300 at index 4 underflows to zero in float32", {.allow_narrowing = true});
}
TEST(Safetensors, TieTargetNotAParameter) {
  expect_rejected("tie_target", cf_test::safetensors_bytes(good_header, good_data),
                  "tie target \"out_head.weight\" is not a parameter of the module",
                  {.ties = {{"out_head.weight", "weight"}}});
}
TEST(Safetensors, TieSourceMissing) {
  expect_rejected("tie_source",
                  cf_test::safetensors_bytes(R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})",
                                             good_data.substr(0, 24)),
                  "tensor \"tok_emb\" (the tie source for parameter \"bias\") is not in the file",
                  {.ties = {{"bias", "tok_emb"}}});
}

}  // namespace
