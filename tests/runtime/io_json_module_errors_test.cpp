// The JSON tensor reader: a good file loads into a module, and a file that does not match the
// module (shape, dtype, narrowing, missing and unexpected tensors) is an error value with its
// own message naming the file, a failed load leaving the module bit-identical; read_tensor's
// shape check. The text, numbers and dtypes: io_json_errors_test.cpp,
// io_json_value_errors_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "constformer/core/matrix.hpp"
#include "constformer/io/load_parameters.hpp"
#include "support/io_support.hpp"
#include "support/json_errors.hpp"
#include "support/json_file.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;
using cf_test::json_errors::expect_json_rejected;
using cf_test::json_errors::good_weight;
using cf_test::json_errors::linear_json;
using cf_test::json_errors::linear_t;

TEST(JsonTensors, GoodFileLoads) {
  static linear_t m{};
  const cf_test::temp_file file("good.json", linear_json(good_weight));
  const auto f = cf_test::load_json_file(file.path());
  ASSERT_TRUE(f.ok()) << f.error;
  const io::load_result r = io::load_parameters(m, f.file, io::load_options{});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(m.weight(1, 2), 6.0f);
  EXPECT_EQ(m.bias(0, 1), -0.5f);
  EXPECT_EQ(io::load_parameters(m, f.file), "");  // the string form
}

// --- loading into a module -----------------------------------------------------------------
TEST(JsonTensors, WrongShapeForTheModule) {
  expect_json_rejected("shape.json",
                       linear_json(R"({"dtype": "float32", "shape": [3, 2], "data": [1, 2, 3, 4, 5, 6]})"),
                       "tensor \"weight\" has shape [3, 2]; parameter \"weight\" needs [2, 3]");
}
TEST(JsonTensors, Float64IntoFloatIsNarrowing) {
  const std::string text = linear_json(R"({"dtype": "float64", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 0.1]})");
  expect_json_rejected(
      "narrow.json", text,
      "tensor \"weight\" (parameter \"weight\", float32): float64 values would be rounded to float32; allow narrowing");
  static linear_t m{};
  const cf_test::temp_file file("narrow.json", text);
  const auto f = cf_test::load_json_file(file.path());
  ASSERT_TRUE(io::load_parameters(m, f.file, {.allow_narrowing = true}).ok());
  EXPECT_EQ(m.weight(1, 2), 0.1f);
}
TEST(JsonTensors, IntegersIntoFloat) {
  expect_json_rejected("intparam.json",
                       linear_json(R"({"dtype": "int64", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]})"),
                       "dtype int64 cannot be loaded into a floating-point parameter");
}
TEST(JsonTensors, UndeclaredValueOverflowsFloat) {
  // No "dtype": decimals are converted to the parameter's type; one that float cannot hold is an error.
  expect_json_rejected("undeclared.json", linear_json(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 1e39]})"),
                       "value 1e+39 at index 5 overflows float32");
}
TEST(JsonTensors, MissingAndUnexpectedTensors) {
  expect_json_rejected("missing.json", R"({"tensors": {"weight": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}}})",
                       "1 parameter(s) of the module not in the file: \"bias\"");
  expect_json_rejected(
      "extra.json",
      R"({"tensors": {"weight": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}, "bias": {"shape": [2], "data": [1, 2]}, "inputs": {"shape": [1], "data": [1]}}})",
      "1 tensor(s) in the file that no parameter of the module uses (strict load): \"inputs\"", io::load_options{});
}
TEST(JsonTensors, ReadTensor) {
  const auto f = cf_test::parse_json_text(linear_json(good_weight));
  cf::matrix<double, 2, 3> w{};
  EXPECT_EQ(io::read_tensor(f.file, "weight", w), "");
  EXPECT_EQ(w(1, 0), 4.0);
  cf::matrix<float, 3, 2> wrong{};
  EXPECT_NE(
      io::read_tensor(f.file, "weight", wrong).find("<json text>: tensor \"weight\" has shape [2, 3], expected [3, 2]"),
      std::string::npos);
}

}  // namespace
