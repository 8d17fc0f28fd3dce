// The JSON tensor reader: good files parse (locale-independent, each literal rounded once to
// its dtype, fields in any order); every kind of bad input is an error value with its own
// message naming the file, and a failed load leaves the module bit-identical.
#include <gtest/gtest.h>

#include <bit>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "constformer/io/json_tensors.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/nn/linear.hpp"
#include "support/io_support.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;
using linear_t = cf::linear<float, 3, 2, true>;  // weight [2, 3], bias [2]

TEST(JsonTensors, ParsesShapesDataAndNonFinite) {
  const auto r = io::parse_json_tensors(
      R"({"name": "x", "tensors": {"a": {"shape": [2, 2], "data": [1, 2.5, -3e-2, "-inf"], "role": "input"},
          "s": {"shape": [], "data": [7]}}, "notes": [true, null, {"k": "v"}]})");
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.file.tensors.size(), 2u);
  const auto* a = r.file.find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->shape, (std::vector<std::size_t>{2, 2}));
  EXPECT_EQ(a->type, io::dtype::unspecified);
  EXPECT_EQ(a->data[1], 2.5);
  EXPECT_EQ(a->data[2], -3e-2);
  EXPECT_EQ(a->data[3], -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(r.file.find("s")->shape.empty());
  EXPECT_EQ(r.file.find("missing"), nullptr);
}

TEST(JsonTensors, EachLiteralIsRoundedOnceToItsDtype) {
  // Halfway between 1 and the next float, plus a little: double rounding (to double, then to
  // float) would give 1; rounding once gives the next float. "data" before "dtype" on purpose.
  const auto r = io::parse_json_tensors(
      R"({"tensors": {"x": {"data": [1.00000005960464477550, 0.1, -0, 1e-45], "shape": [4], "dtype": "float32"},
                      "ids": {"dtype": "int64", "shape": [2], "data": [9007199254740992, -3]},
                      "n\u00e9\ud83d\ude00": {"dtype": "float64", "shape": [1], "data": [0.1]}}})");
  ASSERT_TRUE(r.ok()) << r.error;
  const auto* x = r.file.find("x");
  EXPECT_EQ(x->type, io::dtype::f32);
  EXPECT_EQ(static_cast<float>(x->data[0]), std::nextafter(1.0f, 2.0f));
  EXPECT_EQ(x->data[1], static_cast<double>(0.1f));
  EXPECT_TRUE(std::signbit(x->data[2]));
  EXPECT_EQ(static_cast<float>(x->data[3]), std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(r.file.find("ids")->data[0], 9007199254740992.0);
  ASSERT_NE(r.file.find("n\xC3\xA9\xF0\x9F\x98\x80"), nullptr);  // escapes decoded to UTF-8
  EXPECT_EQ(r.file.find("n\xC3\xA9\xF0\x9F\x98\x80")->data[0], 0.1);
}

// Switches LC_NUMERIC to a comma-decimal locale, compiling de_DE.UTF-8 into the temporary
// directory with localedef when it is not installed; false when neither works.
bool comma_decimal_locale() {
  if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8") != nullptr) return true;
  const std::string dir = ::testing::TempDir() + "constformer_locale";
  const std::string cmd =
      "mkdir -p '" + dir + "' && localedef -i de_DE -f UTF-8 '" + dir + "/de_DE.UTF-8' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return false;
  ::setenv("LOCPATH", dir.c_str(), 1);
  return std::setlocale(LC_NUMERIC, "de_DE.UTF-8") != nullptr;
}

TEST(JsonTensors, NumbersIgnoreTheLocale) {
  const char* old = std::setlocale(LC_NUMERIC, nullptr);
  const std::string saved = old ? old : "C";
  ASSERT_TRUE(comma_decimal_locale())
      << "no comma-decimal locale: scripts/lib/deps.sh installs Debian's locales package";
  const double c_library = std::strtod("2.5", nullptr);  // control: the locale is in force
  const auto r = io::parse_json_tensors(R"({"tensors": {"x": {"dtype": "float64", "shape": [1], "data": [2.5]}}})");
  std::setlocale(LC_NUMERIC, saved.c_str());
  EXPECT_EQ(c_library, 2.0) << "the comma-decimal locale did not take effect";
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.file.find("x")->data[0], 2.5);
}

TEST(JsonTensors, MissingFileIsAnErrorValue) {
  const auto r = io::load_json_tensors("/nonexistent/constformer.json");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("/nonexistent/constformer.json: cannot open the file", 0), 0u) << r.error;
}

TEST(JsonTensors, FileOverTheSizeLimit) {
  // A sparse file one byte past the limit: refused before anything is read.
  const std::string path = cf_test::write_temp("huge.json", "");
  const int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(io::max_json_file_bytes + 1)), 0);
  ::close(fd);
  const auto r = io::load_json_tensors(path);
  ::unlink(path.c_str());
  EXPECT_NE(r.error.find("the file is 1073741825 bytes, more than the limit of 1073741824 bytes"), std::string::npos)
      << r.error;
}

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
  expect_rejected("deep.json", R"({"x": )" + std::string(100000, '[') + R"(, "tensors": {}})",
                  "nesting deeper than 64 levels");
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
