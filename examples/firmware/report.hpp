// examples/firmware/report.hpp: how the firmware examples print their results, the same on
// the target (semihosting) and on the host (stdout), so that the two outputs can be
// compared with diff. Every float is printed as its bit pattern in hex: equal text means
// equal bits.
//   <name> <rows>x<cols>
//   <8 hex digits> <8 hex digits> ...     (one line per row)
#ifndef CONSTFORMER_FIRMWARE_REPORT_HPP
#define CONSTFORMER_FIRMWARE_REPORT_HPP

#include <bit>      // std::bit_cast
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t

#include "constformer/core/matrix.hpp"  // matrix

#if CONSTFORMER_FIRMWARE_HOST
#include <cstdio>   // std::fputs
#include <cstdlib>  // std::exit
#else
#include "semihosting.hpp"  // write0 (constformer_firmware_platform puts it on the include path)
#endif

namespace fw {

//! Writes `s` to the output (semihosting on the target, stdout on the host).
inline void write(const char* s) noexcept {
#if CONSTFORMER_FIRMWARE_HOST
  std::fputs(s, stdout);
#else
  semihosting::write0(s);
#endif
}

namespace detail {
inline char* put_decimal(char* p, std::size_t n) noexcept {
  char digits[20];
  std::size_t k = 0;
  do {
    digits[k++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  while (k != 0) *p++ = digits[--k];
  return p;
}
}  // namespace detail

//! Prints `m` (float) as a header line and one line of hex bit patterns per row.
template <std::size_t Rows, std::size_t Cols>
void print(const char* name, const constformer::matrix<float, Rows, Cols>& m) noexcept {
  constexpr std::size_t size = Cols * 9 + 2 < 64 ? 64 : Cols * 9 + 2;
  char line[size];
  char* p = line;
  while (*name != '\0' && p < line + 40) *p++ = *name++;
  *p++ = ' ';
  p = detail::put_decimal(p, Rows);
  *p++ = 'x';
  p = detail::put_decimal(p, Cols);
  *p++ = '\n';
  *p = '\0';
  write(line);
  for (std::size_t r = 0; r < Rows; ++r) {
    p = line;
    for (std::size_t c = 0; c < Cols; ++c) {
      const std::uint32_t bits = std::bit_cast<std::uint32_t>(m.elems[r][c]);
      for (int shift = 28; shift >= 0; shift -= 4) *p++ = "0123456789abcdef"[(bits >> shift) & 0xFu];
      *p++ = c + 1 < Cols ? ' ' : '\n';
    }
    *p = '\0';
    write(line);
  }
}

//! Prints `name`, then the `n` integers at `values`, on one line: `<name> <v0> <v1> ...`.
template <class Int>
void print_ints(const char* name, const Int* values, std::size_t n) noexcept {
  char number[24];
  write(name);
  for (std::size_t i = 0; i < n; ++i) {
    number[0] = ' ';
    *detail::put_decimal(number + 1, static_cast<std::size_t>(values[i])) = '\0';
    write(number);
  }
  write("\n");
}

//! Copies `from` to `to` element by element through a volatile, so that the optimiser
//! cannot fold a run-time computation on `to` into constants.
template <std::size_t Rows, std::size_t Cols>
void copy_opaque(const constformer::matrix<float, Rows, Cols>& from,
                 constformer::matrix<float, Rows, Cols>& to) noexcept {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) {
      volatile float v = from.elems[r][c];
      to.elems[r][c] = v;
    }
}

}  // namespace fw

#endif  // CONSTFORMER_FIRMWARE_REPORT_HPP
