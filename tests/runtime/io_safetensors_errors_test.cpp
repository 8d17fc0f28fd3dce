// The safetensors reader, bad input: one test per kind, each checking its own message (which
// names the file) and that the module is bit-identical after the failed load. Here a good file
// for comparison, and the file and its header length; its JSON header:
// io_safetensors_header_errors_test.cpp; a file that does not match the module (missing or
// unexpected tensors, shapes, dtypes, narrowing, ties): io_safetensors_module_errors_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "support/io_support.hpp"
#include "support/safetensors_errors.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace io = constformer::io;
using cf_test::safetensors_errors::expect_rejected;
using cf_test::safetensors_errors::good_data;
using cf_test::safetensors_errors::good_header;
using cf_test::safetensors_errors::linear_t;
TEST(Safetensors, GoodFileLoads) {
  static linear_t m{};
  const cf_test::temp_file file("good.safetensors", cf_test::safetensors_bytes(good_header, good_data));
  const std::string& path = file.path();
  const auto f = cf_test::open_safetensors_file(path);
  ASSERT_TRUE(f.ok()) << f.error;
  const io::load_result r = io::load_parameters(m, f.file, {});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(m.weight(1, 2), 6.0f);
  EXPECT_EQ(m.bias(0, 1), -0.5f);
  ASSERT_NE(f.file.metadata_value("format"), nullptr);
  EXPECT_EQ(*f.file.metadata_value("format"), "pt");
  EXPECT_EQ(f.file.header_size(), good_header.size());
  EXPECT_EQ(f.file.tensors()[0].name, "weight");  // header order
  EXPECT_EQ(f.file.find("bias")->shape, std::vector<std::size_t>{2});
}

// --- the file and its header length ----------------------------------------------------------
TEST(Safetensors, EmptyFile) { expect_rejected("empty", "", "the file is empty"); }
TEST(Safetensors, ShorterThanTheLengthField) {
  expect_rejected("short", "abc", "the file is 3 bytes, shorter than the 8-byte header length");
}
TEST(Safetensors, HeaderLengthZero) {
  expect_rejected("zero", std::string(8, '\0') + good_data, "the header length is 0");
}
TEST(Safetensors, HeaderLengthOverTheCap) {
  std::string bytes = cf_test::safetensors_bytes(good_header, good_data);
  bytes[4] = 1;  // 2^32 + length
  expect_rejected("cap", bytes, "exceeds the limit of 100000000 bytes");
}
TEST(Safetensors, HeaderLengthPastTheFile) {
  std::string bytes = cf_test::safetensors_bytes(good_header, "");
  bytes[0] = static_cast<char>(bytes[0] + 1);
  expect_rejected("past", bytes, "exceeds the file: only " + std::to_string(good_header.size()) + " bytes follow");
}
TEST(Safetensors, MissingFile) {
  const auto f = cf_test::open_safetensors_file("/nonexistent/x.safetensors");
  EXPECT_EQ(f.error.rfind("/nonexistent/x.safetensors: cannot open the file", 0), 0u) << f.error;
}
TEST(Safetensors, Directory) {
  const auto f = cf_test::open_safetensors_file(::testing::TempDir());
  EXPECT_NE(f.error.find("not a regular file"), std::string::npos) << f.error;
}

}  // namespace

// The check that the other files share, compiled once (see support/safetensors_errors.hpp).