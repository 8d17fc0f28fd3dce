// The JSON tensor reader: good files parse (locale-independent, each literal rounded once to
// its dtype, fields in any order), and a file over the size limit is refused. Every other kind
// of bad input: io_json_errors_test.cpp, io_json_value_errors_test.cpp and
// io_json_module_errors_test.cpp.
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
#include "support/io_support.hpp"

namespace {

namespace cf = constformer;
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
  const cf_test::temp_file file("huge.json", "");
  const std::string& path = file.path();
  const int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(io::max_json_file_bytes + 1)), 0);
  ::close(fd);
  const auto r = io::load_json_tensors(path);
  EXPECT_NE(r.error.find("the file is 1073741825 bytes, more than the limit of 1073741824 bytes"), std::string::npos)
      << r.error;
}

}  // namespace
