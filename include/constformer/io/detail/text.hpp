// constformer/io/detail/text.hpp (hosted only, internal): building the readers' messages.
#ifndef CONSTFORMER_IO_DETAIL_TEXT_HPP
#define CONSTFORMER_IO_DETAIL_TEXT_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/detail/text.hpp needs a hosted standard library"
#endif

#include <charconv>     // std::to_chars
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace constformer::io::detail {

// The parts, appended in order (one allocation pattern, no insert-at-front).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

// "0x1f": a byte in hexadecimal.
inline std::string hex_byte(unsigned char b) {
  const char* digits = "0123456789abcdef";
  std::string s = "0x";
  s += digits[b >> 4];
  s += digits[b & 15];
  return s;
}

// At most `limit` characters of `s`, printable ASCII only (others shown as '?').
inline std::string excerpt(std::string_view s, std::size_t limit = 40) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (s.size() > limit) out += "...";
  return out;
}

// The shortest decimal text that reads back as `v`.
inline std::string number_text(double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace constformer::io::detail

#endif  // CONSTFORMER_IO_DETAIL_TEXT_HPP
