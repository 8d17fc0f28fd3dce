// The fixture reader: good files parse, bad input is an error value and never a crash.
#include <gtest/gtest.h>

#include <string>

#include "constformer/io/json_tensors.hpp"

namespace {

namespace io = constformer::io;

TEST(JsonTensors, ParsesShapesDataAndNonFinite) {
  const auto r = io::parse_json_tensors(
      R"({"name": "x", "tensors": {"a": {"shape": [2, 2], "data": [1, 2.5, -3e-2, "-inf"], "role": "input"},
          "s": {"shape": [], "data": [7]}}, "notes": [true, null, {"k": "v"}]})");
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.file.tensors.size(), 2u);
  const auto* a = r.file.find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->shape, (std::vector<std::size_t>{2, 2}));
  EXPECT_EQ(a->data[1], 2.5);
  EXPECT_EQ(a->data[2], -3e-2);
  EXPECT_EQ(a->data[3], -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(r.file.find("s")->shape.empty());
  EXPECT_EQ(r.file.find("missing"), nullptr);
}

TEST(JsonTensors, MalformedInputIsAnErrorValue) {
  const char* bad[] = {
      "",
      "{",
      "[1, 2]",
      R"({"tensors": {"a": {"shape": [2], "data": [1]}}})",          // size disagrees
      R"({"tensors": {"a": {"shape": [2], "data": [1, "x"]}}})",     // string in data
      R"({"tensors": {"a": {"shape": [-1], "data": []}}})",          // negative extent
      R"({"tensors": {"a": {"data": [1]}}})",                        // no shape
      R"({"tensors": {"a": {"shape": [1], "data": [1e]}}})",         // bad number
      R"({"tensors": {"a": {"shape": [1], "data": [1]}}} trailing)",
      R"({"other": 1})",
      R"({"tensors": {"a": {"shape": [1], "data": [1]})",            // truncated
  };
  for (const char* text : bad) {
    const auto r = io::parse_json_tensors(text);
    EXPECT_FALSE(r.ok()) << "accepted: " << text;
    EXPECT_TRUE(r.file.tensors.empty());
  }
  // Deep nesting is refused, not a stack overflow.
  std::string deep = R"({"x": )" + std::string(100000, '[') + R"(, "tensors": {}})";
  EXPECT_FALSE(io::parse_json_tensors(deep).ok());
}

TEST(JsonTensors, MissingFileIsAnErrorValue) {
  const auto r = io::load_json_tensors("/nonexistent/constformer.json");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("cannot open"), std::string::npos);
}

}  // namespace
