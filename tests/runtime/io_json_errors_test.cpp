// The JSON tensor reader: a good file loads into a module, and every kind of bad input is an
// error value with its own message naming the file, and a failed load leaves the module
// bit-identical.
#include <gtest/gtest.h>

#include <string>

#include "constformer/io/json_tensors.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/nn/linear.hpp"
#include "support/io_support.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;
using linear_t = cf::linear<float, 3, 2, true>;  // weight [2, 3], bias [2]

// Writes `text` to a file and reads it; when it parses, loads it into a patterned module with
// `options`. Expects an error containing `phrase` that begins with the path, and the module
// unchanged.
void expect_rejected(const std::string& file_name, const std::string& text, const std::string& phrase,
                     const io::load_options& options = {.strict = false}) {
  const std::string path = cf_test::write_temp(file_name, text);
  const auto f = io::load_json_tensors(path);
  std::string error = f.error;
  static linear_t m{};
  cf_test::fill_pattern(m);
  const auto before = cf_test::parameter_bits(m);
  if (f.ok()) error = io::load_parameters(m, f.file, options).error;
  EXPECT_FALSE(error.empty()) << "accepted: " << text;
  EXPECT_NE(error.find(phrase), std::string::npos) << "message: " << error << "\nexpected: " << phrase;
  EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << "the message must begin with the path: " << error;
  EXPECT_TRUE(f.ok() || f.file.tensors.empty());
  EXPECT_EQ(cf_test::parameter_bits(m), before) << "a failed load changed the module";
}

// A valid file for linear_t with `weight` and `bias` members spliced in.
std::string linear_json(const std::string& weight,
                        const std::string& bias = R"({"dtype": "float32", "shape": [2], "data": [0.5, -0.5]})") {
  return R"({"tensors": {"weight": )" + weight + R"(, "bias": )" + bias + "}}";
}
const std::string good_weight = R"({"dtype": "float32", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]})";

TEST(JsonTensors, GoodFileLoads) {
  static linear_t m{};
  const auto f = io::load_json_tensors(cf_test::write_temp("good.json", linear_json(good_weight)));
  ASSERT_TRUE(f.ok()) << f.error;
  const io::load_result r = io::load_parameters(m, f.file, io::load_options{});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(m.weight(1, 2), 6.0f);
  EXPECT_EQ(m.bias(0, 1), -0.5f);
  EXPECT_EQ(io::load_parameters(m, f.file), "");  // the string form
}

// --- the text ------------------------------------------------------------------------------
TEST(JsonTensors, EmptyFile) { expect_rejected("empty.json", "", "the file is empty"); }
TEST(JsonTensors, OnlyWhitespace) { expect_rejected("ws.json", " \n\t", "the file holds only whitespace"); }
TEST(JsonTensors, ByteOrderMark) {
  expect_rejected("bom.json", "\xEF\xBB\xBF" + linear_json(good_weight), "starts with a UTF-8 byte-order mark");
}
TEST(JsonTensors, BinaryGarbage) {
  expect_rejected("garbage.json", std::string("\x7f\x45LF\x02\x01\x01\0", 8),
                  "not a JSON text: binary data (byte 0x7f) at byte 0");
}
TEST(JsonTensors, TopLevelNotAnObject) {
  expect_rejected("array.json", "[1, 2]", "the top level is not a JSON object");
}
TEST(JsonTensors, NoTensorsObject) { expect_rejected("other.json", R"({"other": 1})", "no \"tensors\" object"); }
TEST(JsonTensors, Truncated) {
  expect_rejected("trunc.json", R"({"tensors": {"a": {"shape": [1], "data": [1]})",
                  "expected '}' or ',' in an object, found the end of the input");
}
TEST(JsonTensors, TrailingCharacters) {
  expect_rejected("trailing.json", linear_json(good_weight) + " x", "trailing characters after the top-level object");
}
TEST(JsonTensors, DeepNesting) {
  // Appended piece by piece: GCC 12 at -O3 warns wrongly (-Warray-bounds) on `"literal" + s`.
  std::string text = R"({"x": )";
  text.append(100000, '[');
  text += R"(, "tensors": {}})";
  expect_rejected("deep.json", text, "nesting deeper than 64 levels");
}
TEST(JsonTensors, InvalidUtf8) {
  expect_rejected("utf8.json", "{\"tensors\": {\"w\xE2\x82\": {}}}", "invalid UTF-8 (byte 0xe2) inside a string");
}
TEST(JsonTensors, UnpairedSurrogate) {
  expect_rejected("surrogate.json", R"({"tensors": {"\ud800x": {}}})", "unpaired UTF-16 surrogate");
}
TEST(JsonTensors, InvalidEscape) {
  expect_rejected("escape.json", R"({"tensors": {"\q": {}}})", "invalid escape '\\q'");
}

// --- duplicates ---------------------------------------------------------------------------
TEST(JsonTensors, DuplicateTensorName) {
  expect_rejected("dupname.json",
                  R"({"tensors": {"weight": {"shape": [1], "data": [1]}, "weight": {"shape": [1], "data": [2]}}})",
                  "\"tensors\": duplicate tensor name \"weight\"");
}
TEST(JsonTensors, DuplicateShape) {
  expect_rejected("dupshape.json", linear_json(R"({"shape": [2, 3], "shape": [6], "data": [1, 2, 3, 4, 5, 6]})"),
                  "tensor \"weight\": duplicate field \"shape\"");
}
TEST(JsonTensors, DuplicateData) {
  expect_rejected("dupdata.json",
                  linear_json(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6], "data": [0, 0, 0, 0, 0, 0]})"),
                  "tensor \"weight\": duplicate field \"data\"");
}
TEST(JsonTensors, DuplicateTopLevelKey) {
  expect_rejected("duptop.json", R"({"tensors": {}, "tensors": {}})",
                  "the top-level object: duplicate key \"tensors\"");
}

// --- numbers ------------------------------------------------------------------------------
TEST(JsonTensors, Float64Overflow) {
  expect_rejected("over64.json",
                  linear_json(R"({"dtype": "float64", "shape": [2, 3], "data": [1, 2, 1e400, 4, 5, 6]})"),
                  "tensor \"weight\": value 1e400 at index 2 overflows float64");
}
TEST(JsonTensors, Float32Overflow) {
  expect_rejected("over32.json",
                  linear_json(R"({"dtype": "float32", "shape": [2, 3], "data": [1, 2, 3, 4, 5, -1e39]})"),
                  "value -1e39 at index 5 overflows float32");
}
TEST(JsonTensors, UnderflowToZero) {
  expect_rejected("under64.json",
                  linear_json(R"({"dtype": "float64", "shape": [2, 3], "data": [1e-400, 2, 3, 4, 5, 6]})"),
                  "value 1e-400 at index 0 underflows to zero in float64");
  expect_rejected(
      "under32.json",
      linear_json(
          R"({"dtype": "float32", "shape": [2, 3], "data": [1, 0.0000000000000000000000000000000000000000000000001, 3, 4, 5, 6]})"),
      "underflows to zero in float32");
}
TEST(JsonTensors, BareNaN) {
  expect_rejected(
      "nan.json", linear_json(R"({"shape": [2, 3], "data": [1, NaN, 3, 4, 5, 6]})"),
      "tensor \"weight\": bare NaN or Infinity at index 1 is not JSON: write the strings \"nan\", \"inf\" or \"-inf\"");
}
TEST(JsonTensors, BareInfinity) {
  expect_rejected("inf.json", linear_json(R"({"shape": [2, 3], "data": [1, -Infinity, 3, 4, 5, 6]})"),
                  "bare NaN or Infinity at index 1");
}
TEST(JsonTensors, MalformedNumber) {
  for (const char* bad : {"01", "1.", ".5", "1e", "+1", "1.2.3", "0x10"})
    expect_rejected("malformed.json",
                    linear_json(std::string(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5, )") + bad + "]}"),
                    std::string(bad)[0] == '.' || std::string(bad)[0] == '+' ? "expected a value" : "malformed number");
}
TEST(JsonTensors, StringWhereANumberIsExpected) {
  expect_rejected("string.json", linear_json(R"({"shape": [2, 3], "data": [1, "x", 3, 4, 5, 6]})"),
                  "string \"x\" at index 1 where a number was expected");
}
TEST(JsonTensors, NestedData) {
  expect_rejected("nested.json", linear_json(R"({"shape": [2, 3], "data": [[1, 2, 3], [4, 5, 6]]})"),
                  "\"data\" must be a flat array of numbers (row-major), found a nested array at index 0");
}

// --- shape and dtype ------------------------------------------------------------------------
TEST(JsonTensors, ShapeAndDataDisagree) {
  expect_rejected("count.json", linear_json(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5]})"),
                  "tensor \"weight\": shape [2, 3] holds 6 values, \"data\" has 5");
}
TEST(JsonTensors, NegativeExtent) {
  expect_rejected("negative.json", linear_json(R"({"shape": [-2, 3], "data": []})"),
                  "an extent of \"shape\" must be a non-negative integer, found -2");
}
TEST(JsonTensors, ElementCountOverflow) {
  expect_rejected("overflow.json", linear_json(R"({"shape": [4294967296, 4294967296, 2], "data": []})"),
                  "shape [4294967296, 4294967296, 2] has more elements than memory can address");
}
TEST(JsonTensors, MissingShape) {
  expect_rejected("noshape.json", linear_json(R"({"data": [1]})"), "tensor \"weight\": no \"shape\" field");
}
TEST(JsonTensors, UnsupportedDtype) {
  expect_rejected("dtype.json", linear_json(R"({"dtype": "complex64", "shape": [1], "data": [1]})"),
                  "unsupported dtype \"complex64\"");
}
TEST(JsonTensors, IntegerNotAnInteger) {
  expect_rejected("notint.json", R"({"tensors": {"ids": {"dtype": "int64", "shape": [2], "data": [1, 2.5]}}})",
                  "value 2.5 at index 1 is not an integer (int64 tensor)");
}
TEST(JsonTensors, IntegerOutOfRange) {
  expect_rejected("int8.json", R"({"tensors": {"ids": {"dtype": "int8", "shape": [2], "data": [1, 300]}}})",
                  "value 300 at index 1 is outside the range of int8");
  expect_rejected("int53.json", R"({"tensors": {"ids": {"dtype": "int64", "shape": [1], "data": [9007199254740993]}}})",
                  "has magnitude above 2^53");
}

// --- loading into a module -----------------------------------------------------------------
TEST(JsonTensors, WrongShapeForTheModule) {
  expect_rejected("shape.json", linear_json(R"({"dtype": "float32", "shape": [3, 2], "data": [1, 2, 3, 4, 5, 6]})"),
                  "tensor \"weight\" has shape [3, 2]; parameter \"weight\" needs [2, 3]");
}
TEST(JsonTensors, Float64IntoFloatIsNarrowing) {
  const std::string text = linear_json(R"({"dtype": "float64", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 0.1]})");
  expect_rejected(
      "narrow.json", text,
      "tensor \"weight\" (parameter \"weight\", float32): float64 values would be rounded to float32; allow narrowing");
  static linear_t m{};
  const auto f = io::load_json_tensors(cf_test::write_temp("narrow.json", text));
  ASSERT_TRUE(io::load_parameters(m, f.file, {.allow_narrowing = true}).ok());
  EXPECT_EQ(m.weight(1, 2), 0.1f);
}
TEST(JsonTensors, IntegersIntoFloat) {
  expect_rejected("intparam.json", linear_json(R"({"dtype": "int64", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]})"),
                  "dtype int64 cannot be loaded into a floating-point parameter");
}
TEST(JsonTensors, UndeclaredValueOverflowsFloat) {
  // No "dtype": decimals are converted to the parameter's type; one that float cannot hold is an error.
  expect_rejected("undeclared.json", linear_json(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 1e39]})"),
                  "value 1e+39 at index 5 overflows float32");
}
TEST(JsonTensors, MissingAndUnexpectedTensors) {
  expect_rejected("missing.json", R"({"tensors": {"weight": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}}})",
                  "1 parameter(s) of the module not in the file: \"bias\"");
  expect_rejected(
      "extra.json",
      R"({"tensors": {"weight": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}, "bias": {"shape": [2], "data": [1, 2]}, "inputs": {"shape": [1], "data": [1]}}})",
      "1 tensor(s) in the file that no parameter of the module uses (strict load): \"inputs\"", io::load_options{});
}
TEST(JsonTensors, ReadTensor) {
  const auto f = io::parse_json_tensors(linear_json(good_weight));
  cf::matrix<double, 2, 3> w{};
  EXPECT_EQ(io::read_tensor(f.file, "weight", w), "");
  EXPECT_EQ(w(1, 0), 4.0);
  cf::matrix<float, 3, 2> wrong{};
  EXPECT_NE(
      io::read_tensor(f.file, "weight", wrong).find("<json text>: tensor \"weight\" has shape [2, 3], expected [3, 2]"),
      std::string::npos);
}

}  // namespace
