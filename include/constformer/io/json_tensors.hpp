// constformer/io/json_tensors.hpp (hosted only): reads the tensors of a reference-fixture
// JSON file (`{"tensors": {"name": {"shape": [...], "data": [...]}, ...}}`) into memory.
// Malformed input gives an error value, never a crash or an exception.
#ifndef CONSTFORMER_IO_JSON_TENSORS_HPP
#define CONSTFORMER_IO_JSON_TENSORS_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/json_tensors.hpp needs a hosted standard library (files, strings)"
#endif

#include <cstddef>      // std::size_t
#include <cstdlib>      // std::strtod
#include <fstream>      // std::ifstream
#include <limits>       // std::numeric_limits
#include <sstream>      // std::ostringstream
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

namespace constformer::io {

//! One named tensor: its shape (empty for a 0-d tensor) and its values, row-major, as double
//! (float32 files hold exact float values, so a cast to float gives them back exactly).
//! \code
//! auto r = cf::io::load_json_tensors("fixtures.json");
//! const cf::io::tensor_data* t = r.file.find("inputs");  // t->shape == {6, 3}
//! \endcode
struct tensor_data {
  std::string name;                //!< the tensor's name in the file
  std::vector<std::size_t> shape;  //!< the extents, outermost first
  std::vector<double> data;        //!< the values, row-major
};

//! The tensors of one file, in file order.
//! \code
//! auto r = cf::io::load_json_tensors("fixtures.json");
//! for (const cf::io::tensor_data& t : r.file.tensors) std::puts(t.name.c_str());
//! \endcode
struct tensor_file {
  std::vector<tensor_data> tensors;  //!< the tensors, in file order
  //! The tensor called `name`, or nullptr.
  const tensor_data* find(std::string_view name) const noexcept {
    for (const auto& t : tensors)
      if (t.name == name) return &t;
    return nullptr;
  }
};

//! Result of `load_json_tensors`: `error` is empty on success.
//! \code
//! cf::io::tensor_file_result r = cf::io::load_json_tensors("fixtures.json");
//! if (!r.ok()) std::fprintf(stderr, "%s\n", r.error.c_str());
//! \endcode
struct tensor_file_result {
  tensor_file file;   //!< the tensors read (meaningful only when `ok()`)
  std::string error;  //!< what went wrong; empty on success
  //! True when the file was read without error.
  bool ok() const noexcept { return error.empty(); }
};

namespace detail {

class json_reader {
 public:
  explicit json_reader(std::string_view text) : s_(text) {}

  bool parse_document(tensor_file& out) {
    skip_ws();
    if (!expect('{')) return false;
    bool found = false;
    if (!object_members([&](std::string key) {
          if (key == "tensors") {
            found = true;
            return parse_tensors(out);
          }
          return skip_value(0);
        }))
      return false;
    skip_ws();
    if (pos_ != s_.size()) return fail("trailing characters after the top-level object");
    if (!found) return fail("no \"tensors\" object");
    return true;
  }
  const std::string& error() const { return err_; }

 private:
  static constexpr int max_depth = 64;
  std::string_view s_;
  std::size_t pos_ = 0;
  std::string err_;

  bool fail(const std::string& what) {
    if (err_.empty()) {
      std::ostringstream os;
      os << what << " at byte " << pos_;
      err_ = os.str();
    }
    return false;
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  bool peek(char c) {
    skip_ws();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  bool expect(char c) {
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return fail(std::string("expected '") + c + "'");
  }
  bool parse_string(std::string& out) {
    if (!expect('"')) return false;
    out.clear();
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c == '\\') {
        if (pos_ >= s_.size()) break;
        char e = s_[pos_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'u':  // keep \uXXXX escapes verbatim: names here are ASCII
            if (pos_ + 4 > s_.size()) return fail("truncated \\u escape");
            out += "\\u";
            out += s_.substr(pos_, 4);
            pos_ += 4;
            continue;
          default: c = e;
        }
      }
      out += c;
    }
    if (pos_ >= s_.size()) return fail("unterminated string");
    ++pos_;
    return true;
  }
  bool parse_number(double& out) {
    skip_ws();
    if (peek('"')) {  // non-finite values are written as strings
      std::string t;
      if (!parse_string(t)) return false;
      if (t == "inf" || t == "Infinity") out = std::numeric_limits<double>::infinity();
      else if (t == "-inf" || t == "-Infinity") out = -std::numeric_limits<double>::infinity();
      else if (t == "nan" || t == "NaN") out = std::numeric_limits<double>::quiet_NaN();
      else return fail("a string where a number was expected");
      return true;
    }
    std::size_t end = pos_;
    while (end < s_.size() && (std::string_view("+-.eE0123456789").find(s_[end]) != std::string_view::npos)) ++end;
    if (end == pos_) return fail("expected a number");
    const std::string token(s_.substr(pos_, end - pos_));
    char* stop = nullptr;
    out = std::strtod(token.c_str(), &stop);
    if (stop != token.c_str() + token.size()) return fail("malformed number");
    pos_ = end;
    return true;
  }
  template <class F>
  bool object_members(F&& member) {
    if (peek('}')) return expect('}');
    for (;;) {
      std::string key;
      if (!parse_string(key) || !expect(':')) return false;
      if (!member(std::move(key))) return false;
      if (peek(',')) {
        ++pos_;
        continue;
      }
      return expect('}');
    }
  }
  template <class F>
  bool array_items(F&& item) {
    if (!expect('[')) return false;
    if (peek(']')) return expect(']');
    for (;;) {
      if (!item()) return false;
      if (peek(',')) {
        ++pos_;
        continue;
      }
      return expect(']');
    }
  }
  bool skip_value(int depth) {
    if (depth > max_depth) return fail("nesting too deep");
    skip_ws();
    if (pos_ >= s_.size()) return fail("unexpected end of input");
    const char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      return object_members([&](std::string) { return skip_value(depth + 1); });
    }
    if (c == '[') return array_items([&] { return skip_value(depth + 1); });
    if (c == '"') {
      std::string t;
      return parse_string(t);
    }
    for (std::string_view word : {"true", "false", "null"})
      if (s_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return true;
      }
    double d = 0;
    return parse_number(d);
  }
  bool parse_tensors(tensor_file& out) {
    if (!expect('{')) return false;
    return object_members([&](std::string name) {
      tensor_data t;
      t.name = std::move(name);
      bool have_shape = false, have_data = false;
      if (!expect('{')) return false;
      if (!object_members([&](std::string key) {
            if (key == "shape") {
              have_shape = true;
              return array_items([&] {
                double d = 0;
                if (!parse_number(d)) return false;
                if (!(d >= 0 && d <= 1e9) || d != static_cast<double>(static_cast<std::size_t>(d)))
                  return fail("bad extent in shape");
                t.shape.push_back(static_cast<std::size_t>(d));
                return true;
              });
            }
            if (key == "data") {
              have_data = true;
              return array_items([&] {
                double d = 0;
                if (!parse_number(d)) return false;
                t.data.push_back(d);
                return true;
              });
            }
            return skip_value(1);
          }))
        return false;
      if (!have_shape || !have_data) return fail("tensor \"" + t.name + "\" lacks shape or data");
      std::size_t count = 1;
      for (std::size_t e : t.shape) count *= e;
      if (count != t.data.size()) return fail("tensor \"" + t.name + "\": shape and data size disagree");
      out.tensors.push_back(std::move(t));
      return true;
    });
  }
};

}  // namespace detail

//! Parses fixture JSON text. On error the result holds a message and no tensors.
//! Shapes: each tensor keeps the shape written in the text.
//! \code
//! auto r = cf::io::parse_json_tensors(R"({"tensors": {"x": {"shape": [2], "data": [1, 2]}}})");
//! const cf::io::tensor_data* x = r.file.find("x");  // x->shape == {2}, x->data == {1, 2}
//! \endcode
inline tensor_file_result parse_json_tensors(std::string_view text) {
  tensor_file_result r;
  detail::json_reader reader(text);
  if (!reader.parse_document(r.file)) {
    r.file.tensors.clear();
    r.error = reader.error();
  }
  return r;
}

//! Reads and parses the fixture file at `path`; a missing or malformed file is an error value.
//! Shapes: each tensor keeps the shape written in the file.
//! \code
//! cf::io::tensor_file_result r = cf::io::load_json_tensors("fixtures.json");
//! if (!r.ok()) return 1;
//! const cf::io::tensor_data* t = r.file.find("inputs");
//! \endcode
inline tensor_file_result load_json_tensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    tensor_file_result r;
    r.error = "cannot open " + path;
    return r;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  auto r = parse_json_tensors(buf.str());
  if (!r.ok()) r.error = path + ": " + r.error;
  return r;
}

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_JSON_TENSORS_HPP
