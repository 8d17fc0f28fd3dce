// The safetensors reader, bad input: one test per kind, each checking its own message (which
// names the file) and that the module is bit-identical after the failed load.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "constformer/io/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/fixture.hpp"
#include "support/io_support.hpp"

namespace {

namespace cf = constformer;
namespace io = constformer::io;
using linear_t = cf::linear<float, 3, 2, true>;  // weight [2, 3], bias [2]

const std::string good_header =
    R"({"__metadata__":{"format":"pt"},"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
    R"("bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})";
const std::string good_data = cf_test::le_bytes(std::vector<float>{1, 2, 3, 4, 5, 6, 0.5f, -0.5f});

// Loads `bytes` (written to a file) into a patterned module with `options`; expects an error
// containing `phrase` and beginning with the path, and the module unchanged. The in-memory
// parser must agree.
void expect_rejected(const std::string& file_name, const std::string& bytes, const std::string& phrase,
                     const io::load_options& options = {}) {
  const std::string path = cf_test::write_temp(file_name, bytes);
  static linear_t m{};
  cf_test::fill_pattern(m);
  const auto before = cf_test::parameter_bits(m);
  const io::load_result r = io::load_safetensors(m, path, options);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find(phrase), std::string::npos) << "message: " << r.error << "\nexpected: " << phrase;
  EXPECT_EQ(r.error.rfind(path + ": ", 0), 0u) << "the message must begin with the path: " << r.error;
  EXPECT_EQ(r.loaded, 0u);
  EXPECT_EQ(cf_test::parameter_bits(m), before) << "a failed load changed the module";
  const auto span = std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size());
  const io::safetensors_result parsed = io::parse_safetensors(span, "mem");
  if (!parsed.ok()) {
    EXPECT_EQ(parsed.error.substr(parsed.error.find(": ")), r.error.substr(r.error.find(": ")));
  }
}

void expect_header_rejected(const std::string& file_name, const std::string& header, const std::string& phrase,
                            const std::string& data = good_data) {
  expect_rejected(file_name, cf_test::safetensors_bytes(header, data), phrase);
}

TEST(Safetensors, GoodFileLoads) {
  static linear_t m{};
  const std::string path = cf_test::write_temp("good.safetensors", cf_test::safetensors_bytes(good_header, good_data));
  const io::load_result r = io::load_safetensors(m, path);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(m.weight(1, 2), 6.0f);
  EXPECT_EQ(m.bias(0, 1), -0.5f);
  const auto f = io::open_safetensors(path);
  ASSERT_TRUE(f.ok());
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
  static linear_t m{};
  const io::load_result r = io::load_safetensors(m, "/nonexistent/x.safetensors");
  EXPECT_EQ(r.error.rfind("/nonexistent/x.safetensors: cannot open the file", 0), 0u) << r.error;
}
TEST(Safetensors, Directory) {
  static linear_t m{};
  const io::load_result r = io::load_safetensors(m, ::testing::TempDir());
  EXPECT_NE(r.error.find("not a regular file"), std::string::npos) << r.error;
}

// --- the JSON header ------------------------------------------------------------------------
TEST(Safetensors, BinaryGarbage) {
  expect_rejected("garbage", cf_test::safetensors_bytes(std::string("\x89PNG\r\n\x1a\n", 8), good_data),
                  "must be a JSON object starting with '{', found binary data (byte 0x89)");
}
TEST(Safetensors, ByteOrderMark) { expect_header_rejected("bom", "\xEF\xBB\xBF" + good_header, "byte-order mark"); }
TEST(Safetensors, TruncatedHeader) {
  expect_header_rejected("trunc", good_header.substr(0, 60), "header: unterminated string at byte 64");
}
TEST(Safetensors, TrailingCharactersAfterTheHeader) {
  expect_header_rejected("trailing", good_header + "  x", "trailing characters after the header object");
}
TEST(Safetensors, DuplicateTensorName) {
  expect_header_rejected(
      "dupname",
      R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"weight":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})",
      "duplicate tensor name \"weight\"");
}
TEST(Safetensors, DuplicateField) {
  expect_header_rejected("dupfield", R"({"weight":{"dtype":"F32","shape":[2,3],"shape":[6],"data_offsets":[0,24]}})",
                         "tensor \"weight\": duplicate field \"shape\"");
}
TEST(Safetensors, DuplicateMetadataKey) {
  expect_header_rejected("dupmeta", R"({"__metadata__":{"a":"1","a":"2"}})", "duplicate key \"a\"", "");
}
TEST(Safetensors, MetadataValueNotAString) {
  expect_header_rejected("metanum", R"({"__metadata__":{"epoch":3}})", "\"__metadata__\" values must be strings", "");
}
TEST(Safetensors, UnknownDtype) {
  expect_header_rejected("dtype", R"({"weight":{"dtype":"F31","shape":[2,3],"data_offsets":[0,24]}})",
                         "tensor \"weight\": unknown dtype \"F31\"");
}
TEST(Safetensors, UnknownField) {
  expect_header_rejected("field", R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24],"stride":[3,1]}})",
                         "unknown field \"stride\"");
}
TEST(Safetensors, MissingField) {
  expect_header_rejected("nofield", R"({"weight":{"dtype":"F32","shape":[2,3]}})",
                         "tensor \"weight\": no \"data_offsets\" field");
}
TEST(Safetensors, NegativeExtent) {
  expect_header_rejected("negative", R"({"weight":{"dtype":"F32","shape":[-2,3],"data_offsets":[0,24]}})",
                         "an extent of \"shape\" must be a non-negative integer, found -2");
}
TEST(Safetensors, ElementCountOverflow) {
  expect_header_rejected("overflow",
                         R"({"weight":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})",
                         "shape [4294967296, 4294967296] has more bytes than 64 bits can count");
}
TEST(Safetensors, OffsetNotFitting64Bits) {
  expect_header_rejected("bigoffset",
                         R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,18446744073709551616]}})",
                         "a data offset 18446744073709551616 does not fit 64 bits");
}
TEST(Safetensors, ThreeOffsets) {
  expect_header_rejected("threeoffsets", R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24,32]}})",
                         "\"data_offsets\" must hold 2 offsets, found 3");
}
TEST(Safetensors, OffsetsReversed) {
  expect_header_rejected("reversed", R"({"weight":{"dtype":"F32","shape":[0],"data_offsets":[24,0]}})",
                         "data_offsets [24, 0] end before they begin");
}
TEST(Safetensors, OffsetsPastTheData) {
  expect_header_rejected("pastdata", R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[24,48]}})",
                         "data_offsets [24, 48] reach past the end of the data section (32 bytes)");
}
TEST(Safetensors, ByteCountDisagreesWithShape) {
  expect_header_rejected("count", R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})",
                         "dtype F32 and shape [2, 3] need 24 bytes, data_offsets [0, 20] hold 20");
}
TEST(Safetensors, GapBetweenTensors) {
  expect_header_rejected(
      "gap",
      R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[1],"data_offsets":[28,32]}})",
      "tensor \"bias\": data_offsets [28, 32] leave a gap: bytes [24, 28) of the data section belong to no tensor");
}
TEST(Safetensors, OverlappingTensors) {
  expect_header_rejected(
      "overlap",
      R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"bias":{"dtype":"F32","shape":[2],"data_offsets":[20,28]}})",
      "tensor \"bias\": data_offsets [20, 28] overlap tensor \"weight\" (which ends at 24)", good_data.substr(0, 28));
}
TEST(Safetensors, TrailingDataBytes) {
  expect_header_rejected("trailingdata", R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})",
                         "the data section has 32 bytes but the tensors cover only 24 (trailing bytes)");
}
TEST(Safetensors, InvalidUtf8InAName) {
  expect_header_rejected("utf8", "{\"w\xC3\x28\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]}}",
                         "invalid UTF-8 (byte 0xc3) inside a string");
}
TEST(Safetensors, ControlCharacterInAName) {
  expect_header_rejected("control", "{\"w\x01\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]}}",
                         "control character 0x01 inside a string");
}
TEST(Safetensors, NotAnObjectPerTensor) {
  expect_header_rejected("notobject", R"({"weight":[1,2]})", "tensor \"weight\": expected an object");
}

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
  const io::load_result r = io::load_safetensors(m, cf_test::write_temp("unexpected", bytes), {.strict = false});
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
  const std::string path = cf_test::write_temp("narrow_ok", cf_test::safetensors_bytes(f64_header, f64_data(5)));
  const io::load_result r = io::load_safetensors(m, path, {.allow_narrowing = true});
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
