// The JSON tensor reader, bad input continued (io_json_errors_test.cpp): numbers, shapes and
// dtypes, each an error value with its own message naming the file, a failed load leaving the
// module bit-identical.
#include <gtest/gtest.h>

#include <string>

#include "support/json_errors.hpp"

namespace {

using cf_test::json_errors::expect_json_rejected;
using cf_test::json_errors::linear_json;

// --- numbers ------------------------------------------------------------------------------
TEST(JsonTensors, Float64Overflow) {
  expect_json_rejected("over64.json",
                       linear_json(R"({"dtype": "float64", "shape": [2, 3], "data": [1, 2, 1e400, 4, 5, 6]})"),
                       "tensor \"weight\": value 1e400 at index 2 overflows float64");
}
TEST(JsonTensors, Float32Overflow) {
  expect_json_rejected("over32.json",
                       linear_json(R"({"dtype": "float32", "shape": [2, 3], "data": [1, 2, 3, 4, 5, -1e39]})"),
                       "value -1e39 at index 5 overflows float32");
}
TEST(JsonTensors, UnderflowToZero) {
  expect_json_rejected("under64.json",
                       linear_json(R"({"dtype": "float64", "shape": [2, 3], "data": [1e-400, 2, 3, 4, 5, 6]})"),
                       "value 1e-400 at index 0 underflows to zero in float64");
  expect_json_rejected(
      "under32.json",
      linear_json(
          R"({"dtype": "float32", "shape": [2, 3], "data": [1, 0.0000000000000000000000000000000000000000000000001, 3, 4, 5, 6]})"),
      "underflows to zero in float32");
}
TEST(JsonTensors, BareNaN) {
  expect_json_rejected(
      "nan.json", linear_json(R"({"shape": [2, 3], "data": [1, NaN, 3, 4, 5, 6]})"),
      "tensor \"weight\": bare NaN or Infinity at index 1 is not JSON: write the strings \"nan\", \"inf\" or \"-inf\"");
}
TEST(JsonTensors, BareInfinity) {
  expect_json_rejected("inf.json", linear_json(R"({"shape": [2, 3], "data": [1, -Infinity, 3, 4, 5, 6]})"),
                       "bare NaN or Infinity at index 1");
}
TEST(JsonTensors, MalformedNumber) {
  for (const char* bad : {"01", "1.", ".5", "1e", "+1", "1.2.3", "0x10"})
    expect_json_rejected(
        "malformed.json", linear_json(std::string(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5, )") + bad + "]}"),
        std::string(bad)[0] == '.' || std::string(bad)[0] == '+' ? "expected a value" : "malformed number");
}
TEST(JsonTensors, StringWhereANumberIsExpected) {
  expect_json_rejected("string.json", linear_json(R"({"shape": [2, 3], "data": [1, "x", 3, 4, 5, 6]})"),
                       "string \"x\" at index 1 where a number was expected");
}
TEST(JsonTensors, NestedData) {
  expect_json_rejected("nested.json", linear_json(R"({"shape": [2, 3], "data": [[1, 2, 3], [4, 5, 6]]})"),
                       "\"data\" must be a flat array of numbers (row-major), found a nested array at index 0");
}

// --- shape and dtype ------------------------------------------------------------------------
TEST(JsonTensors, ShapeAndDataDisagree) {
  expect_json_rejected("count.json", linear_json(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5]})"),
                       "tensor \"weight\": shape [2, 3] holds 6 values, \"data\" has 5");
}
TEST(JsonTensors, NegativeExtent) {
  expect_json_rejected("negative.json", linear_json(R"({"shape": [-2, 3], "data": []})"),
                       "an extent of \"shape\" must be a non-negative integer, found -2");
}
TEST(JsonTensors, ElementCountOverflow) {
  expect_json_rejected("overflow.json", linear_json(R"({"shape": [4294967296, 4294967296, 2], "data": []})"),
                       "shape [4294967296, 4294967296, 2] has more elements than memory can address");
}
TEST(JsonTensors, MissingShape) {
  expect_json_rejected("noshape.json", linear_json(R"({"data": [1]})"), "tensor \"weight\": no \"shape\" field");
}
TEST(JsonTensors, UnsupportedDtype) {
  expect_json_rejected("dtype.json", linear_json(R"({"dtype": "complex64", "shape": [1], "data": [1]})"),
                       "unsupported dtype \"complex64\"");
}
TEST(JsonTensors, IntegerNotAnInteger) {
  expect_json_rejected("notint.json", R"({"tensors": {"ids": {"dtype": "int64", "shape": [2], "data": [1, 2.5]}}})",
                       "value 2.5 at index 1 is not an integer (int64 tensor)");
}
TEST(JsonTensors, IntegerOutOfRange) {
  expect_json_rejected("int8.json", R"({"tensors": {"ids": {"dtype": "int8", "shape": [2], "data": [1, 300]}}})",
                       "value 300 at index 1 is outside the range of int8");
  expect_json_rejected("int53.json",
                       R"({"tensors": {"ids": {"dtype": "int64", "shape": [1], "data": [9007199254740993]}}})",
                       "has magnitude above 2^53");
}

}  // namespace
