// constformer/io/dtype.hpp (hosted only): the element types of weight files (safetensors'
// "F32", the JSON fixtures' "float32", ...), their sizes, and the exact widening of the
// 16-bit float formats (IEEE half, bfloat16) to float.
#ifndef CONSTFORMER_IO_DTYPE_HPP
#define CONSTFORMER_IO_DTYPE_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/dtype.hpp needs a hosted standard library"
#endif

#include <bit>          // std::bit_cast
#include <cmath>        // std::isfinite, std::isinf
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint16_t, std::uint32_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::is_same_v

#include "constformer/io/detail/text.hpp"  // cat, number_text

namespace constformer::io {

//! The element type of a tensor in a weight file. The enumerators cover every dtype of the
//! safetensors format (so any valid file parses); only the floating-point ones (`f16`,
//! `bf16`, `f32`, `f64`) can be loaded into a module. `unspecified` is a JSON tensor without
//! a `"dtype"` field: decimal numbers, converted to the parameter's type when loaded.
//! \code
//! static_assert(cf::io::element_size(cf::io::dtype::bf16) == 2);
//! static_assert(cf::io::safetensors_name(cf::io::dtype::f32) == "F32");
//! \endcode
enum class dtype : unsigned char {
  unspecified,  //!< JSON only: no "dtype" field, plain decimal numbers
  f16,          //!< IEEE 754 binary16 ("F16", "float16")
  bf16,         //!< bfloat16 ("BF16", "bfloat16")
  f32,          //!< IEEE 754 binary32 ("F32", "float32")
  f64,          //!< IEEE 754 binary64 ("F64", "float64")
  f8_e4m3,      //!< 8-bit float, 4 exponent bits ("F8_E4M3"); not loadable
  f8_e5m2,      //!< 8-bit float, 5 exponent bits ("F8_E5M2"); not loadable
  i8,           //!< signed 8-bit integer ("I8", "int8")
  i16,          //!< signed 16-bit integer ("I16", "int16")
  i32,          //!< signed 32-bit integer ("I32", "int32")
  i64,          //!< signed 64-bit integer ("I64", "int64")
  u8,           //!< unsigned 8-bit integer ("U8", "uint8")
  u16,          //!< unsigned 16-bit integer ("U16")
  u32,          //!< unsigned 32-bit integer ("U32")
  u64,          //!< unsigned 64-bit integer ("U64")
  boolean,      //!< one byte per element ("BOOL")
};

namespace detail {
struct dtype_names {
  dtype type;
  std::string_view safetensors, torch;
  std::size_t size;
};
inline constexpr dtype_names dtype_table[] = {
    {dtype::unspecified, "", "", 8},  {dtype::f16, "F16", "float16", 2},
    {dtype::bf16, "BF16", "bfloat16", 2}, {dtype::f32, "F32", "float32", 4},
    {dtype::f64, "F64", "float64", 8},    {dtype::f8_e4m3, "F8_E4M3", "float8_e4m3fn", 1},
    {dtype::f8_e5m2, "F8_E5M2", "float8_e5m2", 1}, {dtype::i8, "I8", "int8", 1},
    {dtype::i16, "I16", "int16", 2},      {dtype::i32, "I32", "int32", 4},
    {dtype::i64, "I64", "int64", 8},      {dtype::u8, "U8", "uint8", 1},
    {dtype::u16, "U16", "uint16", 2},     {dtype::u32, "U32", "uint32", 4},
    {dtype::u64, "U64", "uint64", 8},     {dtype::boolean, "BOOL", "bool", 1},
};
}  // namespace detail

//! Bytes per element of `t` in a safetensors data section (8 for `unspecified`, whose values
//! are held as double).
//! \code
//! static_assert(cf::io::element_size(cf::io::dtype::f64) == 8);
//! \endcode
constexpr std::size_t element_size(dtype t) noexcept { return detail::dtype_table[static_cast<int>(t)].size; }

//! The safetensors spelling of `t` ("F32", "BF16", ...; empty for `unspecified`).
//! \code
//! static_assert(cf::io::safetensors_name(cf::io::dtype::bf16) == "BF16");
//! \endcode
constexpr std::string_view safetensors_name(dtype t) noexcept {
  return detail::dtype_table[static_cast<int>(t)].safetensors;
}

//! The torch spelling of `t`, as the JSON fixtures write it ("float32", "int64", ...; empty
//! for `unspecified`).
//! \code
//! static_assert(cf::io::torch_name(cf::io::dtype::f32) == "float32");
//! \endcode
constexpr std::string_view torch_name(dtype t) noexcept { return detail::dtype_table[static_cast<int>(t)].torch; }

//! True for the dtypes that can be loaded into a `float` or `double` parameter.
//! \code
//! static_assert(cf::io::is_loadable_float(cf::io::dtype::f16) && !cf::io::is_loadable_float(cf::io::dtype::i64));
//! \endcode
constexpr bool is_loadable_float(dtype t) noexcept {
  return t == dtype::f16 || t == dtype::bf16 || t == dtype::f32 || t == dtype::f64 || t == dtype::unspecified;
}

//! The exact float value of the IEEE 754 binary16 bit pattern `bits` (every half value,
//! subnormals and infinities included, is a float value). A NaN keeps its sign and payload
//! and comes out quiet, as x86's F16C conversion and torch's `.float()` give it.
//! \code
//! static_assert(cf::io::half_to_float(0x3C00) == 1.0f && cf::io::half_to_float(0x0001) == 0x1p-24f);
//! \endcode
constexpr float half_to_float(std::uint16_t bits) noexcept {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
  const std::uint32_t mantissa = bits & 0x3FFu;
  std::uint32_t out = 0;
  if (exponent == 0x1F) {
    out = sign | 0x7F800000u | (mantissa << 13) | (mantissa != 0 ? 0x00400000u : 0u);  // inf; NaN made quiet
  } else if (exponent != 0) {
    out = sign | ((exponent + 112u) << 23) | (mantissa << 13);  // 112 = 127 - 15
  } else {
    // Zero or subnormal: mantissa * 2^-24, exact in float (a normal float from 2^-24 up).
    out = sign | std::bit_cast<std::uint32_t>(static_cast<float>(mantissa) * 0x1p-24f);
  }
  return std::bit_cast<float>(out);
}

//! The exact float value of the bfloat16 bit pattern `bits` (the upper half of a float).
//! \code
//! static_assert(cf::io::bfloat16_to_float(0x3F80) == 1.0f);
//! \endcode
constexpr float bfloat16_to_float(std::uint16_t bits) noexcept {
  return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}

namespace detail {

// Why a tensor of dtype `from` cannot be loaded into parameters of type T; empty when it can.
// Widening is always allowed; float64 into float only with `allow_narrowing`.
template <class T>
std::string conversion_refusal(dtype from, bool allow_narrowing) {
  if (!is_loadable_float(from))
    return cat("dtype ", std::string(torch_name(from)), " cannot be loaded into a floating-point parameter");
  if (std::is_same_v<T, float> && from == dtype::f64 && !allow_narrowing)
    return "float64 values would be rounded to float32; allow narrowing to load them";
  return {};
}

// True when loading `from` into T needs a value-by-value check (overflow to infinity, or a
// nonzero value flushed to zero): float64 narrowed to float, and undeclared JSON decimals.
template <class T>
constexpr bool needs_value_check(dtype from) noexcept {
  return std::is_same_v<T, float> && (from == dtype::f64 || from == dtype::unspecified);
}

// Why the double `v` is not representable as T ("overflows" / "underflows to zero in"); empty if it is.
// (IEEE conversion rounds to nearest and gives infinity past the largest finite value.)
template <class T>
inline std::string_view value_refusal(double v) noexcept {
  if (!std::isfinite(v)) return {};
  const T t = static_cast<T>(v);
  if (std::isinf(t)) return "overflows";
  if (t == 0 && v != 0) return "underflows to zero in";
  return {};
}

// The check behind every `check_into<T>`: the dtype rule, then (when needed) each of the
// `count` values get(i), as double.
template <class T, class Get>
std::string check_values(dtype from, bool allow_narrowing, std::size_t count, Get get) {
  std::string why = conversion_refusal<T>(from, allow_narrowing);
  if (!why.empty() || !needs_value_check<T>(from)) return why;
  for (std::size_t i = 0; i < count; ++i) {
    const double v = get(i);
    const std::string_view bad = value_refusal<T>(v);
    if (!bad.empty())
      return cat("value ", number_text(v), " at index ", std::to_string(i), " ", std::string(bad), " ", std::string(torch_name(std::is_same_v<T, float> ? dtype::f32 : dtype::f64)));
  }
  return {};
}

}  // namespace detail

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_DTYPE_HPP
