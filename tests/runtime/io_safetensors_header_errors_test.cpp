// The safetensors reader, bad input continued (io_safetensors_errors_test.cpp): a malformed JSON
// header, one test per kind, each checking its own message (which names the file) and that the
// module is bit-identical after the failed load.
#include <gtest/gtest.h>

#include <string>

#include "support/io_support.hpp"
#include "support/safetensors_errors.hpp"

namespace {

using cf_test::safetensors_errors::expect_header_rejected;
using cf_test::safetensors_errors::expect_rejected;
using cf_test::safetensors_errors::good_data;
using cf_test::safetensors_errors::good_header;
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

}  // namespace
