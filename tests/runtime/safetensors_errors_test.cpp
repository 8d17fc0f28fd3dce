// Safetensors at run time, bad input: the loader's error messages on the test files read from
// disk and on run-time copies, and truncated and corrupted files (no crash, no read out of
// bounds: see the sanitizer build). The parser's cases: safetensors_parser_test.cpp; the good
// loads: safetensors_test.cpp.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cases/safetensors.hpp"
#include "constformer/model/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/safetensors_builder.hpp"
#include "support/safetensors_files.hpp"

namespace {

namespace cf = constformer;
using cf_test::safetensors_files::mha;
using cf_test::safetensors_files::opaque_copy;
using cf_test::safetensors_files::read_file;

std::string message(const cf::safetensors_error& e) {
  char text[400];
  e.format(text, sizeof text);
  return text;
}

TEST(CompileTimeWeights, ErrorsNameTheTensorAtRunTime) {
  const auto tied = read_file("safetensors/mha_seed123_tied.f32.safetensors");
  const auto f32 = read_file("safetensors/mha_seed123.f32.safetensors");
  const auto f64 = read_file("safetensors/mha_seed123.f64.safetensors");
  const auto tied_file = cf::parse_safetensors(tied.data(), tied.size());
  EXPECT_EQ(message(cf_test::load_error<mha<float>>(tied_file, {.prefix = "model."})),
            "safetensors: missing tensor \"model.W_key.weight\"");
  EXPECT_EQ(message(cf_test::load_error<cf::multi_head_attention<float, 2, 2, 6, 2>>(
                cf::parse_safetensors(f32.data(), f32.size()))),
            "safetensors: tensor \"W_query.weight\" has shape [2, 3], expected [2, 2]");
  EXPECT_EQ(message(cf_test::load_error<mha<float>>(cf::parse_safetensors(f64.data(), f64.size()))),
            "safetensors: tensor \"W_query.weight\" is F64 and the parameter float: set allow_narrowing");
  const auto ints = opaque_copy(cf_test::safetensors_file<32>(
      R"({"weight":{"dtype":"I32","shape":[2,3],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})"));
  EXPECT_EQ(
      message(cf_test::load_error<cf::linear<float, 3, 2, true>>(cf::parse_safetensors(ints.data(), ints.size()))),
      "safetensors: tensor \"weight\" has dtype I32, expected F32, F64, F16 or BF16");
  const auto garbage = opaque_copy(cf_test::safetensors_file<0>("{}x"));
  EXPECT_EQ(message(cf::parse_safetensors(garbage.data(), garbage.size()).error()),
            "safetensors: malformed header at byte 10");
  // A message longer than the buffer is cut, and null-terminated.
  char small[12];
  EXPECT_EQ(cf_test::load_error<mha<float>>(tied_file).format(small, sizeof small), sizeof small - 1);
  EXPECT_EQ(std::string(small), "safetensors");
  // The module is unchanged on error.
  mha<float> m{};
  m.out_proj.bias(0, 1) = 2.0f;
  EXPECT_FALSE(cf::load_safetensors(m, tied_file).ok());
  EXPECT_EQ(m.out_proj.bias(0, 1), 2.0f);
}

TEST(CompileTimeWeights, TruncatedAndCorruptedFilesAreRejectedSafely) {
  const auto bytes = read_file("safetensors/mha_seed123.f32.safetensors");
  // Every proper prefix is an error (the sanitizer build checks that nothing is read outside).
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    const auto file = cf::parse_safetensors(cut.data(), cut.size());
    EXPECT_FALSE(file.ok()) << n;
    mha<float> m{};
    EXPECT_FALSE(cf::load_safetensors(m, file).ok()) << n;
  }
  // Every header byte replaced by each of a few values: parsing and loading never crash; a file
  // that still parses names only tensors inside it.
  std::size_t still_valid = 0;
  const std::size_t header_end = cf::parse_safetensors(bytes.data(), bytes.size()).data_begin();
  for (std::size_t i = 0; i < header_end; ++i)
    for (unsigned v : {0x00u, 0x22u, 0x2cu, 0x30u, 0x39u, 0x5cu, 0x7bu, 0x7du, 0x80u, 0xffu}) {
      auto copy = bytes;
      copy[i] = static_cast<unsigned char>(v);
      const auto file = cf::parse_safetensors(copy.data(), copy.size());
      mha<float> m{};
      const auto e = cf::load_safetensors(m, file);
      if (file.ok()) {
        ++still_valid;
        file.for_each_tensor([&](std::string_view, const cf::safetensors_tensor& t) {
          EXPECT_LE(t.end, copy.size() - file.data_begin());
        });
      } else {
        EXPECT_FALSE(e.ok());
      }
    }
  EXPECT_GT(still_valid, 0u);  // e.g. a digit of a value changed in the metadata
}

}  // namespace
