// The JSON tensor reader: every kind of bad input is an error value with its own message naming
// the file, and a failed load leaves the module bit-identical. Here the text and duplicates;
// numbers, shapes and dtypes: io_json_value_errors_test.cpp; a good file and loading into a
// module: io_json_module_errors_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "support/json_errors.hpp"

namespace {

using cf_test::json_errors::expect_json_rejected;
using cf_test::json_errors::good_weight;
using cf_test::json_errors::linear_json;

// --- the text ------------------------------------------------------------------------------
TEST(JsonTensors, EmptyFile) { expect_json_rejected("empty.json", "", "the file is empty"); }
TEST(JsonTensors, OnlyWhitespace) { expect_json_rejected("ws.json", " \n\t", "the file holds only whitespace"); }
TEST(JsonTensors, ByteOrderMark) {
  expect_json_rejected("bom.json", "\xEF\xBB\xBF" + linear_json(good_weight), "starts with a UTF-8 byte-order mark");
}
TEST(JsonTensors, BinaryGarbage) {
  expect_json_rejected("garbage.json", std::string("\x7f\x45LF\x02\x01\x01\0", 8),
                       "not a JSON text: binary data (byte 0x7f) at byte 0");
}
TEST(JsonTensors, TopLevelNotAnObject) {
  expect_json_rejected("array.json", "[1, 2]", "the top level is not a JSON object");
}
TEST(JsonTensors, NoTensorsObject) { expect_json_rejected("other.json", R"({"other": 1})", "no \"tensors\" object"); }
TEST(JsonTensors, Truncated) {
  expect_json_rejected("trunc.json", R"({"tensors": {"a": {"shape": [1], "data": [1]})",
                       "expected '}' or ',' in an object, found the end of the input");
}
TEST(JsonTensors, TrailingCharacters) {
  expect_json_rejected("trailing.json", linear_json(good_weight) + " x",
                       "trailing characters after the top-level object");
}
TEST(JsonTensors, DeepNesting) {
  // Appended piece by piece: GCC 12 at -O3 warns wrongly (-Warray-bounds) on `"literal" + s`.
  std::string text = R"({"x": )";
  text.append(100000, '[');
  text += R"(, "tensors": {}})";
  expect_json_rejected("deep.json", text, "nesting deeper than 64 levels");
}
TEST(JsonTensors, InvalidUtf8) {
  expect_json_rejected("utf8.json", "{\"tensors\": {\"w\xE2\x82\": {}}}", "invalid UTF-8 (byte 0xe2) inside a string");
}
TEST(JsonTensors, UnpairedSurrogate) {
  expect_json_rejected("surrogate.json", R"({"tensors": {"\ud800x": {}}})", "unpaired UTF-16 surrogate");
}
TEST(JsonTensors, InvalidEscape) {
  expect_json_rejected("escape.json", R"({"tensors": {"\q": {}}})", "invalid escape '\\q'");
}

// --- duplicates ---------------------------------------------------------------------------
TEST(JsonTensors, DuplicateTensorName) {
  expect_json_rejected("dupname.json",
                       R"({"tensors": {"weight": {"shape": [1], "data": [1]}, "weight": {"shape": [1], "data": [2]}}})",
                       "\"tensors\": duplicate tensor name \"weight\"");
}
TEST(JsonTensors, DuplicateShape) {
  expect_json_rejected("dupshape.json", linear_json(R"({"shape": [2, 3], "shape": [6], "data": [1, 2, 3, 4, 5, 6]})"),
                       "tensor \"weight\": duplicate field \"shape\"");
}
TEST(JsonTensors, DuplicateData) {
  expect_json_rejected("dupdata.json",
                       linear_json(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6], "data": [0, 0, 0, 0, 0, 0]})"),
                       "tensor \"weight\": duplicate field \"data\"");
}
TEST(JsonTensors, DuplicateTopLevelKey) {
  expect_json_rejected("duptop.json", R"({"tensors": {}, "tensors": {}})",
                       "the top-level object: duplicate key \"tensors\"");
}

}  // namespace
