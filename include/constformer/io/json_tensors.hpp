// constformer/io/json_tensors.hpp (hosted only): reads the tensors of a JSON tensor file
// (`{"tensors": {"name": {"dtype": "float32", "shape": [...], "data": [...]}, ...}}`, the
// format of the reference fixtures; see docs/weights.md) into memory. Strict: duplicate keys,
// values that the tensor's dtype cannot hold, bare NaN/Infinity and every other fault give an
// error value naming the file, the tensor and what was expected; never a crash or an exception.
#ifndef CONSTFORMER_IO_JSON_TENSORS_HPP
#define CONSTFORMER_IO_JSON_TENSORS_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/json_tensors.hpp needs a hosted standard library (files, strings)"
#endif

#include <charconv>      // std::from_chars
#include <cstddef>       // std::size_t
#include <cstdint>       // std::int64_t, std::uint64_t
#include <limits>        // std::numeric_limits
#include <string>        // std::string
#include <string_view>   // std::string_view
#include <system_error>  // std::errc
#include <type_traits>   // std::is_same_v
#include <utility>       // std::move
#include <vector>        // std::vector

#include "constformer/io/detail/json.hpp"         // json_cursor
#include "constformer/io/detail/mapped_file.hpp"  // mapped_file
#include "constformer/io/dtype.hpp"               // dtype, conversion rules
#include "constformer/io/tensor_file.hpp"         // tensor_file, tensor_data, shape_text

namespace constformer::io {

//! Largest JSON tensor file `load_json_tensors` reads: 1 GiB. JSON spends about 20 bytes on a
//! float32 value; larger weights belong in safetensors files.
//! \code
//! static_assert(cf::io::max_json_file_bytes == 1024 * 1024 * 1024);
//! \endcode
inline constexpr std::uint64_t max_json_file_bytes = std::uint64_t{1} << 30;

namespace detail {

// True when the decimal literal `t` (valid JSON grammar) is out of range on the large side;
// false when it is on the small side (it rounds to zero). Reads the exponent and the position
// of the first nonzero digit, saturating.
inline bool literal_is_large(std::string_view t) noexcept {
  std::size_t i = (!t.empty() && t[0] == '-') ? 1 : 0;
  long long int_digits = 0, leading_frac_zeros = 0;
  bool seen_nonzero = false, in_frac = false;
  for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') {
      in_frac = true;
      continue;
    }
    if (!in_frac) {
      if (seen_nonzero || t[i] != '0') ++int_digits;
    } else if (!seen_nonzero && int_digits == 0 && t[i] == '0') {
      ++leading_frac_zeros;
    }
    if (t[i] != '0') seen_nonzero = true;
  }
  long long exponent = 0;
  if (i < t.size()) {
    ++i;
    const bool negative = i < t.size() && t[i] == '-';
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    for (; i < t.size(); ++i) exponent = exponent < 100000000 ? exponent * 10 + (t[i] - '0') : exponent;
    if (negative) exponent = -exponent;
  }
  const long long magnitude = int_digits > 0 ? exponent + int_digits - 1 : exponent - leading_frac_zeros - 1;
  return magnitude >= 0;
}

class json_tensor_reader {
 public:
  explicit json_tensor_reader(std::string_view text) : c_(text) {}

  bool parse_document(tensor_file& out) {
    const std::string_view s = c_.text();
    if (s.empty()) return c_.fail("the file is empty");
    if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF")
      return c_.fail("the file starts with a UTF-8 byte-order mark (EF BB BF); JSON text must not: save it without one");
    if (c_.at_end()) return c_.fail("the file holds only whitespace");
    if (c_.peek() != '{') {
      const unsigned char b = static_cast<unsigned char>(s[c_.pos()]);
      if (b < 0x20 || b >= 0x7f) return c_.fail(cat("not a JSON text: binary data (byte ", hex_byte(b), ")"));
      return c_.fail(cat("the top level is not a JSON object {\"tensors\": {...}}: found ", c_.found()));
    }
    bool found = false;
    const bool ok = c_.object(
        [&](const std::string& key) {
          if (key != "tensors") return c_.skip_value(1);
          found = true;
          return parse_tensors(out);
        },
        "the top-level object", "key", 0);
    if (!ok) return false;
    if (!c_.at_end()) return c_.fail(cat("trailing characters after the top-level object: ", c_.found()));
    if (!found) return c_.fail_at(0, "no \"tensors\" object in the top-level object");
    return true;
  }
  const std::string& error() const { return c_.error(); }

 private:
  json_cursor c_;

  bool parse_tensors(tensor_file& out) {
    if (c_.peek() != '{') return c_.fail(cat("\"tensors\" must be an object of named tensors, found ", c_.found()));
    return c_.object([&](const std::string& name) { return parse_tensor(name, out); }, "\"tensors\"", "tensor name", 1);
  }

  bool tensor_fail(const std::string& name, const std::string& what) {
    return c_.fail(cat("tensor \"", excerpt(name, 120), "\": ", what));
  }
  bool tensor_fail_at(std::size_t pos, const std::string& name, const std::string& what) {
    return c_.fail_at(pos, cat("tensor \"", excerpt(name, 120), "\": ", what));
  }

  bool parse_dtype(const std::string& name, dtype& type) {
    std::string text;
    const std::size_t at = (c_.skip_ws(), c_.pos());
    if (c_.peek() != '"') return tensor_fail(name, cat("\"dtype\" must be a string, found ", c_.found()));
    if (!c_.string(text)) return false;
    for (dtype t : {dtype::f32, dtype::f64, dtype::i64, dtype::i32, dtype::i16, dtype::i8, dtype::u8})
      if (text == torch_name(t)) {
        type = t;
        return true;
      }
    return tensor_fail_at(at, name, cat("unsupported dtype \"", excerpt(text), "\" (expected float32, float64, int64, int32, int16, int8 or uint8)"));
  }

  bool parse_tensor(const std::string& name, tensor_file& out) {
    tensor_data t;
    t.name = name;
    if (c_.peek() != '{')
      return tensor_fail(name, cat("expected an object {\"dtype\", \"shape\", \"data\"}, found ", c_.found()));
    const std::size_t object_pos = c_.pos();
    std::size_t data_pos = 0, data_end = 0;
    bool have_shape = false, have_data = false;
    const bool ok = c_.object(
        [&](const std::string& key) {
          if (key == "dtype") return parse_dtype(name, t.type);
          if (key == "shape") {
            have_shape = true;
            if (c_.peek() != '[') return tensor_fail(name, cat("\"shape\" must be an array of extents, found ", c_.found()));
            return c_.array(
                [&](std::size_t) {
                  std::uint64_t e = 0;
                  if (!c_.uint64(e, cat("tensor \"", excerpt(name, 120), "\": an extent of \"shape\""))) return false;
                  if (e > std::numeric_limits<std::size_t>::max()) return tensor_fail(name, "extent too large");
                  t.shape.push_back(static_cast<std::size_t>(e));
                  return true;
                },
                3);
          }
          if (key == "data") {
            have_data = true;
            if (c_.peek() != '[') return tensor_fail(name, cat("\"data\" must be a flat array of numbers, found ", c_.found()));
            data_pos = c_.pos();
            // Validated now, converted once the dtype is known.
            if (!c_.array(
                    [&](std::size_t i) {
                      c_.skip_ws();
                      const std::string_view rest = c_.text().substr(c_.pos());
                      const std::size_t sign = rest.substr(0, 1) == "-" ? 1 : 0;
                      if (rest.size() > sign && std::string_view("NIni").find(rest[sign]) != std::string_view::npos)
                        return tensor_fail(name, cat("bare NaN or Infinity at index ", std::to_string(i),
                                                     " is not JSON: write the strings \"nan\", \"inf\" or \"-inf\""));
                      return c_.skip_value(4);
                    },
                    3))
              return false;
            data_end = c_.pos();
            return true;
          }
          return c_.skip_value(3);
        },
        cat("tensor \"", excerpt(name, 120), "\""), "field", 2);
    if (!ok) return false;
    if (!have_shape) return tensor_fail_at(object_pos, name, "no \"shape\" field");
    if (!have_data) return tensor_fail_at(object_pos, name, "no \"data\" field");
    std::size_t count = 0;
    if (!element_count(t.shape, count))
      return tensor_fail_at(object_pos, name, cat("shape ", shape_text(t.shape), " has more elements than memory can address"));
    // Values are parsed now that the dtype is known, whatever the order of the fields.
    const std::size_t resume = c_.pos();
    c_.seek(data_pos);
    // Each value takes at least two bytes (one digit and a separator): no reservation beyond that.
    const std::size_t most = (data_end - data_pos) / 2;
    t.data.reserve(count < most ? count : most);
    if (!c_.array([&](std::size_t i) { return parse_value(t, i); }, 3)) return false;
    c_.seek(resume);
    if (t.data.size() != count)
      return tensor_fail_at(data_pos, name, cat("shape ", shape_text(t.shape), " holds ", std::to_string(count), " values, \"data\" has ", std::to_string(t.data.size())));
    out.tensors.push_back(std::move(t));
    return true;
  }

  bool parse_value(tensor_data& t, std::size_t index) {
    const std::string where = cat(" at index ", std::to_string(index));
    const bool is_float = t.type == dtype::f32 || t.type == dtype::f64 || t.type == dtype::unspecified;
    const char first = c_.peek();
    if (first == '"') {
      std::string s;
      const std::size_t at = c_.pos();
      if (!c_.string(s)) return false;
      double v = 0;
      if (s == "inf" || s == "Infinity") v = std::numeric_limits<double>::infinity();
      else if (s == "-inf" || s == "-Infinity") v = -std::numeric_limits<double>::infinity();
      else if (s == "nan" || s == "NaN") v = std::numeric_limits<double>::quiet_NaN();
      else return tensor_fail_at(at, t.name, cat("string \"", excerpt(s), "\"", where, " where a number was expected"));
      if (!is_float)
        return tensor_fail_at(at, t.name, cat("\"", s, "\"", where, " in an ", std::string(torch_name(t.type)), " tensor"));
      t.data.push_back(v);
      return true;
    }
    if (first == '[' || first == '{')
      return tensor_fail(t.name, cat("\"data\" must be a flat array of numbers (row-major), found a nested ", std::string(first == '[' ? "array" : "object"), where));
    std::string_view tok;
    if (!c_.number_token(tok)) return false;
    const std::size_t at = c_.pos() - tok.size();
    const char* b = tok.data();
    const char* e = tok.data() + tok.size();
    if (is_float) {
      const bool f32 = t.type == dtype::f32;
      const std::string type_name = f32 ? "float32" : "float64";
      std::errc ec{};
      double v = 0;
      if (f32) {
        float f = 0;
        ec = std::from_chars(b, e, f).ec;
        v = f;
      } else {
        ec = std::from_chars(b, e, v).ec;
      }
      if (ec == std::errc::result_out_of_range)
        return tensor_fail_at(at, t.name, cat("value ", excerpt(tok), where, (literal_is_large(tok) ? " overflows " : " underflows to zero in "), type_name));
      if (ec != std::errc{}) return tensor_fail_at(at, t.name, cat("malformed number ", excerpt(tok), where));
      t.data.push_back(v);
      return true;
    }
    if (tok.find_first_of(".eE") != std::string_view::npos)
      return tensor_fail_at(at, t.name, cat("value ", excerpt(tok), where, " is not an integer (", std::string(torch_name(t.type)), " tensor)"));
    std::int64_t v = 0;
    const auto r = std::from_chars(b, e, v);
    std::int64_t lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
    switch (t.type) {
      case dtype::i32: lo = -2147483648LL; hi = 2147483647LL; break;
      case dtype::i16: lo = -32768; hi = 32767; break;
      case dtype::i8: lo = -128; hi = 127; break;
      case dtype::u8: lo = 0; hi = 255; break;
      default: break;
    }
    if (r.ec != std::errc{} || v < lo || v > hi)
      return tensor_fail_at(at, t.name, cat("value ", excerpt(tok), where, " is outside the range of ", std::string(torch_name(t.type))));
    constexpr std::int64_t exact = std::int64_t{1} << 53;
    if (v > exact || v < -exact)
      return tensor_fail_at(at, t.name, cat("value ", excerpt(tok), where, " has magnitude above 2^53; integer values are held as double"));
    t.data.push_back(static_cast<double>(v));
    return true;
  }
};

}  // namespace detail

//! Parses JSON tensor text (see docs/weights.md for the format and every rule). On error the
//! result holds a message beginning with `source` and ending with the byte offset, and no
//! tensors. Shapes: each tensor keeps the shape written in the text.
//! \code
//! auto r = cf::io::parse_json_tensors(R"({"tensors": {"x": {"shape": [2], "data": [1, 2]}}})");
//! const cf::io::tensor_data* x = r.file.find("x");  // x->shape == {2}, x->data == {1, 2}
//! \endcode
inline tensor_file_result parse_json_tensors(std::string_view text, std::string_view source = "<json text>") {
  tensor_file_result r;
  r.file.source = std::string(source);
  detail::json_tensor_reader reader(text);
  if (!reader.parse_document(r.file)) {
    r.file.tensors.clear();
    r.error = std::string(source) + ": " + reader.error();
  }
  return r;
}

//! Reads and parses the JSON tensor file at `path` (memory-mapped: the text is never copied);
//! a missing, oversized (above `max_json_file_bytes`) or malformed file is an error value
//! whose message begins with the path.
//! Shapes: each tensor keeps the shape written in the file.
//! \code
//! cf::io::tensor_file_result r = cf::io::load_json_tensors("fixtures.json");
//! if (!r.ok()) return 1;
//! const cf::io::tensor_data* t = r.file.find("inputs");
//! \endcode
inline tensor_file_result load_json_tensors(const std::string& path) {
  detail::mapped_file f;
  std::string err = f.open(path, max_json_file_bytes);
  if (!err.empty()) {
    tensor_file_result r;
    r.file.source = path;
    r.error = path + ": " + err;
    return r;
  }
  return parse_json_tensors(f.bytes(), path);
}

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_JSON_TENSORS_HPP
