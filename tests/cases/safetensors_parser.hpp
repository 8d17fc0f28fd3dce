// The safetensors header parser's strictness, written once: every case is a hand-written file
// (support/safetensors_builder.hpp) and the outcome parse_safetensors must report. Walked in a
// static_assert (static/safetensors_parser.cpp) and at run time on copies the optimiser cannot
// see through (runtime/safetensors_parser_test.cpp).
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_PARSER_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_PARSER_HPP

#include <array>
#include <cstddef>
#include <string_view>

#include "constformer/model/safetensors.hpp"
#include "support/safetensors_builder.hpp"

namespace cf_test {

namespace cf = constformer;

//! Calls `check(bytes, expected_code, expected_name, find)` for every case: `bytes` a file
//! (std::array), `expected_name` the tensor an error must name (or empty), `find` a name that
//! must be found in a valid file (or empty). Returns true when every call returned true.
template <class Check>
constexpr bool for_each_parser_case(Check check) {
  using E = cf::safetensors_errc;
  bool ok = true;
  auto c = [&](const auto& bytes, E code, std::string_view name = {}, std::string_view find = {}) {
    if (!check(bytes, code, name, find)) ok = false;
  };
  // Valid files.
  c(safetensors_file<0>("{}"), E::ok);
  c(safetensors_file<0>(R"({"__metadata__":{}})"), E::ok);
  c(safetensors_file<4>(
        R"({"__metadata__":{"a":"x","b":"\"\u00e9"},"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"),
    E::ok, {}, "t");
  c(safetensors_file<4>(
        "{ \"a\" :\n{ \"dtype\" : \"F32\" ,\t\"shape\" : [ 1 ] , \"data_offsets\" : [ 0 , 4 ] }\r}    "),
    E::ok, {}, "a");
  c(safetensors_file<4>(R"({"W\u005fquery.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"), E::ok, {},
    "W_query.weight");
  c(safetensors_file<4>(R"({"a":{"d\u0074ype":"F32","shape":[],"data_offsets":[0,4]}})"), E::ok, {}, "a");
  c(safetensors_file<2>(R"({"poids.\u00e9":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}})"), E::ok, {},
    "poids.\xc3\xa9");
  c(safetensors_file<2>("{\"poids.\xc3\xa9\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}"), E::ok, {},
    "poids.\xc3\xa9");
  c(safetensors_file<1>(R"({"\ud83d\ude00":{"dtype":"U8","shape":[1,1],"data_offsets":[0,1]}})"), E::ok, {},
    "\xf0\x9f\x98\x80");
  c(safetensors_file<4>(
        R"({"z":{"dtype":"F64","shape":[0,3],"data_offsets":[4,4]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}})"),
    E::ok, {}, "z");
  c(safetensors_file<12>(
        R"({"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"),
    E::ok, {}, "a");
  // Too short.
  c(std::array<unsigned char, 7>{2, 0, 0, 0, 0, 0, 0}, E::truncated);
  c(std::array<unsigned char, 9>{2, 0, 0, 0, 0, 0, 0, 0, '{'}, E::truncated);
  // Malformed headers.
  c(safetensors_file<0>(""), E::bad_header);
  c(safetensors_file<0>(" {}"), E::bad_header);
  c(safetensors_file<0>("{}x"), E::bad_header);
  c(safetensors_file<0>("{"), E::bad_header);
  c(safetensors_file<0>("[]"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1e0],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[99999999999999999999,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":"1","data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]})"), E::bad_header);
  c(safetensors_file<4>("{\"a\tb\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), E::bad_header);
  c(safetensors_file<4>(R"({"a\x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a\u00g0":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a\ud800":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>(R"({"a\udc00":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"), E::bad_header);
  c(safetensors_file<4>("{\"a\xff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), E::bad_header);
  c(safetensors_file<4>("{\"a\xc0\x80\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), E::bad_header);
  c(safetensors_file<4>("{\"a\xed\xa0\x80\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), E::bad_header);
  c(safetensors_file<4>("{\"a\xe2\x82\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]})"), E::bad_header);
  c(safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"
                        "\""),
    E::bad_header);
  c(safetensors_file<0>(R"({"__metadata__":{"a":1}})"), E::bad_header);
  c(safetensors_file<0>(R"({"__metadata__":[]})"), E::bad_header);
  c(safetensors_file<0>(R"({"a":"b"})"), E::bad_header);
  // Duplicate names.
  c(safetensors_file<8>(
        R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})"),
    E::duplicate_name, "a");
  c(safetensors_file<8>(
        R"({"ab":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\u0061b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})"),
    E::duplicate_name, "ab");
  c(safetensors_file<0>(R"({"__metadata__":{"k":"x","j":"y","k":"z"}})"), E::duplicate_name, "k");
  c(safetensors_file<0>(R"({"__metadata__":{},"__metadata__":{}})"), E::duplicate_name, "__metadata__");
  // Data offsets.
  c(safetensors_file<4>(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}})"), E::bad_offsets, "w");
  c(safetensors_file<4>(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})"), E::bad_offsets, "w");
  c(safetensors_file<4>(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})"), E::bad_offsets, "w");
  c(safetensors_file<4>(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}})"),
    E::bad_offsets, "w");
  c(safetensors_file<8>(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})"), E::bad_offsets);  // unused bytes
  c(safetensors_file<16>(
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})"),
    E::bad_offsets);  // overlapping, and a hole
  return ok;
}

//! The check of one case on a parsed file: the error code and name, or the tensor found.
template <class Byte>
constexpr bool parser_case_holds(const cf::safetensors_view<Byte>& file, cf::safetensors_errc code,
                                 std::string_view name, std::string_view find) {
  if (file.error().code != code || file.ok() != (code == cf::safetensors_errc::ok)) return false;
  if (!name.empty() && file.error().tensor_name() != name) return false;
  if (!find.empty() && !file.find(find).found) return false;
  return true;
}

}  // namespace cf_test

#endif
