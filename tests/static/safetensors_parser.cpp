// The safetensors header parser at compile time: valid files (whitespace, escapes, UTF-8,
// empty and scalar tensors, data out of header order) are read, malformed ones are rejected
// with the right error and tensor name (cases/safetensors_parser.hpp). Building this file is
// the test.
#include <string_view>

#include "cases/safetensors_parser.hpp"

namespace {

namespace cf = constformer;

static_assert(cf_test::for_each_parser_case([](const auto& bytes, cf::safetensors_errc code, std::string_view name,
                                               std::string_view find) {
  return cf_test::parser_case_holds(cf::parse_safetensors(bytes), code, name, find);
}));

// Other byte types read the same file alike.
constexpr auto bytes = cf_test::safetensors_file<4>(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})");
constexpr char chars[] =
    "\x36\0\0\0\0\0\0\0{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}\x00\x00\x80\x3f";
static_assert(cf::parse_safetensors(chars, sizeof chars - 1).find("a").end == 4);
static_assert([] {
  cf::vector<float, 1> v{};
  return cf::load_safetensors_tensor(v, cf::parse_safetensors(chars, sizeof chars - 1), "a").ok() && v(0, 0) == 1.0f;
}());
constexpr std::byte std_bytes[] = {std::byte{0}};
static_assert(cf::parse_safetensors(std_bytes).error().code == cf::safetensors_errc::truncated);
static_assert(cf::parse_safetensors(bytes.data(), bytes.size()).tensor_count() == 1);

// A bad header reports where it went wrong.
static_assert(cf::parse_safetensors(cf_test::safetensors_file<0>("{}x")).error().at == 8 + 2);

}  // namespace
