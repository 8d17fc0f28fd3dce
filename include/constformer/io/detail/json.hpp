// constformer/io/detail/json.hpp (hosted only, internal): a strict RFC 8259 JSON cursor
// shared by the JSON tensor reader and the safetensors header parser. It never reads out of
// bounds, never throws, recurses at most json_max_depth levels, rejects duplicate keys,
// invalid UTF-8, unescaped control characters, bare NaN/Infinity and malformed numbers, and
// reports the first fault with its byte offset.
#ifndef CONSTFORMER_IO_DETAIL_JSON_HPP
#define CONSTFORMER_IO_DETAIL_JSON_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/detail/json.hpp needs a hosted standard library"
#endif

#include <charconv>       // std::from_chars
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint32_t, std::uint64_t
#include <string>         // std::string, std::to_string
#include <string_view>    // std::string_view
#include <system_error>   // std::errc
#include <unordered_set>  // std::unordered_set (duplicate keys)
#include <utility>        // std::move

#include "constformer/io/detail/text.hpp"  // cat, excerpt, hex_byte

namespace constformer::io::detail {

inline constexpr int json_max_depth = 64;

class json_cursor {
 public:
  // `base` is added to positions in messages (the offset of `text` in its file).
  explicit json_cursor(std::string_view text, std::size_t base = 0) noexcept : s_(text), base_(base) {}

  std::size_t pos() const noexcept { return pos_; }
  void seek(std::size_t p) noexcept { pos_ = p; }
  std::string_view text() const noexcept { return s_; }
  bool failed() const noexcept { return !err_.empty(); }
  const std::string& error() const noexcept { return err_; }

  // Records the first error: "<what> at byte <offset>". Always returns false.
  bool fail_at(std::size_t p, std::string_view what) {
    if (err_.empty()) err_ = std::string(what) + " at byte " + std::to_string(base_ + p);
    return false;
  }
  bool fail(std::string_view what) { return fail_at(pos_, what); }

  void skip_ws() noexcept {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  bool at_end() noexcept {
    skip_ws();
    return pos_ >= s_.size();
  }
  char peek() noexcept {
    skip_ws();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  bool consume(char c) noexcept {
    if (peek() != c || pos_ >= s_.size()) return false;
    ++pos_;
    return true;
  }
  // What is at the cursor, for messages: 'x', the end of the input, or a binary byte.
  std::string found() {
    skip_ws();
    if (pos_ >= s_.size()) return "the end of the input";
    const unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c < 0x20 || c >= 0x7f) return cat("binary data (byte ", hex_byte(c), ")");
    return std::string("'") + static_cast<char>(c) + "'";
  }
  bool expect(char c, std::string_view context) {
    if (consume(c)) return true;
    return fail(std::string("expected '") + c + "' " + std::string(context) + ", found " + found());
  }

  // A string value, escapes decoded, UTF-8 validated.
  bool string(std::string& out) {
    if (!expect('"', "to open a string")) return false;
    out.clear();
    const std::size_t open = pos_ - 1;
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        if (!escape(out)) return false;
        continue;
      }
      if (c < 0x20) return fail(cat("control character ", hex_byte(c), " inside a string (it must be escaped)"));
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      const std::size_t n = utf8_length(pos_);
      if (n == 0) return fail(cat("invalid UTF-8 (byte ", hex_byte(c), ") inside a string"));
      out.append(s_.substr(pos_, n));
      pos_ += n;
    }
    return fail_at(open, "unterminated string");
  }

  // The text of a number, checked against JSON's grammar (not converted).
  bool number_token(std::string_view& token) {
    skip_ws();
    const std::size_t start = pos_;
    std::size_t p = pos_;
    if (p < s_.size() && s_[p] == '-') ++p;
    if (p < s_.size() && (s_[p] == 'I' || s_[p] == 'N' || s_[p] == 'i' || s_[p] == 'n'))
      return fail("bare NaN or Infinity is not JSON: write the strings \"nan\", \"inf\" or \"-inf\"");
    if (p >= s_.size() || !digit(s_[p])) return fail(cat("expected a number, found ", found()));
    if (s_[p] == '0') {
      ++p;
    } else {
      while (p < s_.size() && digit(s_[p])) ++p;
    }
    if (p < s_.size() && s_[p] == '.') {
      ++p;
      if (p >= s_.size() || !digit(s_[p])) return fail_at(start, "malformed number (no digit after '.')");
      while (p < s_.size() && digit(s_[p])) ++p;
    }
    if (p < s_.size() && (s_[p] == 'e' || s_[p] == 'E')) {
      ++p;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      if (p >= s_.size() || !digit(s_[p])) return fail_at(start, "malformed number (no digit in the exponent)");
      while (p < s_.size() && digit(s_[p])) ++p;
    }
    if (p < s_.size() && word_char(s_[p]))
      return fail_at(start, cat("malformed number \"", excerpt(s_.substr(start, p + 1 - start)), "\""));
    token = s_.substr(start, p - start);
    pos_ = p;
    return true;
  }

  // A non-negative integer that fits 64 bits ("what" names it in messages).
  bool uint64(std::uint64_t& out, std::string_view what) {
    std::string_view t;
    if (!number_token(t)) return false;
    const std::size_t start = pos_ - t.size();
    if (t.find_first_of(".eE-") != std::string_view::npos)
      return fail_at(start, std::string(what) + " must be a non-negative integer, found " + std::string(t));
    const auto r = std::from_chars(t.data(), t.data() + t.size(), out);
    if (r.ec != std::errc{} || r.ptr != t.data() + t.size())
      return fail_at(start, std::string(what) + " " + excerpt(t) + " does not fit 64 bits");
    return true;
  }

  // Calls member(key) for each member, the cursor after the ':'. Duplicate keys are an
  // error: "<context>duplicate <what> \"key\"".
  template <class F>
  bool object(F&& member, std::string_view context, std::string_view what, int depth) {
    if (depth > json_max_depth) return fail(cat("nesting deeper than ", std::to_string(json_max_depth), " levels"));
    if (!expect('{', std::string("to open ") + (context.empty() ? std::string("an object") : std::string(context))))
      return false;
    if (consume('}')) return true;
    std::unordered_set<std::string> seen;
    for (;;) {
      std::string key;
      const std::size_t key_pos = (skip_ws(), pos_);
      if (peek() != '"') return fail(cat("expected a string key, found ", found()));
      if (!string(key)) return false;
      if (!seen.insert(key).second)
        return fail_at(key_pos, std::string(context) + (context.empty() ? "" : ": ") + "duplicate " +
                                    std::string(what) + " \"" + excerpt(key, 120) + "\"");
      if (!expect(':', "after a key")) return false;
      if (!member(key)) return false;
      if (consume(',')) continue;
      return expect('}', "or ',' in an object");
    }
  }

  // Calls item(index) for each element, the cursor at the element.
  template <class F>
  bool array(F&& item, int depth) {
    if (depth > json_max_depth) return fail(cat("nesting deeper than ", std::to_string(json_max_depth), " levels"));
    if (!expect('[', "to open an array")) return false;
    if (consume(']')) return true;
    for (std::size_t i = 0;; ++i) {
      if (!item(i)) return false;
      if (consume(',')) continue;
      return expect(']', "or ',' in an array");
    }
  }

  // Any value, validated and skipped.
  bool skip_value(int depth) {
    const char c = peek();
    if (c == '{') return object([&](const std::string&) { return skip_value(depth + 1); }, {}, "key", depth + 1);
    if (c == '[') return array([&](std::size_t) { return skip_value(depth + 1); }, depth + 1);
    if (c == '"') {
      std::string ignored;
      return string(ignored);
    }
    for (std::string_view word : {"true", "false", "null"})
      if (s_.substr(pos_, word.size()) == word && !(pos_ + word.size() < s_.size() && word_char(s_[pos_ + word.size()]))) {
        pos_ += word.size();
        return true;
      }
    if (c == '-' || digit(c) || c == 'N' || c == 'I' || c == 'n' || c == 'i') {
      std::string_view t;
      return number_token(t);
    }
    return fail(cat("expected a value, found ", found()));
  }

 private:
  std::string_view s_;
  std::size_t base_ = 0;
  std::size_t pos_ = 0;
  std::string err_;

  static constexpr bool digit(char c) noexcept { return c >= '0' && c <= '9'; }
  static constexpr bool word_char(char c) noexcept {
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-' || c == '_';
  }
  int hex(std::size_t p) const noexcept {
    if (p >= s_.size()) return -1;
    const char c = s_[p];
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(std::size_t p, std::uint32_t& v) const noexcept {
    v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int h = hex(p + k);
      if (h < 0) return false;
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    return true;
  }
  // Length of the well-formed UTF-8 sequence (2 to 4 bytes) at p, or 0.
  std::size_t utf8_length(std::size_t p) const noexcept {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(p + k < s_.size() ? s_[p + k] : 0); };
    const unsigned char b0 = at(0);
    const auto cont = [&](std::size_t k) { return (at(k) & 0xC0) == 0x80; };
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
      const unsigned char b1 = at(1);
      if (b0 == 0xE0 && b1 < 0xA0) return 0;   // overlong
      if (b0 == 0xED && b1 >= 0xA0) return 0;  // UTF-16 surrogate
      return cont(1) && cont(2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
      const unsigned char b1 = at(1);
      if (b0 == 0xF0 && b1 < 0x90) return 0;   // overlong
      if (b0 == 0xF4 && b1 >= 0x90) return 0;  // past U+10FFFF
      return cont(1) && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  // The escape at pos_ (a backslash), appended to out.
  bool escape(std::string& out) {
    const std::size_t at = pos_;
    if (pos_ + 1 >= s_.size()) return fail_at(at, "unterminated escape in a string");
    const char e = s_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return fail_at(at, cat("invalid escape '\\", excerpt(std::string_view(&e, 1)), "' in a string"));
    }
    std::uint32_t cp = 0;
    if (!hex4(pos_, cp)) return fail_at(at, "invalid \\u escape (four hexadecimal digits expected)");
    pos_ += 4;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail_at(at, "unpaired UTF-16 surrogate in a \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (pos_ + 1 >= s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u' || !hex4(pos_ + 2, low) || low < 0xDC00 ||
          low > 0xDFFF)
        return fail_at(at, "unpaired UTF-16 surrogate in a \\u escape");
      pos_ += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
    return true;
  }
};

}  // namespace constformer::io::detail

#endif  // CONSTFORMER_IO_DETAIL_JSON_HPP
