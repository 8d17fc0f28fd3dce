// constformer/model/safetensors.hpp: reads a safetensors file from bytes in memory (an array
// made by `#embed`, `xxd -i` or `constformer_embed_binary`, or a buffer at run time) and loads
// a module's named parameters from it, in constant evaluation and at run time alike. No heap,
// no exceptions: freestanding builds (firmware) can use it. In a constant expression, a
// missing or mismatched tensor is a compile error that names the tensor
// (`load_safetensors_or_fail`).
#ifndef CONSTFORMER_MODEL_SAFETENSORS_HPP
#define CONSTFORMER_MODEL_SAFETENSORS_HPP

#include <array>        // std::data, std::size (also declared here, without <iterator>'s weight)
#include <bit>          // std::bit_cast, std::bit_width
#include <cstddef>      // std::size_t, std::byte
#include <cstdint>      // std::uint32_t, std::uint64_t
#include <string_view>  // std::string_view
#include <type_traits>  // std::is_same_v, std::remove_cvref_t
#include <utility>      // std::index_sequence

#include "constformer/detail/fp_bits.hpp"  // CONSTFORMER_IS_CONSTANT_EVALUATED
#include "constformer/model/parameters.hpp"

namespace constformer {

//! Element types of the safetensors format. `f16`, `bf16`, `f32` and `f64` can be loaded
//! into `float` or `double` parameters; the others are recognised (their sizes are checked)
//! but not loaded.
//! \code
//! static_assert(cf::safetensors_dtype_size(cf::safetensors_dtype::bf16) == 2);
//! \endcode
enum class safetensors_dtype : unsigned char {
  boolean /*!< BOOL */,
  u8 /*!< U8 */,
  i8 /*!< I8 */,
  f8_e5m2 /*!< F8_E5M2 */,
  f8_e4m3 /*!< F8_E4M3 */,
  f8_e8m0 /*!< F8_E8M0 */,
  i16 /*!< I16 */,
  u16 /*!< U16 */,
  f16 /*!< F16 */,
  bf16 /*!< BF16 */,
  i32 /*!< I32 */,
  u32 /*!< U32 */,
  f32 /*!< F32 */,
  i64 /*!< I64 */,
  u64 /*!< U64 */,
  f64 /*!< F64 */,
  c64 /*!< C64 */,
  none /*!< not a tensor (no dtype yet) */
};

//! Highest tensor rank a header may use (higher ranks are reported as a malformed header).
inline constexpr std::size_t safetensors_max_rank = 8;
//! Longest tensor name an error report keeps (longer names are cut).
inline constexpr std::size_t safetensors_max_name = 255;
//! Most tied weights one `safetensors_options` can list.
inline constexpr std::size_t safetensors_max_ties = 4;

namespace detail {
struct safetensors_dtype_entry {
  std::string_view name;
  std::size_t size;
  std::size_t length;  // name.size(), without a call
};
inline constexpr safetensors_dtype_entry safetensors_dtypes[] = {
    {"BOOL", 1, 4}, {"U8", 1, 2},  {"I8", 1, 2},  {"F8_E5M2", 1, 7}, {"F8_E4M3", 1, 7}, {"F8_E8M0", 1, 7},
    {"I16", 2, 3},  {"U16", 2, 3}, {"F16", 2, 3}, {"BF16", 2, 4},    {"I32", 4, 3},     {"U32", 4, 3},
    {"F32", 4, 3},  {"I64", 8, 3}, {"U64", 8, 3}, {"F64", 8, 3},     {"C64", 8, 3},     {"?", 0, 1}};
static_assert([] {
  for (const auto& d : safetensors_dtypes)
    if (d.length != d.name.size()) return false;
  return true;
}());
}  // namespace detail

//! The dtype's name in a safetensors header, e.g. `"BF16"`.
//! \code
//! static_assert(cf::safetensors_dtype_name(cf::safetensors_dtype::f32) == "F32");
//! \endcode
constexpr std::string_view safetensors_dtype_name(safetensors_dtype d) noexcept {
  return detail::safetensors_dtypes[static_cast<std::size_t>(d)].name;
}

//! Bytes per element of the dtype (`none`: 0).
//! \code
//! static_assert(cf::safetensors_dtype_size(cf::safetensors_dtype::f64) == 8);
//! \endcode
constexpr std::size_t safetensors_dtype_size(safetensors_dtype d) noexcept {
  return detail::safetensors_dtypes[static_cast<std::size_t>(d)].size;
}

//! One tensor's entry in the header: dtype, torch shape, and where its bytes are.
//! `begin` and `end` are the header's `data_offsets`: relative to the start of the data
//! section (`safetensors_view::data_begin()`), `end` exclusive.
//! \code
//! constexpr auto file = cf::parse_safetensors(bytes);  // bytes: an embedded file
//! constexpr cf::safetensors_tensor t = file.find("tok_emb.weight");
//! static_assert(t.found && t.dtype == cf::safetensors_dtype::f32 && t.rank == 2);
//! \endcode
struct safetensors_tensor {
  bool found = false;                               //!< false when `find` found no such tensor
  safetensors_dtype dtype = safetensors_dtype::none;  //!< element type
  std::size_t rank = 0;                             //!< number of dimensions (0: a scalar)
  std::size_t shape[safetensors_max_rank]{};        //!< the dimensions, outermost first
  std::size_t begin = 0;                            //!< first byte, relative to the data section
  std::size_t end = 0;                              //!< one past the last byte, relative to the data section
  //! Number of elements: the product of the dimensions (1 for a scalar).
  constexpr std::size_t element_count() const noexcept {
    std::size_t n = 1;
    for (std::size_t i = 0; i < rank; ++i) n *= shape[i];
    return n;
  }
};

//! What went wrong while reading a file or loading a module.
//! \code
//! cf::safetensors_errc e = cf::parse_safetensors(bytes).error().code;  // ok, truncated, ...
//! \endcode
enum class safetensors_errc : unsigned char {
  ok,               //!< no error
  truncated,        //!< shorter than 8 bytes, or than 8 + the header length it announces
  bad_header,       //!< the header is not the JSON a safetensors header must be (see `at`)
  duplicate_name,   //!< two entries of the header, or of `__metadata__`, have the same name
  bad_offsets,      //!< data_offsets outside the data section, not matching dtype and shape,
                    //!< overlapping, or leaving bytes of the data section unused
  missing_tensor,   //!< a parameter of the module has no tensor (after `prefix` and ties)
  wrong_dtype,      //!< the tensor's dtype cannot be loaded into the parameter's type
  needs_narrowing,  //!< F64 into a `float` parameter without `allow_narrowing`
  wrong_shape       //!< the tensor's shape is not the parameter's torch shape
};

//! The outcome of reading a file or loading a module: `ok()`, or the error code with the
//! tensor concerned, what was expected and what was found. A structural literal type, so it
//! can be a template argument (which is how `load_safetensors_or_fail` turns it into a
//! compile error naming the tensor).
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! cf::safetensors_error e = cf::load_safetensors(mha, bytes);
//! char text[400];
//! if (!e.ok()) std::puts((e.format(text, sizeof text), text));  // missing tensor "W_key.weight"
//! \endcode
struct safetensors_error {
  safetensors_errc code = safetensors_errc::ok;  //!< what went wrong
  std::size_t at = 0;  //!< byte of the file where reading stopped (`truncated`, `bad_header`)
  char tensor[safetensors_max_name + 1]{};  //!< name of the tensor concerned, null-terminated
  std::size_t tensor_size = 0;              //!< length of the name in `tensor`
  safetensors_dtype found_dtype = safetensors_dtype::none;  //!< the tensor's dtype (`wrong_dtype`, `needs_narrowing`)
  std::size_t expected_rank = 0;  //!< the parameter's torch rank (`wrong_shape`)
  std::size_t expected_shape[2]{};  //!< the parameter's torch shape (`wrong_shape`)
  std::size_t found_rank = 0;  //!< the tensor's rank (`wrong_shape`)
  std::size_t found_shape[safetensors_max_rank]{};  //!< the tensor's shape (`wrong_shape`)

  //! True when nothing went wrong.
  constexpr bool ok() const noexcept { return code == safetensors_errc::ok; }
  //! The tensor concerned (empty for `truncated` and `bad_header`).
  constexpr std::string_view tensor_name() const noexcept { return {tensor, tensor_size}; }
  //! Writes a one-line message (null-terminated, cut to `capacity`) such as
  //! `safetensors: tensor "out_proj.bias" has shape [3], expected [2]`; returns its length.
  constexpr std::size_t format(char* out, std::size_t capacity) const noexcept;
};

//! A weight stored under another parameter's name: when the file has no tensor `name`, the
//! tensor `source` is loaded into it (both are state_dict names, `prefix` is added to both).
//! GPT-2 style checkpoints tie `lm_head.weight` to the token embedding this way.
//! \code
//! cf::safetensors_tie tie{.name = "out_head.weight", .source = "tok_emb.weight"};
//! \endcode
struct safetensors_tie {
  char name[max_parameter_name + 1]{};  //!< the parameter that may be absent from the file
  char source[max_parameter_name + 1]{};  //!< the tensor to read in its place
};

//! How `load_safetensors` maps a module onto a file. A structural literal type (it can be a
//! template argument of `load_safetensors_or_fail`); all members have defaults.
//! \code
//! constexpr cf::safetensors_options options{
//!     .prefix = "model.", .ties = {{"out_head.weight", "tok_emb.weight"}}, .allow_narrowing = true};
//! \endcode
struct safetensors_options {
  char prefix[max_parameter_name + 1]{};  //!< prepended to every state_dict name, e.g. `"model."`
  safetensors_tie ties[safetensors_max_ties]{};  //!< tied weights (entries with an empty name are unused)
  bool allow_narrowing = false;  //!< let F64 tensors round to nearest into `float` parameters
};

namespace detail {

template <class Byte>
concept SafetensorsByte = std::is_same_v<Byte, unsigned char> || std::is_same_v<Byte, char> ||
                          std::is_same_v<Byte, signed char> || std::is_same_v<Byte, std::byte>;

constexpr std::size_t c_string_size(const char* s) noexcept {
  std::size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

inline constexpr std::uint32_t st_bad = 0xFFFF'FFFFu;  // "not a code point": malformed input

// Decodes one UTF-8 sequence at p[pos] (pos < end), advancing pos; st_bad when malformed
// (bad lead or continuation byte, overlong form, surrogate, past U+10FFFF, cut short).
template <class Byte>
constexpr std::uint32_t utf8_next(const Byte* p, std::size_t& pos, std::size_t end) noexcept {
  const std::uint32_t c = static_cast<unsigned char>(p[pos++]);
  if (c < 0x80) return c;
  std::size_t more = 0;
  std::uint32_t cp = 0, min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    more = 1, cp = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    more = 2, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    more = 3, cp = c & 0x07, min = 0x10000;
  } else {
    return st_bad;
  }
  for (; more; --more) {
    if (pos >= end) return st_bad;
    const std::uint32_t k = static_cast<unsigned char>(p[pos++]);
    if ((k & 0xC0) != 0x80) return st_bad;
    cp = (cp << 6) | (k & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return st_bad;
  return cp;
}

template <class Byte>
constexpr std::uint32_t hex4(const Byte* p, std::size_t& pos, std::size_t end) noexcept {
  if (end - pos < 4) return st_bad;
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint32_t c = static_cast<unsigned char>(p[pos++]);
    const std::uint32_t d = c >= '0' && c <= '9'   ? c - '0'
                            : c >= 'a' && c <= 'f' ? c - 'a' + 10
                            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                   : 16u;
    if (d == 16u) return st_bad;
    v = v * 16 + d;
  }
  return v;
}

// One character of the inside of a JSON string at p[pos] (pos < end, not the closing quote):
// the code point, after escapes and UTF-8; st_bad for a control character, a bad escape or a
// lone surrogate.
template <class Byte>
constexpr std::uint32_t json_char(const Byte* p, std::size_t& pos, std::size_t end) noexcept {
  const std::uint32_t c = static_cast<unsigned char>(p[pos]);
  if (c < 0x20) return st_bad;
  if (c != '\\') return c < 0x80 ? (++pos, c) : utf8_next(p, pos, end);
  if (++pos >= end) return st_bad;
  switch (static_cast<unsigned char>(p[pos++])) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'u': break;
    default: return st_bad;
  }
  const std::uint32_t u = hex4(p, pos, end);
  if (u == st_bad || (u >= 0xDC00 && u <= 0xDFFF)) return st_bad;
  if (u < 0xD800 || u > 0xDBFF) return u;
  if (end - pos < 2 || static_cast<unsigned char>(p[pos]) != '\\' || static_cast<unsigned char>(p[pos + 1]) != 'u')
    return st_bad;
  pos += 2;
  const std::uint32_t low = hex4(p, pos, end);
  if (low == st_bad || low < 0xDC00 || low > 0xDFFF) return st_bad;
  return 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
}

inline constexpr std::uint64_t fnv_basis = 0xcbf29ce484222325ull, fnv_prime = 0x100000001b3ull;

// A JSON string in the file: its contents' span [begin, end) (without the quotes), whether
// it holds an escape (else its bytes are its UTF-8 text), and an FNV-1a hash of its code
// points (for the duplicate filter).
struct json_span {
  std::size_t begin = 0, end = 0;
  bool escaped = false;
  std::uint64_t hash = 0;
};

// Walks the code points of a JSON string's contents.
template <class Byte>
struct json_chars {
  const Byte* p;
  std::size_t pos, end;
  constexpr bool done() const noexcept { return pos >= end; }
  constexpr std::uint32_t next() noexcept { return json_char(p, pos, end); }
};

// Walks the code points of plain UTF-8 text: `a` then `b` (a prefix and a name).
struct utf8_chars {
  std::string_view a, b;
  std::size_t pos = 0;
  constexpr bool done() const noexcept { return pos >= a.size() + b.size(); }
  constexpr std::uint32_t next() noexcept {
    if (pos < a.size()) {
      std::size_t k = pos;
      const std::uint32_t cp = utf8_next(a.data(), k, a.size());
      pos = k;
      return cp;
    }
    std::size_t k = pos - a.size();
    const std::uint32_t cp = utf8_next(b.data(), k, b.size());
    pos = k + a.size();
    return cp;
  }
};

template <class A, class B>
constexpr bool same_chars(A a, B b) noexcept {
  while (!a.done() && !b.done())
    if (a.next() != b.next()) return false;
  return a.done() && b.done();
}

// The header parser. Every method returns false once the header is found malformed, and
// `fail_at` keeps the first offending byte. The loops over characters are single
// expressions where they can be: the constant evaluators charge per statement and per call
// (Clang) or per expression node (GCC), and a header is read several times.
template <class Byte>
struct json_reader {
  const Byte* p;
  std::size_t pos, end;
  bool failed = false;
  std::size_t fail_at = 0;

  constexpr bool fail() noexcept {
    if (!failed) failed = true, fail_at = pos;
    return false;
  }
  constexpr void ws() noexcept {
    std::uint32_t c = 0;
    while (pos < end && ((c = static_cast<unsigned char>(p[pos])) == ' ' || c == '\n' || c == '\r' || c == '\t')) ++pos;
  }
  // Skips whitespace and consumes `c`, or fails.
  constexpr bool expect(char c) noexcept {
    ws();
    if (pos >= end || static_cast<unsigned char>(p[pos]) != static_cast<unsigned char>(c)) return fail();
    ++pos;
    return true;
  }
  // After whitespace: true and consumes `c` when it is next.
  constexpr bool accept(char c) noexcept {
    ws();
    if (pos < end && static_cast<unsigned char>(p[pos]) == static_cast<unsigned char>(c)) return ++pos, true;
    return false;
  }
  // A string, validated (no control characters, valid escapes and UTF-8).
  constexpr bool string(json_span& s) noexcept {
    if (!expect('"')) return false;
    s.begin = pos;
    s.escaped = false;
    std::uint64_t h = fnv_basis;
    for (;;) {
      std::uint32_t c = 0;
      // Printable ASCII but '"' and '\\': one step per character.
      while (pos < end && (c = static_cast<unsigned char>(p[pos])) != '"' && c != '\\' && c >= 0x20 && c < 0x80)
        h = (h ^ c) * fnv_prime, ++pos;
      if (pos >= end) return fail();
      if (c == '"') break;
      s.escaped = s.escaped || c == '\\';
      const std::uint32_t cp = json_char(p, pos, end);
      if (cp == st_bad) return fail();
      h = (h ^ cp) * fnv_prime;
    }
    s.end = pos++;
    s.hash = h;
    return true;
  }
  // A non-negative integer without sign, fraction, exponent or leading zeros.
  constexpr bool integer(std::size_t& v) noexcept {
    ws();
    const std::size_t start = pos;
    v = 0;
    std::uint32_t c = 0;
    while (pos < end && (c = static_cast<unsigned char>(p[pos])) >= '0' && c <= '9') {
      if (v > (static_cast<std::size_t>(-1) - (c - '0')) / 10) return fail();
      v = v * 10 + (c - '0'), ++pos;
    }
    if (pos == start || (pos - start > 1 && static_cast<unsigned char>(p[start]) == '0')) return pos = start, fail();
    if (pos < end && ((c = static_cast<unsigned char>(p[pos])) == '.' || c == 'e' || c == 'E')) return fail();
    return true;
  }
  // An array of at most `cap` integers.
  constexpr bool integers(std::size_t* out, std::size_t cap, std::size_t& n) noexcept {
    n = 0;
    if (!expect('[')) return false;
    if (accept(']')) return true;
    do {
      if (n == cap) return fail();
      if (!integer(out[n++])) return false;
    } while (accept(','));
    return expect(']');
  }
  constexpr json_chars<Byte> chars(json_span s) const noexcept { return {p, s.begin, s.end}; }
  // True when the string `s` is `a` followed by `b` (UTF-8): byte by byte unless `s` has
  // escapes.
  // (Through pointers: string_view's operator[] and size() are calls, which Clang charges.)
  constexpr bool is(json_span s, std::string_view a, std::string_view b = {}) const noexcept {
    if (s.escaped) return same_chars(chars(s), utf8_chars{a, b});
    const std::size_t an = a.size(), bn = b.size();
    if (s.end - s.begin != an + bn) return false;
    const char* ap = a.data();
    const char* bp = b.data();
    const Byte* q = p + s.begin;
    std::size_t i = 0, j = 0;
    while (i < an && static_cast<unsigned char>(q[i]) == static_cast<unsigned char>(ap[i])) ++i;
    if (i < an) return false;
    while (j < bn && static_cast<unsigned char>(q[an + j]) == static_cast<unsigned char>(bp[j])) ++j;
    return j == bn;
  }
  // True when the strings `s` and `t` of this header are equal.
  constexpr bool same(json_span s, json_span t) const noexcept {
    if (s.hash != t.hash) return false;
    return same_chars(chars(s), chars(t));
  }
  // A tensor entry: {"dtype": ..., "shape": [...], "data_offsets": [b, e]}, each once.
  constexpr bool entry(safetensors_tensor& t) noexcept {
    if (!expect('{')) return false;
    unsigned seen = 0;
    do {
      json_span key{};
      if (!string(key) || !expect(':')) return false;
      unsigned bit = 0;
      if (is(key, std::string_view("dtype", 5))) {  // (lengths given: no strlen loop to evaluate)
        bit = 1;
        json_span d{};
        if (!string(d)) return false;
        std::size_t k = 0;
        const std::size_t length = d.end - d.begin;
        while (k < static_cast<std::size_t>(safetensors_dtype::none) &&
               ((!d.escaped && safetensors_dtypes[k].length != length) || !is(d, safetensors_dtypes[k].name)))
          ++k;
        if (k == static_cast<std::size_t>(safetensors_dtype::none)) return pos = d.begin, fail();
        t.dtype = static_cast<safetensors_dtype>(k);
      } else if (is(key, std::string_view("shape", 5))) {
        bit = 2;
        if (!integers(t.shape, safetensors_max_rank, t.rank)) return false;
      } else if (is(key, std::string_view("data_offsets", 12))) {
        bit = 4;
        std::size_t offsets[2]{}, n = 0;
        if (!integers(offsets, 2, n)) return false;
        if (n != 2) return fail();
        t.begin = offsets[0], t.end = offsets[1];
      } else {
        return pos = key.begin, fail();
      }
      if (seen & bit) return pos = key.begin, fail();
      seen |= bit;
    } while (accept(','));
    if (!expect('}')) return false;
    if (seen != 7) return fail();
    return true;
  }
  // Skips any value of a header that is known to be valid.
  constexpr void skip_value() noexcept {
    ws();
    std::size_t depth = 0;
    do {
      const std::uint32_t c = static_cast<unsigned char>(p[pos]);
      if (c == '"') {
        for (++pos; pos < end && static_cast<unsigned char>(p[pos]) != '"'; ++pos)
          if (static_cast<unsigned char>(p[pos]) == '\\') ++pos;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        --depth;
      }
      ++pos;
    } while (depth && pos < end);
    std::uint32_t c = 0;  // after a number: run to the next delimiter
    while (pos < end && (c = static_cast<unsigned char>(p[pos])) != ',' && c != '}' && c != ']' && c != ' ' &&
           c != '\n' && c != '\r' && c != '\t')
      ++pos;
  }
};

// 1024-bit filter of key hashes: a new key whose bit is already set is compared with the
// earlier keys of its object (rarely: the filter makes duplicate detection linear in
// practice, without storage proportional to the number of keys).
struct seen_filter {
  std::uint64_t bits[16]{};
  constexpr bool test_and_set(std::uint64_t h) noexcept {
    const std::uint64_t k = (h >> 32) ^ h;
    std::uint64_t& word = bits[(k >> 6) & 15];
    const std::uint64_t bit = std::uint64_t{1} << (k & 63);
    const bool was = (word & bit) != 0;
    word |= bit;
    return was;
  }
};

// Writes the code points of `s` as UTF-8 into out[0, cap) (whole characters only) and
// returns the length of the whole text, which may be more than `cap`.
template <class Chars>
constexpr std::size_t utf8_copy(Chars s, char* out, std::size_t cap) noexcept {
  std::size_t size = 0;
  bool cut = false;
  while (!s.done()) {
    const std::uint32_t cp = s.next();
    char buf[4]{};
    std::size_t n = 0;
    if (cp < 0x80) {
      buf[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      buf[n++] = static_cast<char>(0xC0 | (cp >> 6));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      buf[n++] = static_cast<char>(0xE0 | (cp >> 12));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      buf[n++] = static_cast<char>(0xF0 | (cp >> 18));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    cut = cut || size + n > cap;
    for (std::size_t i = 0; i < n && !cut; ++i) out[size + i] = buf[i];
    size += n;
  }
  return size;
}

template <class Byte>
constexpr void copy_name(safetensors_error& e, json_chars<Byte> s) noexcept {
  const std::size_t n = utf8_copy(s, e.tensor, safetensors_max_name);
  e.tensor_size = n < safetensors_max_name ? n : safetensors_max_name;
  while (e.tensor_size && (static_cast<unsigned char>(e.tensor[e.tensor_size - 1]) & 0xC0) == 0x80 &&
         n > safetensors_max_name)
    --e.tensor_size;  // a cut name ends before a partial character
}

constexpr void copy_name(safetensors_error& e, std::string_view a, std::string_view b) noexcept {
  e.tensor_size = 0;
  for (std::string_view s : {a, b})
    for (char c : s)
      if (e.tensor_size < safetensors_max_name) e.tensor[e.tensor_size++] = c;
}

// Text sink for safetensors_error::format.
struct text_out {
  char* out;
  std::size_t capacity, size = 0;
  constexpr void put(char c) noexcept {
    if (size + 1 < capacity) out[size] = c;
    ++size;
  }
  constexpr void put(std::string_view s) noexcept {
    for (char c : s) put(c);
  }
  constexpr void number(std::size_t v) noexcept {
    char digits[24]{};
    std::size_t k = 0;
    do digits[k++] = static_cast<char>('0' + v % 10), v /= 10;
    while (v);
    while (k) put(digits[--k]);
  }
  constexpr void shape(const std::size_t* dims, std::size_t rank) noexcept {
    put('[');
    for (std::size_t i = 0; i < rank; ++i) {
      if (i) put(", ");
      number(dims[i]);
    }
    put(']');
  }
  constexpr std::size_t finish() noexcept {
    if (capacity) out[size < capacity ? size : capacity - 1] = '\0';
    return size < capacity ? size : capacity - 1;
  }
};

}  // namespace detail

constexpr std::size_t safetensors_error::format(char* out, std::size_t capacity) const noexcept {
  detail::text_out t{out, capacity};
  t.put("safetensors: ");
  const std::string_view name = tensor_name();
  switch (code) {
    case safetensors_errc::ok: t.put("ok"); break;
    case safetensors_errc::truncated: t.put("the file is truncated (at byte "), t.number(at), t.put(')'); break;
    case safetensors_errc::bad_header: t.put("malformed header at byte "), t.number(at); break;
    case safetensors_errc::duplicate_name: t.put("duplicate name \""), t.put(name), t.put('"'); break;
    case safetensors_errc::bad_offsets:
      t.put("tensor \""), t.put(name),
          t.put("\": data_offsets outside the data section, not matching dtype and shape, or overlapping");
      break;
    case safetensors_errc::missing_tensor: t.put("missing tensor \""), t.put(name), t.put('"'); break;
    case safetensors_errc::wrong_dtype:
      t.put("tensor \""), t.put(name), t.put("\" has dtype "), t.put(safetensors_dtype_name(found_dtype)),
          t.put(", expected F32, F64, F16 or BF16");
      break;
    case safetensors_errc::needs_narrowing:
      t.put("tensor \""), t.put(name), t.put("\" is F64 and the parameter float: set allow_narrowing");
      break;
    case safetensors_errc::wrong_shape:
      t.put("tensor \""), t.put(name), t.put("\" has shape "), t.shape(found_shape, found_rank), t.put(", expected "),
          t.shape(expected_shape, expected_rank);
      break;
  }
  return t.finish();
}

//! Where a search of `safetensors_view::find` resumes: lookups in the header's order then
//! read each entry once. Opaque; a default-constructed cursor starts at the first entry.
//! \code
//! cf::safetensors_cursor at{};
//! auto wq = file.find("att.", "W_query.weight", at);  // then "W_key.weight" continues from here
//! \endcode
class safetensors_cursor {
  std::size_t pos_ = 0;
  template <class Byte>
  friend class safetensors_view;
};

//! A validated safetensors file in memory: the header length, the JSON header (strictly:
//! objects, strings, integers and arrays; a `__metadata__` map of strings; no duplicate
//! names; dtypes, shapes and data_offsets consistent, inside the data section, without
//! overlaps or unused bytes) and the data section. Built by `parse_safetensors`; holds a
//! pointer to the bytes, which must outlive it. Every member is `constexpr`.
//! Complexity: parsing is linear in the header size; `find` is linear in the header size,
//! and constant per lookup when lookups follow the header's order (see `find`).
//! \code
//! constexpr auto file = cf::parse_safetensors(bytes);
//! static_assert(file.ok() && file.tensor_count() == 5);
//! static_assert(file.find("out_proj.bias").shape[0] == 2);
//! \endcode
template <class Byte>
class safetensors_view {
 public:
  //! Parses and validates `size` bytes at `bytes` (see `parse_safetensors`).
  constexpr safetensors_view(const Byte* bytes, std::size_t size) noexcept : bytes_(bytes), size_(size) { parse(); }

  //! True when the file is valid.
  constexpr bool ok() const noexcept { return error_.ok(); }
  //! Why the file is not valid (`truncated`, `bad_header`, `duplicate_name` or `bad_offsets`).
  constexpr const safetensors_error& error() const noexcept { return error_; }
  //! Number of tensors (entries of the header besides `__metadata__`).
  constexpr std::size_t tensor_count() const noexcept { return tensor_count_; }
  //! Offset of the data section in the file: 8 + the header length.
  constexpr std::size_t data_begin() const noexcept { return data_begin_; }
  //! The whole file.
  constexpr const Byte* bytes() const noexcept { return bytes_; }
  //! Size of the whole file in bytes.
  constexpr std::size_t size() const noexcept { return size_; }

  //! The tensor called `name` (`found` is false when there is none, or the file is not valid).
  constexpr safetensors_tensor find(std::string_view name) const noexcept {
    safetensors_cursor from{};
    return find({}, name, from);
  }

  //! The tensor called `prefix` followed by `name`, searched from `from` round to it again; on
  //! success `from` moves past the entry found, so a series of lookups in the header's order
  //! reads each entry once. Start with a default `safetensors_cursor`.
  constexpr safetensors_tensor find(std::string_view prefix, std::string_view name,
                                    safetensors_cursor& from) const noexcept {
    if (!ok() || tensor_count_ == 0) return {};
    const std::size_t hint = from.pos_ < first_ || from.pos_ >= last_ ? first_ : from.pos_;
    detail::json_reader<Byte> r{bytes_, hint, last_};
    // Two laps: from the hint to the end, then from the start to the hint.
    for (int lap = 0; lap < 2; ++lap) {
      const std::size_t stop = lap == 0 ? last_ : hint;
      if (lap == 1) r.pos = first_;
      while (r.pos < stop) {
        detail::json_span key{};
        r.string(key);
        r.expect(':');
        r.ws();
        if (r.pos != metadata_ && r.is(key, prefix, name)) {
          safetensors_tensor t{};
          r.entry(t);
          t.found = true;
          r.accept(',');
          r.ws();
          from.pos_ = r.pos;
          return t;
        }
        skip_value(r);
        r.accept(',');
        r.ws();
      }
    }
    return {};
  }

  //! Calls `f(name, tensor)` for every tensor in header order; `name` is a `std::string_view`
  //! valid during the call (names longer than `safetensors_max_name` bytes are cut).
  template <class F>
  constexpr void for_each_tensor(F&& f) const {
    if (!ok() || tensor_count_ == 0) return;
    detail::json_reader<Byte> r{bytes_, first_, last_};
    do {
      detail::json_span key{};
      r.string(key);
      r.expect(':');
      r.ws();
      if (r.pos == metadata_) {
        r.skip_value();
        continue;
      }
      safetensors_tensor t{};
      r.entry(t);
      t.found = true;
      safetensors_error name{};
      detail::copy_name(name, r.chars(key));
      f(name.tensor_name(), static_cast<const safetensors_tensor&>(t));
    } while (r.accept(','));
  }

  //! The `__metadata__` value under `key`, decoded into `out` (null-terminated, cut to
  //! `capacity`); returns its length in bytes (which may be `capacity` or more: then the text
  //! is cut), or `npos` when there is no such key.
  constexpr std::size_t metadata(std::string_view key, char* out, std::size_t capacity) const noexcept {
    if (!ok() || metadata_ == 0) return npos;
    detail::json_reader<Byte> r{bytes_, metadata_, last_};
    r.expect('{');
    if (r.accept('}')) return npos;
    do {
      detail::json_span k{}, v{};
      r.string(k);
      r.expect(':');
      r.string(v);
      if (!r.is(k, key)) continue;
      const std::size_t n = capacity ? detail::utf8_copy(r.chars(v), out, capacity - 1) : 0;
      if (capacity) out[n < capacity - 1 ? n : capacity - 1] = '\0';
      return n;
    } while (r.accept(','));
    return npos;
  }

  //! "No such key" (from `metadata`).
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  const Byte* bytes_;
  std::size_t size_;
  std::size_t first_ = 0, last_ = 0;  // after the opening '{', at the closing '}'
  std::size_t data_begin_ = 0;
  std::size_t metadata_ = 0;  // where the __metadata__ value starts (0: none)
  std::size_t tensor_count_ = 0;
  safetensors_error error_{};

  constexpr void fail(safetensors_errc code, std::size_t at) noexcept {
    error_.code = code;
    error_.at = at;
  }

  constexpr void parse() noexcept {
    if (size_ < 8) return fail(safetensors_errc::truncated, size_);
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < 8; ++i) n |= std::uint64_t{static_cast<unsigned char>(bytes_[i])} << (8 * i);
    if (n > size_ - 8) return fail(safetensors_errc::truncated, size_);
    const std::size_t header_end = 8 + static_cast<std::size_t>(n);
    data_begin_ = header_end;
    const std::size_t data_size = size_ - header_end;
    detail::json_reader<Byte> r{bytes_, 8, header_end};
    if (n == 0 || static_cast<unsigned char>(bytes_[8]) != '{') return fail(safetensors_errc::bad_header, 8);
    r.pos = 9;
    first_ = 9;
    detail::seen_filter seen{};
    bool contiguous = true;  // each entry's data follows the previous one's
    std::size_t next_begin = 0, total = 0;
    if (!r.accept('}')) {
      do {
        r.ws();
        const std::size_t key_pos = r.pos;
        detail::json_span key{};
        if (!r.string(key) || !r.expect(':')) break;
        if (seen.test_and_set(key.hash) && repeats(key, key_pos)) {
          fail(safetensors_errc::duplicate_name, key_pos);
          detail::copy_name(error_, r.chars(key));
          return;
        }
        if (r.is(key, std::string_view("__metadata__", 12))) {
          r.ws();
          metadata_ = r.pos;
          if (!string_map(r)) break;
          continue;
        }
        safetensors_tensor t{};
        if (!r.entry(t)) break;
        ++tensor_count_;
        std::size_t count = 1;
        bool overflow = false;
        for (std::size_t i = 0; i < t.rank; ++i) {
          if (t.shape[i] != 0 && count > static_cast<std::size_t>(-1) / t.shape[i]) overflow = true;
          count *= t.shape[i];
        }
        const std::size_t width = safetensors_dtype_size(t.dtype);
        if (overflow || count > static_cast<std::size_t>(-1) / width || t.begin > t.end || t.end > data_size ||
            t.end - t.begin != count * width) {
          fail(safetensors_errc::bad_offsets, key_pos);
          detail::copy_name(error_, r.chars(key));
          return;
        }
        if (t.begin != next_begin) contiguous = false;
        next_begin = t.end;
        total += t.end - t.begin;
      } while (r.accept(','));
      if (!r.failed) r.expect('}');
    }
    if (!error_.ok()) return;  // a duplicate name in __metadata__
    if (r.failed) return fail(safetensors_errc::bad_header, r.fail_at);
    last_ = r.pos - 1;
    r.ws();
    if (r.pos != header_end) return fail(safetensors_errc::bad_header, r.pos);
    // Every byte of the data section belongs to exactly one tensor.
    if (total != data_size || (!contiguous && overlapping())) {
      fail(safetensors_errc::bad_offsets, data_begin_);
      return;
    }
  }

  // {"key": "value", ...}, no duplicate keys.
  constexpr bool string_map(detail::json_reader<Byte>& r) noexcept {
    if (!r.expect('{')) return false;
    const std::size_t start = r.pos;
    if (r.accept('}')) return true;
    detail::seen_filter seen{};
    do {
      r.ws();
      const std::size_t key_pos = r.pos;
      detail::json_span key{}, value{};
      if (!r.string(key) || !r.expect(':') || !r.string(value)) return false;
      if (seen.test_and_set(key.hash)) {
        // Compare with the earlier keys of this map.
        detail::json_reader<Byte> q{bytes_, start, key_pos};
        while (q.pos < key_pos) {
          detail::json_span k{}, v{};
          q.string(k);
          q.expect(':');
          q.string(v);
          q.accept(',');
          q.ws();
          if (q.same(k, key)) {
            fail(safetensors_errc::duplicate_name, key_pos);
            detail::copy_name(error_, r.chars(key));
            r.failed = true;
            return false;
          }
        }
      }
    } while (r.accept(','));
    return r.expect('}');
  }

  // Skips the value of a top-level key of the valid part of the header: an entry holds no '}'
  // but its last character, so one step per character finds its end.
  constexpr void skip_value(detail::json_reader<Byte>& r) const noexcept {
    r.ws();
    if (r.pos == metadata_) return r.skip_value();
    while (r.pos < r.end && static_cast<unsigned char>(bytes_[r.pos++]) != '}') {
    }
  }

  // True when an earlier top-level key equals `key` (which starts at key_pos).
  constexpr bool repeats(detail::json_span key, std::size_t key_pos) const noexcept {
    detail::json_reader<Byte> q{bytes_, first_, key_pos};
    while (q.pos < key_pos) {
      detail::json_span k{};
      q.string(k);
      q.expect(':');
      if (q.same(k, key)) return true;
      skip_value(q);
      q.accept(',');
      q.ws();
    }
    return false;
  }

  // True when two tensors with data share a byte (only asked when the entries are not in
  // data order; quadratic in the number of tensors).
  constexpr bool overlapping() const noexcept {
    bool found = false;
    for_each_tensor([&](std::string_view, const safetensors_tensor& a) {
      if (found || a.begin == a.end) return;
      std::size_t same = 0;
      for_each_tensor([&](std::string_view, const safetensors_tensor& b) {
        if (b.begin < a.end && a.begin < b.end) ++same;
      });
      found = same > 1;
    });
    return found;
  }
};

//! Parses and validates a safetensors file held in memory: `bytes` is an array of
//! `unsigned char`, `char`, `signed char` or `std::byte` (what `#embed`, `xxd -i` and
//! `constformer_embed_binary` produce), or any contiguous range of them (`std::span`,
//! `std::array`), or a pointer and a size. Check `ok()` before use.
//! \code
//! static constexpr unsigned char bytes[] = {
//! #embed "weights.safetensors"
//! };
//! constexpr auto file = cf::parse_safetensors(bytes);
//! static_assert(file.ok(), "not a valid safetensors file");
//! \endcode
template <class Byte>
  requires detail::SafetensorsByte<Byte>
constexpr safetensors_view<Byte> parse_safetensors(const Byte* bytes, std::size_t size) noexcept {
  return safetensors_view<Byte>(bytes, size);
}

//! \overload
template <class Bytes>
  requires requires(const Bytes& b) {
    { std::data(b) };
    { std::size(b) };
    requires detail::SafetensorsByte<std::remove_cvref_t<decltype(*std::data(b))>>;
  }
constexpr auto parse_safetensors(const Bytes& bytes) noexcept {
  return parse_safetensors(std::data(bytes), std::size(bytes));
}

namespace detail {

template <class T>
using uint_of = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

// Little-endian integers at p[i] (functional casts: Byte may be std::byte).
template <class Byte>
constexpr std::uint32_t le16(const Byte* p, std::size_t i) noexcept {
  using B = unsigned char;
  return std::uint32_t{B(p[i])} | std::uint32_t{B(p[i + 1])} << 8;
}
template <class Byte>
constexpr std::uint32_t le32(const Byte* p, std::size_t i) noexcept {
  using B = unsigned char;
  return std::uint32_t{B(p[i])} | std::uint32_t{B(p[i + 1])} << 8 | std::uint32_t{B(p[i + 2])} << 16 |
         std::uint32_t{B(p[i + 3])} << 24;
}
template <class Byte>
constexpr std::uint64_t le64(const Byte* p, std::size_t i) noexcept {
  return std::uint64_t{le32(p, i)} | std::uint64_t{le32(p, i + 4)} << 32;
}

// The IEEE binary format with `ExpBits` exponent and `ManBits` stored significand bits whose
// encoding is `bits`, widened exactly to T (every value of the narrower format is a value of
// T: F16, BF16 into float, and those and F32 into double). Integer operations only, so
// infinities, NaNs and subnormals need no floating-point arithmetic. A NaN keeps its sign and
// payload and comes out quiet, as the hardware's conversions and torch's give it.
template <class T, int ExpBits, int ManBits>
constexpr T widen(std::uint64_t bits) noexcept {
  using U = uint_of<T>;
  constexpr int t_man = sizeof(T) == 4 ? 23 : 52, t_exp = sizeof(T) == 4 ? 8 : 11;
  constexpr int s_bias = (1 << (ExpBits - 1)) - 1, t_bias = (1 << (t_exp - 1)) - 1;
  const U sign = static_cast<U>((bits >> (ExpBits + ManBits)) & 1) << (t_man + t_exp);
  const int e = static_cast<int>((bits >> ManBits) & ((1u << ExpBits) - 1));
  const U m = static_cast<U>(bits & ((std::uint64_t{1} << ManBits) - 1));
  if (e == (1 << ExpBits) - 1)  // infinity, NaN (made quiet)
    return std::bit_cast<T>(static_cast<U>(sign | (U{(1u << t_exp) - 1} << t_man) | (m << (t_man - ManBits)) |
                                           (m != 0 ? U{1} << (t_man - 1) : U{0})));
  if (e != 0)
    return std::bit_cast<T>(
        static_cast<U>(sign | (static_cast<U>(e - s_bias + t_bias) << t_man) | (m << (t_man - ManBits))));
  if (m == 0 || s_bias == t_bias)  // zero; or a subnormal that stays one (BF16 into float)
    return std::bit_cast<T>(static_cast<U>(sign | (m << (t_man - ManBits))));
  // A subnormal of the narrow format is a normal number of T.
  const int top = static_cast<int>(std::bit_width(m)) - 1;  // m = 2^top + rest
  const U rest = m - (U{1} << top);
  return std::bit_cast<T>(
      static_cast<U>(sign | (static_cast<U>(top + 1 - s_bias - ManBits + t_bias) << t_man) | (rest << (t_man - top))));
}

// A double's encoding rounded to nearest-even float (overflow to infinity), with integer
// operations only.
constexpr float narrow(std::uint64_t bits) noexcept {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits >> 63) << 31;
  const int e = static_cast<int>((bits >> 52) & 0x7FF);
  const std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
  if (e == 0x7FF)  // infinity; NaN keeps its top payload bits and stays a NaN
    return std::bit_cast<float>(sign | 0x7F80'0000u | static_cast<std::uint32_t>(m >> 29) | (m ? 0x0040'0000u : 0u));
  const int fe = e - 1023 + 127;  // float exponent field, if normal
  const std::uint64_t full = e ? (m | std::uint64_t{1} << 52) : m;
  const int shift = fe >= 1 ? 29 : 29 + 1 - fe;  // bits to drop
  if (shift >= 54) return std::bit_cast<float>(sign);  // below half the smallest subnormal
  std::uint64_t q = full >> shift;
  const std::uint64_t rem = full & ((std::uint64_t{1} << shift) - 1), half = std::uint64_t{1} << (shift - 1);
  if (rem > half || (rem == half && (q & 1))) ++q;
  std::uint64_t out = fe >= 1 ? (static_cast<std::uint64_t>(fe - 1) << 23) + q : q;
  if (out >= 0x7F80'0000u) out = 0x7F80'0000u;
  return std::bit_cast<float>(sign | static_cast<std::uint32_t>(out));
}

// Element `i` of a tensor of dtype D starting at p, as T: one expression per case, with the
// exact integer conversions (`widen`, `narrow`) only for the rare encodings (infinities,
// NaNs, subnormals) and for F64 into float.
template <class T, safetensors_dtype D, class Byte>
constexpr T decode(const Byte* p, std::size_t i) noexcept {
  using U = uint_of<T>;
  constexpr int t_man = sizeof(T) == 4 ? 23 : 52, t_bias = sizeof(T) == 4 ? 127 : 1023;
  if constexpr (D == safetensors_dtype::f32 && sizeof(T) == 4) {
    return std::bit_cast<T>(le32(p, 4 * i));
  } else if constexpr (D == safetensors_dtype::f64 && sizeof(T) == 8) {
    return std::bit_cast<T>(le64(p, 8 * i));
  } else if constexpr (D == safetensors_dtype::bf16 && sizeof(T) == 4) {
    return std::bit_cast<T>(le16(p, 2 * i) << 16);
  } else if constexpr (D == safetensors_dtype::f16) {  // normal numbers: rebias the exponent
    return ((le16(p, 2 * i) >> 10) & 31) - 1u < 30u
               ? std::bit_cast<T>(static_cast<U>(static_cast<U>(le16(p, 2 * i) >> 15) << (sizeof(T) * 8 - 1) |
                                                 static_cast<U>(((le16(p, 2 * i) >> 10) & 31) + t_bias - 15) << t_man |
                                                 static_cast<U>(le16(p, 2 * i) & 0x3FF) << (t_man - 10)))
               : widen<T, 5, 10>(le16(p, 2 * i));
  } else if constexpr (D == safetensors_dtype::bf16) {  // into double: finite floats convert exactly
    return (le16(p, 2 * i) & 0x7F80) != 0x7F80 ? static_cast<T>(std::bit_cast<float>(le16(p, 2 * i) << 16))
                                               : widen<T, 8, 7>(le16(p, 2 * i));
  } else if constexpr (D == safetensors_dtype::f32) {  // into double
    return (le32(p, 4 * i) & 0x7F80'0000u) != 0x7F80'0000u ? static_cast<T>(std::bit_cast<float>(le32(p, 4 * i)))
                                                           : widen<T, 8, 23>(le32(p, 4 * i));
  } else {  // F64 into float
    return narrow(le64(p, 8 * i));
  }
}

// Constant evaluation: elements [i, i + sizeof...(K)) of a matrix (row-major, across rows) in
// one fold expression, and for F32, F64 and BF16 into the same width without a call per
// element: the evaluators charge per statement and call (Clang) or per expression node (GCC).
// __builtin_bit_cast is std::bit_cast without the call, which Clang charges two steps for.
template <class T, safetensors_dtype D, std::size_t Rows, std::size_t Cols, class Byte, std::size_t... K>
constexpr void decode_block(matrix<T, Rows, Cols>& m, const Byte* p, std::size_t i,
                            std::index_sequence<K...>) noexcept {
  using B = unsigned char;
  using W = std::uint32_t;
  using D64 = std::uint64_t;
  if constexpr (D == safetensors_dtype::f32 && sizeof(T) == 4)
    ((m.elems[(i + K) / Cols][(i + K) % Cols] =
          __builtin_bit_cast(T, W{B(p[4 * (i + K)])} | W{B(p[4 * (i + K) + 1])} << 8 | W{B(p[4 * (i + K) + 2])} << 16 |
                                    W{B(p[4 * (i + K) + 3])} << 24)),
     ...);
  else if constexpr (D == safetensors_dtype::f64 && sizeof(T) == 8)
    ((m.elems[(i + K) / Cols][(i + K) % Cols] =
          __builtin_bit_cast(T, D64{W{B(p[8 * (i + K)])} | W{B(p[8 * (i + K) + 1])} << 8 |
                                    W{B(p[8 * (i + K) + 2])} << 16 | W{B(p[8 * (i + K) + 3])} << 24} |
                                    D64{W{B(p[8 * (i + K) + 4])} | W{B(p[8 * (i + K) + 5])} << 8 |
                                        W{B(p[8 * (i + K) + 6])} << 16 | W{B(p[8 * (i + K) + 7])} << 24}
                                        << 32)),
     ...);
  else if constexpr (D == safetensors_dtype::bf16 && sizeof(T) == 4)
    ((m.elems[(i + K) / Cols][(i + K) % Cols] =
          __builtin_bit_cast(T, W{B(p[2 * (i + K)])} << 16 | W{B(p[2 * (i + K) + 1])} << 24)),
     ...);
  else ((m.elems[(i + K) / Cols][(i + K) % Cols] = decode<T, D>(p, i + K)), ...);
}

// Constant evaluation: a whole matrix, 64 elements per fold expression.
template <class T, safetensors_dtype D, std::size_t Rows, std::size_t Cols, class Byte>
constexpr void decode_matrix(matrix<T, Rows, Cols>& m, const Byte* p) noexcept {
  constexpr std::size_t n = Rows * Cols, block = n < 64 ? n : 64;
  std::size_t i = 0;
  for (; i + block <= n; i += block) decode_block<T, D>(m, p, i, std::make_index_sequence<block>{});
  if constexpr (n % block != 0) decode_block<T, D>(m, p, i, std::make_index_sequence<n % block>{});
}

// Run time: `n` elements, one function for every shape (small code on firmware).
template <class T, class Byte>
constexpr void decode_n(T* out, const Byte* p, std::size_t n, safetensors_dtype d) noexcept {
  switch (d) {
    case safetensors_dtype::f32:
      for (std::size_t i = 0; i < n; ++i) out[i] = decode<T, safetensors_dtype::f32>(p, i);
      break;
    case safetensors_dtype::f64:
      for (std::size_t i = 0; i < n; ++i) out[i] = decode<T, safetensors_dtype::f64>(p, i);
      break;
    case safetensors_dtype::f16:
      for (std::size_t i = 0; i < n; ++i) out[i] = decode<T, safetensors_dtype::f16>(p, i);
      break;
    default:
      for (std::size_t i = 0; i < n; ++i) out[i] = decode<T, safetensors_dtype::bf16>(p, i);
      break;
  }
}

template <class T, std::size_t Rows, std::size_t Cols, class Byte>
constexpr void decode_into(matrix<T, Rows, Cols>& leaf, safetensors_dtype d, const Byte* p) noexcept {
  if (!CONSTFORMER_IS_CONSTANT_EVALUATED()) {
    const std::size_t stride = safetensors_dtype_size(d) * Cols;
    for (std::size_t r = 0; r < Rows; ++r) decode_n(leaf.elems[r], p + r * stride, Cols, d);
  } else if (d == safetensors_dtype::f32) {
    decode_matrix<T, safetensors_dtype::f32>(leaf, p);
  } else if (d == safetensors_dtype::f64) {
    decode_matrix<T, safetensors_dtype::f64>(leaf, p);
  } else if (d == safetensors_dtype::f16) {
    decode_matrix<T, safetensors_dtype::f16>(leaf, p);
  } else {
    decode_matrix<T, safetensors_dtype::bf16>(leaf, p);
  }
}

constexpr std::string_view text_of(const char* buffer) noexcept { return {buffer, c_string_size(buffer)}; }

// The tensor for parameter `name`: `prefix + name`, or the source of a tie on `name`.
template <class Byte>
constexpr safetensors_tensor resolve(const safetensors_view<Byte>& file, const safetensors_options& options,
                                     std::string_view name, safetensors_cursor& hint) noexcept {
  const std::string_view prefix = text_of(options.prefix);
  safetensors_tensor t = file.find(prefix, name, hint);
  for (std::size_t i = 0; !t.found && i < safetensors_max_ties; ++i)
    if (options.ties[i].name[0] != '\0' && text_of(options.ties[i].name) == name)
      t = file.find(prefix, text_of(options.ties[i].source), hint);
  return t;
}

// Whether the tensor `t` found for the parameter of type L called `name` (torch rank `rank`;
// 0: either [Cols] or [1, Cols]) loads into it: found, of a dtype that loads into L's type, of
// L's shape. If not, `e` says why.
template <class L>
constexpr bool check_leaf(const safetensors_tensor& t, const safetensors_options& options, std::string_view name,
                          std::size_t rank, safetensors_error& e) noexcept {
  using T = typename L::value_type;
  const safetensors_dtype d = t.dtype;
  if (!t.found) e.code = safetensors_errc::missing_tensor;
  else if (d == safetensors_dtype::f64 && sizeof(T) == 4 && !options.allow_narrowing)
    e.code = safetensors_errc::needs_narrowing;
  else if (d != safetensors_dtype::f32 && d != safetensors_dtype::f64 && d != safetensors_dtype::f16 &&
           d != safetensors_dtype::bf16)
    e.code = safetensors_errc::wrong_dtype;
  else if (!((rank != 2 && L::rows == 1 && t.rank == 1 && t.shape[0] == L::cols) ||
             (rank != 1 && t.rank == 2 && t.shape[0] == L::rows && t.shape[1] == L::cols)))
    e.code = safetensors_errc::wrong_shape;
  if (e.ok()) return true;
  copy_name(e, text_of(options.prefix), name);
  e.found_dtype = d;
  e.expected_rank = rank == 1 ? 1 : 2;
  e.expected_shape[0] = rank == 1 ? L::cols : L::rows;
  e.expected_shape[1] = L::cols;
  e.found_rank = t.rank;
  for (std::size_t i = 0; i < t.rank; ++i) e.found_shape[i] = t.shape[i];
  return false;
}

template <class L, class Byte>
constexpr void decode_into(L& leaf, const safetensors_view<Byte>& file, const safetensors_tensor& t) noexcept {
  decode_into(leaf, t.dtype, file.bytes() + file.data_begin() + t.begin);
}

}  // namespace detail

//! Loads every parameter of the module `m` from a safetensors file: for each state_dict name
//! (`cf::parameter_infos`), the tensor `options.prefix + name` (or, when absent, the source of
//! a tie on that name) must have dtype F32, F64 (into `float` only with `allow_narrowing`),
//! F16 or BF16, and the parameter's torch shape ([out, in] for a weight, [out] for a bias);
//! its little-endian bytes are decoded to the parameter's type exactly (F16, BF16 and F32
//! widen without rounding; F64 narrows to nearest-even). Extra tensors are ignored. Returns
//! the first error, and then leaves `m` unchanged: every tensor is checked before any is
//! written. Works in constant evaluation and at run time, without heap or exceptions.
//! Complexity: linear in the header and the number of parameters when the file lists the
//! tensors in state_dict order (as torch writes them); see docs/compile-time-weights.md for
//! the constant-evaluation cost.
//! \code
//! constexpr auto mha = [] {
//!   cf::multi_head_attention<float, 3, 2, 6, 2> m{};
//!   if (!cf::load_safetensors(m, bytes).ok()) throw "bad weights";  // compile error if reached
//!   return m;
//! }();
//! \endcode
template <class M, class Byte>
constexpr safetensors_error load_safetensors(M& m, const safetensors_view<Byte>& file,
                                             const safetensors_options& options = {}) noexcept {
  if (!file.ok()) return file.error();
  constexpr auto infos = parameter_infos<std::remove_cvref_t<M>>();
  safetensors_error e{};
  safetensors_cursor at{};
  std::size_t index = 0;
  if (CONSTFORMER_IS_CONSTANT_EVALUATED()) {  // one lookup per tensor, into a copy (free here)
    std::remove_cvref_t<M> copy = m;
    for_each_parameter(copy, [&](std::string_view name, auto& leaf) {
      const safetensors_tensor t = detail::resolve(file, options, name, at);
      if (e.ok() && detail::check_leaf<std::remove_cvref_t<decltype(leaf)>>(t, options, name, infos[index].rank, e))
        detail::decode_into(leaf, file, t);
      ++index;  // parameter_infos has for_each_parameter's order
    });
    if (e.ok()) m = copy;
    return e;
  }
  for_each_parameter(m, [&](std::string_view name, auto& leaf) {  // check everything first
    if (e.ok())
      detail::check_leaf<std::remove_cvref_t<decltype(leaf)>>(detail::resolve(file, options, name, at), options, name,
                                                              infos[index].rank, e);
    ++index;
  });
  if (!e.ok()) return e;
  at = safetensors_cursor{};
  for_each_parameter(m, [&](std::string_view name, auto& leaf) {
    detail::decode_into(leaf, file, detail::resolve(file, options, name, at));
  });
  return e;
}

//! \overload
template <class M, class Bytes>
  requires requires(const Bytes& b) { parse_safetensors(b); }
constexpr safetensors_error load_safetensors(M& m, const Bytes& bytes,
                                             const safetensors_options& options = {}) noexcept {
  return load_safetensors(m, parse_safetensors(bytes), options);
}

//! Loads the one tensor `name` (after `options.prefix`, or a tie's source) of `file` into the
//! matrix `out`, with the checks and decoding of `load_safetensors`. The tensor's shape must
//! be [Rows, Cols], or [Cols] when `Rows` is 1. `at` (optional) resumes the search where the
//! previous lookup ended: loading tensors in the header's order then reads each entry once.
//! `out` is unchanged on error.
//! \code
//! constexpr auto file = cf::parse_safetensors(bytes);
//! constexpr auto wte = [] {
//!   cf::matrix<float, 64, 32> m{};
//!   return cf::load_safetensors_tensor(m, file, "tok_emb.weight").ok() ? m : throw "no tok_emb";
//! }();
//! \endcode
template <class T, std::size_t Rows, std::size_t Cols, class Byte>
constexpr safetensors_error load_safetensors_tensor(matrix<T, Rows, Cols>& out, const safetensors_view<Byte>& file,
                                                    std::string_view name, const safetensors_options& options = {},
                                                    safetensors_cursor* at = nullptr) noexcept {
  if (!file.ok()) return file.error();
  safetensors_cursor start{};
  safetensors_error e{};
  const safetensors_tensor t = detail::resolve(file, options, name, at ? *at : start);
  if (detail::check_leaf<matrix<T, Rows, Cols>>(t, options, name, 0, e)) detail::decode_into(out, file, t);
  return e;
}

//! A module and the outcome of loading it (see `load_safetensors_as`).
template <class M>
struct safetensors_loaded {
  M model{};  //!< the module, all zeros unless `error.ok()`
  safetensors_error error;  //!< what went wrong, if anything
};

//! A module of type `M` loaded from `bytes` (as `load_safetensors`), with the outcome.
//! \code
//! constexpr auto r = cf::load_safetensors_as<cf::multi_head_attention<float, 3, 2, 6, 2>>(bytes);
//! static_assert(r.error.ok());
//! \endcode
template <class M, class Bytes>
constexpr safetensors_loaded<M> load_safetensors_as(const Bytes& bytes,
                                                    const safetensors_options& options = {}) noexcept {
  safetensors_loaded<M> r{};
  r.error = load_safetensors(r.model, bytes, options);
  return r;
}

namespace detail {

// The diagnostics of load_safetensors_or_fail: calls to these functions, which are not
// constexpr, stop constant evaluation, and the compilers print their template arguments.
template <char... C>
struct tensor_name {};
template <std::size_t... Dims>
struct shape {};
template <char... C>
struct dtype_name {};
template <std::size_t Byte>
struct at_byte {};

template <class Name>
void safetensors_missing_tensor(Name) noexcept {}
template <class Name, class Found>
void safetensors_wrong_dtype(Name, Found) noexcept {}
template <class Name, class Found>
void safetensors_f64_into_float_needs_allow_narrowing(Name, Found) noexcept {}
template <class Name, class Expected, class Found>
void safetensors_wrong_shape(Name, Expected, Found) noexcept {}
template <class Name>
void safetensors_bad_data_offsets(Name) noexcept {}
template <class Name>
void safetensors_duplicate_name(Name) noexcept {}
template <class At>
void safetensors_malformed_header(At) noexcept {}
template <class At>
void safetensors_truncated_file(At) noexcept {}

template <safetensors_error E, std::size_t... N, std::size_t... D, std::size_t... F, std::size_t... S>
constexpr void report(std::index_sequence<N...>, std::index_sequence<D...>, std::index_sequence<F...>,
                      std::index_sequence<S...>) noexcept {
  using name = tensor_name<E.tensor[N]...>;
  if constexpr (E.code == safetensors_errc::missing_tensor) safetensors_missing_tensor(name{});
  else if constexpr (E.code == safetensors_errc::wrong_dtype)
    safetensors_wrong_dtype(name{}, dtype_name<safetensors_dtype_name(E.found_dtype)[D]...>{});
  else if constexpr (E.code == safetensors_errc::needs_narrowing)
    safetensors_f64_into_float_needs_allow_narrowing(name{}, dtype_name<safetensors_dtype_name(E.found_dtype)[D]...>{});
  else if constexpr (E.code == safetensors_errc::wrong_shape)
    safetensors_wrong_shape(name{}, shape<E.expected_shape[S]...>{}, shape<E.found_shape[F]...>{});
  else if constexpr (E.code == safetensors_errc::bad_offsets) safetensors_bad_data_offsets(name{});
  else if constexpr (E.code == safetensors_errc::duplicate_name) safetensors_duplicate_name(name{});
  else if constexpr (E.code == safetensors_errc::bad_header) safetensors_malformed_header(at_byte<E.at>{});
  else if constexpr (E.code == safetensors_errc::truncated) safetensors_truncated_file(at_byte<E.at>{});
}

// The outcome of loading, evaluated once per specialization (a constexpr local of the
// consteval function would be evaluated again by each evaluation of the call on Clang).
template <class M, const auto& Bytes, safetensors_options Options>
inline constexpr safetensors_loaded<M> loaded_safetensors = load_safetensors_as<M>(Bytes, Options);

// Stops constant evaluation with the diagnostic of E, unless E is ok.
template <safetensors_error E>
constexpr void fail_unless_ok() noexcept {
  if constexpr (!E.ok())
    report<E>(std::make_index_sequence<E.tensor_size>{},
              std::make_index_sequence<safetensors_dtype_name(E.found_dtype).size()>{},
              std::make_index_sequence<E.found_rank>{}, std::make_index_sequence<E.expected_rank>{});
}

}  // namespace detail

//! The module of type `M` loaded from the safetensors file `Bytes` (an object with static
//! storage that `parse_safetensors` accepts: an array from `#embed` or `xxd -i`, or the
//! object `constformer_embed_binary` generates) at compile time. Any error is a compile error
//! whose text names the tensor: the evaluation stops at a call to a function named after the
//! error, `safetensors_missing_tensor`, `safetensors_wrong_dtype`, `safetensors_wrong_shape`,
//! `safetensors_f64_into_float_needs_allow_narrowing`, `safetensors_bad_data_offsets`,
//! `safetensors_duplicate_name`, `safetensors_malformed_header` or
//! `safetensors_truncated_file`, whose template arguments spell the tensor's name
//! (`tensor_name<'o', 'u', 't', ...>`), the expected and found shapes (`shape<2, 3>`) and the
//! dtype found. Loading is one constant evaluation of its own (see
//! docs/compile-time-weights.md for its cost).
//! \code
//! static constexpr unsigned char bytes[] = {
//! #embed "mha.safetensors"
//! };
//! constexpr auto mha = cf::load_safetensors_or_fail<cf::multi_head_attention<float, 3, 2, 6, 2>, bytes>();
//! constexpr auto gpt = cf::load_safetensors_or_fail<gpt_type, gpt_bytes,
//!     cf::safetensors_options{.ties = {{"out_head.weight", "tok_emb.weight"}}}>();
//! \endcode
template <class M, const auto& Bytes, safetensors_options Options = safetensors_options{}>
consteval M load_safetensors_or_fail() {
  detail::fail_unless_ok<detail::loaded_safetensors<M, Bytes, Options>.error>();
  return detail::loaded_safetensors<M, Bytes, Options>.model;
}

//! One tensor of a weights table, as tools/safetensors_to_header.py writes them: the
//! state_dict name, the torch shape and the values (row-major, `float` or `double`).
//! \code
//! constexpr float wq[] = {-0x1.e22a4cp-3f, 0x1.395d2p-6f, -0x1.25a528p-2f,
//!                         0x1.bde1cp-3f, -0x1.f7c8f8p-2f, 0x1.b16e98p-2f};
//! constexpr cf::named_tensor<float> table[] = {{"W_query.weight", 2, {2, 3}, wq}};
//! \endcode
template <class T>
struct named_tensor {
  std::string_view name;  //!< state_dict name, e.g. `"out_proj.bias"`
  std::size_t rank = 0;  //!< number of dimensions
  std::size_t shape[safetensors_max_rank]{};  //!< the dimensions, outermost first
  const T* data = nullptr;  //!< the values, row-major
};

namespace detail {

// The entry of `table` called prefix + name, searched from `at` round to it; as a
// safetensors_tensor (begin: the entry's index).
template <class T, std::size_t N>
constexpr safetensors_tensor find_named(const named_tensor<T> (&table)[N], std::string_view prefix,
                                        std::string_view name, std::size_t& at) noexcept {
  for (std::size_t k = 0; k < N; ++k) {
    const std::size_t i = (at + k) % N;
    const std::string_view n = table[i].name;
    if (n.size() != prefix.size() + name.size() || n.substr(0, prefix.size()) != prefix ||
        n.substr(prefix.size()) != name)
      continue;
    safetensors_tensor t{true, sizeof(T) == 4 ? safetensors_dtype::f32 : safetensors_dtype::f64, table[i].rank};
    for (std::size_t d = 0; d < table[i].rank && d < safetensors_max_rank; ++d) t.shape[d] = table[i].shape[d];
    t.begin = i;
    at = i + 1;
    return t;
  }
  return {};
}

template <class T, std::size_t N>
constexpr safetensors_tensor resolve_named(const named_tensor<T> (&table)[N], const safetensors_options& options,
                                           std::string_view name, std::size_t& at) noexcept {
  const std::string_view prefix = text_of(options.prefix);
  safetensors_tensor t = find_named(table, prefix, name, at);
  for (std::size_t i = 0; !t.found && i < safetensors_max_ties; ++i)
    if (options.ties[i].name[0] != '\0' && text_of(options.ties[i].name) == name)
      t = find_named(table, prefix, text_of(options.ties[i].source), at);
  return t;
}

template <class T, std::size_t Rows, std::size_t Cols, class U, std::size_t... K>
constexpr void copy_block(matrix<T, Rows, Cols>& m, const U* in, std::size_t i, std::index_sequence<K...>) noexcept {
  ((m.elems[(i + K) / Cols][(i + K) % Cols] = static_cast<T>(in[i + K])), ...);
}

// Run time: `n` values, one function for every shape.
template <class T, class U>
constexpr void copy_n(T* out, const U* in, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(in[i]);
}

// Copies (converting) row-major values into a matrix; in constant evaluation 64 elements per
// fold expression, as decode_matrix.
template <class T, std::size_t Rows, std::size_t Cols, class U>
constexpr void copy_into(matrix<T, Rows, Cols>& leaf, const U* values) noexcept {
  if (!CONSTFORMER_IS_CONSTANT_EVALUATED()) {
    for (std::size_t r = 0; r < Rows; ++r) copy_n(leaf.elems[r], values + r * Cols, Cols);
    return;
  }
  constexpr std::size_t n = Rows * Cols, block = n < 64 ? n : 64;
  std::size_t i = 0;
  for (; i + block <= n; i += block) copy_block(leaf, values, i, std::make_index_sequence<block>{});
  if constexpr (n % block != 0) copy_block(leaf, values, i, std::make_index_sequence<n % block>{});
}

}  // namespace detail

//! Loads every parameter of the module `m` from a table of named tensors (the arrays a
//! header from tools/safetensors_to_header.py defines), with the rules of
//! `load_safetensors`: `options.prefix` and ties, the torch shape, `double` values into a
//! `float` parameter only with `allow_narrowing` (rounded to nearest), `float` into `double`
//! exactly. Returns the first error, and then leaves `m` unchanged.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! cf::safetensors_error e = cf::load_named_tensors(mha, weights::my_model_data::table);
//! \endcode
template <class M, class T, std::size_t N>
constexpr safetensors_error load_named_tensors(M& m, const named_tensor<T> (&table)[N],
                                               const safetensors_options& options = {}) noexcept {
  constexpr auto infos = parameter_infos<std::remove_cvref_t<M>>();
  safetensors_error e{};
  std::size_t at = 0, index = 0;
  if (CONSTFORMER_IS_CONSTANT_EVALUATED()) {  // one lookup per tensor, into a copy (free here)
    std::remove_cvref_t<M> copy = m;
    for_each_parameter(copy, [&](std::string_view name, auto& leaf) {
      const safetensors_tensor t = detail::resolve_named(table, options, name, at);
      if (e.ok() && detail::check_leaf<std::remove_cvref_t<decltype(leaf)>>(t, options, name, infos[index].rank, e))
        detail::copy_into(leaf, table[t.begin].data);
      ++index;
    });
    if (e.ok()) m = copy;
    return e;
  }
  for_each_parameter(m, [&](std::string_view name, auto& leaf) {  // check everything first
    if (e.ok())
      detail::check_leaf<std::remove_cvref_t<decltype(leaf)>>(detail::resolve_named(table, options, name, at), options,
                                                              name, infos[index].rank, e);
    ++index;
  });
  if (!e.ok()) return e;
  at = 0;
  for_each_parameter(m, [&](std::string_view name, auto& leaf) {
    detail::copy_into(leaf, table[detail::resolve_named(table, options, name, at).begin].data);
  });
  return e;
}

namespace detail {
template <class M, const auto& Table, safetensors_options Options>
inline constexpr safetensors_loaded<M> loaded_named_tensors = [] {
  safetensors_loaded<M> out{};
  out.error = load_named_tensors(out.model, Table, Options);
  return out;
}();
}  // namespace detail

//! The module of type `M` loaded from the table of named tensors `Table` at compile time,
//! as `load_safetensors_or_fail`: any error is a compile error naming the tensor.
//! \code
//! inline constexpr cf::multi_head_attention<float, 3, 2, 6, 2> my_model =
//!     cf::load_named_tensors_or_fail<cf::multi_head_attention<float, 3, 2, 6, 2>, my_model_data::table>();
//! \endcode
template <class M, const auto& Table, safetensors_options Options = safetensors_options{}>
consteval M load_named_tensors_or_fail() {
  detail::fail_unless_ok<detail::loaded_named_tensors<M, Table, Options>.error>();
  return detail::loaded_named_tensors<M, Table, Options>.model;
}

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_SAFETENSORS_HPP
