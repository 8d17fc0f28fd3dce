// constformer/io/safetensors.hpp (hosted only): reads safetensors files (the format of
// Hugging Face's `safetensors`, written by `tools/export_safetensors.py` from a torch
// state_dict) and loads them into modules. The file is memory-mapped, never copied; the
// header is validated in full (length, JSON, dtypes, shapes, offsets covering the data section
// exactly) before any tensor is exposed, and a load checks every tensor before writing any.
// See docs/weights.md for the format, the options and every error message.
#ifndef CONSTFORMER_IO_SAFETENSORS_HPP
#define CONSTFORMER_IO_SAFETENSORS_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/safetensors.hpp needs a hosted standard library (files, strings)"
#endif

#include <algorithm>    // std::sort, std::lower_bound
#include <bit>          // std::bit_cast, std::endian
#include <cstddef>      // std::size_t, std::byte
#include <cstdint>      // std::uint16_t, std::uint32_t, std::uint64_t
#include <cstring>      // std::memcpy
#include <limits>       // std::numeric_limits
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::is_same_v
#include <utility>      // std::pair, std::move
#include <vector>       // std::vector

#include "constformer/io/detail/json.hpp"         // json_cursor
#include "constformer/io/detail/mapped_file.hpp"  // mapped_file
#include "constformer/io/dtype.hpp"               // dtype, half_to_float, bfloat16_to_float
#include "constformer/io/tensor_file.hpp"         // detail::shape_text
#include "constformer/io/load_parameters.hpp"     // load_options, load_result, load_parameters

namespace constformer::io {

//! Largest header a safetensors file may declare: 100,000,000 bytes (the reference
//! implementation's limit). Checked before the header is read.
//! \code
//! static_assert(cf::io::max_safetensors_header_bytes == 100'000'000);
//! \endcode
inline constexpr std::uint64_t max_safetensors_header_bytes = 100'000'000;

namespace detail {
// Element i of a little-endian array of U at `p`.
template <class U>
U load_le(const std::byte* p) noexcept {
  U v{};
  std::memcpy(&v, p, sizeof(U));
  if constexpr (std::endian::native == std::endian::big) {
    U swapped = 0;
    for (std::size_t k = 0; k < sizeof(U); ++k) swapped = static_cast<U>((swapped << 8) | ((v >> (8 * k)) & 0xFF));
    v = swapped;
  }
  return v;
}
}  // namespace detail

//! One tensor of a safetensors file: its name, dtype, shape and a view of its bytes in the
//! file (little-endian elements, row-major), valid while the `safetensors_file` lives.
//! \code
//! const cf::io::safetensors_tensor* t = f.find("tok_emb.weight");
//! std::vector<float> v(t->count());
//! if (t->check_into<float>(false).empty()) t->copy_into(v.data(), 0, v.size());
//! \endcode
struct safetensors_tensor {
  std::string name;                 //!< the tensor's name in the header
  dtype type = dtype::f32;          //!< the "dtype" field
  std::vector<std::size_t> shape;   //!< the extents, outermost first (empty for 0-d)
  std::uint64_t begin = 0;          //!< "data_offsets"[0]: first byte, relative to the data section
  std::uint64_t end = 0;            //!< "data_offsets"[1]: one past the last byte
  std::span<const std::byte> bytes; //!< the tensor's bytes in the file

  //! Number of elements: the product of the extents.
  std::size_t count() const noexcept { return bytes.size() / element_size(type); }

  //! Element `i` as double (exact for every floating dtype and for integers up to 2^53;
  //! booleans and 8-bit floats give their raw byte). No bounds check: `i < count()`.
  //! \code
  //! double first = t->value(0);
  //! \endcode
  double value(std::size_t i) const noexcept {
    const std::byte* p = bytes.data() + i * element_size(type);
    switch (type) {
      case dtype::f16: return half_to_float(detail::load_le<std::uint16_t>(p));
      case dtype::bf16: return bfloat16_to_float(detail::load_le<std::uint16_t>(p));
      case dtype::f32: return std::bit_cast<float>(detail::load_le<std::uint32_t>(p));
      case dtype::f64: return std::bit_cast<double>(detail::load_le<std::uint64_t>(p));
      case dtype::i16: return static_cast<std::int16_t>(detail::load_le<std::uint16_t>(p));
      case dtype::i32: return static_cast<std::int32_t>(detail::load_le<std::uint32_t>(p));
      case dtype::i64: return static_cast<double>(static_cast<std::int64_t>(detail::load_le<std::uint64_t>(p)));
      case dtype::u16: return detail::load_le<std::uint16_t>(p);
      case dtype::u32: return detail::load_le<std::uint32_t>(p);
      case dtype::u64: return static_cast<double>(detail::load_le<std::uint64_t>(p));
      case dtype::i8: return static_cast<signed char>(*p);
      default: return static_cast<unsigned char>(*p);
    }
  }

  //! Why this tensor cannot be loaded into parameters of type `T` (not a floating dtype;
  //! F64 into float without `allow_narrowing`; with it, a value that would overflow or
  //! underflow to zero), or an empty string. F16, BF16 and F32 widen exactly into either type.
  //! \code
  //! std::string why = t->check_into<float>(false);  // empty for F16, BF16, F32
  //! \endcode
  template <class T>
  std::string check_into(bool allow_narrowing) const {
    return detail::check_values<T>(type, allow_narrowing, count(), [&](std::size_t i) { return value(i); });
  }

  //! Writes elements `[first, first + count)` to `out`, converted to `T`, without checks:
  //! call `check_into<T>` first (this writes nothing for a dtype it refuses).
  //! \code
  //! float row[32];
  //! t->copy_into(row, 32 * 5, 32);  // row 5 of a [V, 32] tensor
  //! \endcode
  template <class T>
  void copy_into(T* out, std::size_t first, std::size_t n) const noexcept {
    const std::byte* p = bytes.data() + first * element_size(type);
    constexpr bool little = std::endian::native == std::endian::little;
    if (little && ((type == dtype::f32 && std::is_same_v<T, float>) || (type == dtype::f64 && std::is_same_v<T, double>))) {
      std::memcpy(out, p, n * sizeof(T));
      return;
    }
    // One loop per dtype (the switch outside it), so each converts at memory speed.
    switch (type) {
      case dtype::f16:
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(half_to_float(detail::load_le<std::uint16_t>(p + 2 * i)));
        return;
      case dtype::bf16:
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(bfloat16_to_float(detail::load_le<std::uint16_t>(p + 2 * i)));
        return;
      case dtype::f32:
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(std::bit_cast<float>(detail::load_le<std::uint32_t>(p + 4 * i)));
        return;
      case dtype::f64:
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(std::bit_cast<double>(detail::load_le<std::uint64_t>(p + 8 * i)));
        return;
      default:
        return;  // not loadable: check_into refuses it
    }
  }
};

class safetensors_file;

struct safetensors_result;

//! A validated safetensors file: its metadata, its tensors (in header order, as views into the
//! mapped file) and lookup by name. Move-only; views stay valid while it lives, moves included.
//! \code
//! cf::io::safetensors_result r = cf::io::open_safetensors("gpt.safetensors");
//! for (const cf::io::safetensors_tensor& t : r.file.tensors()) std::puts(t.name.c_str());
//! \endcode
class safetensors_file {
 public:
  safetensors_file() = default;

  //! The path opened, or the name given to `parse_safetensors`; every message begins with it.
  const std::string& path() const noexcept { return path_; }
  //! The tensors, in header order.
  const std::vector<safetensors_tensor>& tensors() const noexcept { return tensors_; }
  //! The tensor called `name`, or nullptr (binary search).
  const safetensors_tensor* find(std::string_view name) const noexcept {
    const auto it = std::lower_bound(index_.begin(), index_.end(), name,
                                     [&](std::size_t i, std::string_view n) { return tensors_[i].name < n; });
    return it != index_.end() && tensors_[*it].name == name ? &tensors_[*it] : nullptr;
  }
  //! The "__metadata__" entries, in header order.
  const std::vector<std::pair<std::string, std::string>>& metadata() const noexcept { return metadata_; }
  //! The metadata value of `key`, or nullptr.
  const std::string* metadata_value(std::string_view key) const noexcept {
    for (const auto& [k, v] : metadata_)
      if (k == key) return &v;
    return nullptr;
  }
  //! The header length N (bytes 8 to 8 + N of the file are the JSON header).
  std::uint64_t header_size() const noexcept { return header_size_; }
  //! The data section, which the tensors' offsets index.
  std::span<const std::byte> data_section() const noexcept { return data_; }
  //! Gives back the memory pages that hold `t`'s bytes (mapped files only): they are read
  //! from the file again if used. `load_parameters` calls it after copying each tensor, so
  //! loading holds at most one tensor's pages beyond the module.
  void release(const safetensors_tensor& t) const noexcept {
    map_.release(static_cast<std::size_t>(t.bytes.data() - file_start_), t.bytes.size());
  }

 private:
  friend safetensors_result open_safetensors(const std::string& path);
  friend safetensors_result parse_safetensors(std::span<const std::byte> bytes, std::string_view name);

  detail::mapped_file map_;
  const std::byte* file_start_ = nullptr;
  std::string path_;
  std::uint64_t header_size_ = 0;
  std::span<const std::byte> data_;
  std::vector<safetensors_tensor> tensors_;
  std::vector<std::size_t> index_;  // tensors_ sorted by name
  std::vector<std::pair<std::string, std::string>> metadata_;

  bool parse(std::span<const std::byte> all, std::string& err);
};

//! Result of `open_safetensors` / `parse_safetensors`: `error` is empty on success.
//! \code
//! cf::io::safetensors_result r = cf::io::open_safetensors("gpt.safetensors");
//! if (!r.ok()) std::fprintf(stderr, "%s\n", r.error.c_str());
//! \endcode
struct safetensors_result {
  safetensors_file file;  //!< the file (meaningful only when `ok()`)
  std::string error;      //!< what went wrong, beginning with the path; empty on success
  //! True when the file was opened and validated.
  bool ok() const noexcept { return error.empty(); }
};

namespace detail {

class safetensors_header_parser {
 public:
  safetensors_header_parser(std::string_view header, std::uint64_t data_size)
      : c_(header, 8), data_size_(data_size) {}

  bool parse(std::vector<safetensors_tensor>& tensors, std::vector<std::pair<std::string, std::string>>& metadata) {
    const std::string_view h = c_.text();
    if (h.size() >= 3 && h.substr(0, 3) == "\xEF\xBB\xBF")
      return c_.fail("the header starts with a UTF-8 byte-order mark; it must start with '{'");
    if (h[0] != '{') {
      const unsigned char b = static_cast<unsigned char>(h[0]);
      return c_.fail(cat("the header must be a JSON object starting with '{', found ",
                         (b < 0x20 || b >= 0x7f) ? cat("binary data (byte ", hex_byte(b), ")") : cat("'", std::string(1, h[0]), "'"),
                         " (is this a safetensors file?)"));
    }
    const bool ok = c_.object(
        [&](const std::string& key) {
          if (key == "__metadata__") {
            return parse_metadata(metadata);
          }
          return parse_tensor(key, tensors);
        },
        "", "tensor name", 0);
    if (!ok) return false;
    if (!c_.at_end()) return c_.fail(cat("trailing characters after the header object (only spaces may pad it): ", c_.found()));
    return true;
  }
  const std::string& error() const noexcept { return c_.error(); }

 private:
  json_cursor c_;
  std::uint64_t data_size_;

  bool tensor_fail(const std::string& name, const std::string& what) {
    return c_.fail(cat("tensor \"", excerpt(name, 120), "\": ", what));
  }

  bool parse_metadata(std::vector<std::pair<std::string, std::string>>& metadata) {
    if (c_.peek() != '{') return c_.fail(cat("\"__metadata__\" must be an object of strings, found ", c_.found()));
    return c_.object(
        [&](const std::string& key) {
          if (c_.peek() != '"')
            return c_.fail(cat("\"__metadata__\" values must be strings; \"", excerpt(key), "\" holds ", c_.found()));
          std::string value;
          if (!c_.string(value)) return false;
          metadata.emplace_back(key, std::move(value));
          return true;
        },
        "\"__metadata__\"", "key", 1);
  }

  bool parse_tensor(const std::string& name, std::vector<safetensors_tensor>& tensors) {
    safetensors_tensor t;
    t.name = name;
    if (c_.peek() != '{')
      return tensor_fail(name, cat("expected an object {\"dtype\", \"shape\", \"data_offsets\"}, found ", c_.found()));
    const std::size_t at = c_.pos();
    bool have_dtype = false, have_shape = false, have_offsets = false;
    std::uint64_t count = 1;
    bool count_overflow = false;
    const bool ok = c_.object(
        [&](const std::string& key) {
          if (key == "dtype") {
            have_dtype = true;
            std::string text;
            const std::size_t dpos = (c_.skip_ws(), c_.pos());
            if (c_.peek() != '"') return tensor_fail(name, cat("\"dtype\" must be a string, found ", c_.found()));
            if (!c_.string(text)) return false;
            for (int k = 1; k <= static_cast<int>(dtype::boolean); ++k)
              if (text == safetensors_name(static_cast<dtype>(k))) {
                t.type = static_cast<dtype>(k);
                return true;
              }
            return c_.fail_at(dpos, cat("tensor \"", excerpt(name, 120), "\": unknown dtype \"", excerpt(text), "\" (known: F64, F32, F16, BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, " "U64, U32, U16, U8, BOOL)"));
          }
          if (key == "shape") {
            have_shape = true;
            if (c_.peek() != '[') return tensor_fail(name, cat("\"shape\" must be an array of extents, found ", c_.found()));
            return c_.array(
                [&](std::size_t) {
                  std::uint64_t e = 0;
                  if (!c_.uint64(e, cat("tensor \"", excerpt(name, 120), "\": an extent of \"shape\""))) return false;
                  if (e > std::numeric_limits<std::size_t>::max()) return tensor_fail(name, "extent too large");
                  if (e != 0 && count > std::numeric_limits<std::uint64_t>::max() / e) count_overflow = true;
                  count = count_overflow ? 0 : count * e;
                  t.shape.push_back(static_cast<std::size_t>(e));
                  return true;
                },
                2);
          }
          if (key == "data_offsets") {
            have_offsets = true;
            if (c_.peek() != '[') return tensor_fail(name, cat("\"data_offsets\" must be an array [begin, end], found ", c_.found()));
            std::size_t n = 0;
            const std::size_t apos = c_.pos();
            if (!c_.array(
                    [&](std::size_t i) {
                      std::uint64_t v = 0;
                      if (!c_.uint64(v, cat("tensor \"", excerpt(name, 120), "\": a data offset"))) return false;
                      if (i == 0) t.begin = v;
                      if (i == 1) t.end = v;
                      n = i + 1;
                      return true;
                    },
                    2))
              return false;
            if (n != 2)
              return c_.fail_at(apos, cat("tensor \"", excerpt(name, 120), "\": \"data_offsets\" must hold 2 offsets, found ", std::to_string(n)));
            return true;
          }
          return tensor_fail(name, cat("unknown field \"", excerpt(key), "\" (a tensor has dtype, shape and data_offsets)"));
        },
        cat("tensor \"", excerpt(name, 120), "\""), "field", 1);
    if (!ok) return false;
    const auto fail_here = [&](const std::string& what) {
      return c_.fail_at(at, cat("tensor \"", excerpt(name, 120), "\": ", what));
    };
    if (!have_dtype) return fail_here("no \"dtype\" field");
    if (!have_shape) return fail_here("no \"shape\" field");
    if (!have_offsets) return fail_here("no \"data_offsets\" field");
    const std::uint64_t size = element_size(t.type);
    if (count_overflow || count > std::numeric_limits<std::uint64_t>::max() / size ||
        count > std::numeric_limits<std::size_t>::max())
      return fail_here(cat("shape ", shape_text(t.shape), " has more bytes than 64 bits can count"));
    const std::string offsets = cat("data_offsets [", std::to_string(t.begin), ", ", std::to_string(t.end), "]");
    if (t.begin > t.end) return fail_here(offsets + " end before they begin");
    if (t.end > data_size_)
      return fail_here(offsets + " reach past the end of the data section (" + std::to_string(data_size_) + " bytes)");
    if (t.end - t.begin != count * size)
      return fail_here(cat("dtype ", std::string(safetensors_name(t.type)), " and shape ", shape_text(t.shape), " need ", std::to_string(count * size), " bytes, ", offsets, " hold ", std::to_string(t.end - t.begin)));
    tensors.push_back(std::move(t));
    return true;
  }
};

}  // namespace detail

inline bool safetensors_file::parse(std::span<const std::byte> all, std::string& err) {
  const auto fail = [&](const std::string& what) {
    err = path_ + ": " + what;
    return false;
  };
  if (all.empty()) return fail("the file is empty (a safetensors file starts with an 8-byte header length)");
  if (all.size() < 8)
    return fail(detail::cat("the file is ", std::to_string(all.size()), " bytes, shorter than the 8-byte header length"));
  const std::uint64_t n = detail::load_le<std::uint64_t>(all.data());
  const std::uint64_t after = all.size() - 8;
  if (n == 0) return fail("the header length is 0 (the header must be a JSON object)");
  if (n > max_safetensors_header_bytes)
    return fail(detail::cat("the header length ", std::to_string(n), " exceeds the limit of ", std::to_string(max_safetensors_header_bytes), " bytes (is this a safetensors file?)"));
  if (n > after)
    return fail(detail::cat("the header length ", std::to_string(n), " exceeds the file: only ", std::to_string(after), " bytes follow the length field (truncated file?)"));
  header_size_ = n;
  const auto header_len = static_cast<std::size_t>(n);
  const std::string_view header(reinterpret_cast<const char*>(all.data()) + 8, header_len);
  data_ = all.subspan(8 + header_len);
  detail::safetensors_header_parser p(header, data_.size());
  if (!p.parse(tensors_, metadata_)) return fail(detail::cat("header: ", p.error()));
  // The offsets must tile the data section: sorted by begin, each starts where the last ended.
  std::vector<std::size_t> order(tensors_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return tensors_[a].begin != tensors_[b].begin ? tensors_[a].begin < tensors_[b].begin : tensors_[a].end < tensors_[b].end;
  });
  std::uint64_t pos = 0;
  const safetensors_tensor* previous = nullptr;
  for (std::size_t i : order) {
    const safetensors_tensor& t = tensors_[i];
    const std::string where = detail::cat("data_offsets [", std::to_string(t.begin), ", ", std::to_string(t.end), "]");
    if (t.begin > pos)
      return fail(detail::cat("tensor \"", detail::excerpt(t.name, 120), "\": ", where, " leave a gap: bytes [", std::to_string(pos), ", ", std::to_string(t.begin), ") of the data section belong to no tensor"));
    if (t.begin < pos)
      return fail(detail::cat("tensor \"", detail::excerpt(t.name, 120), "\": ", where, " overlap tensor \"", detail::excerpt(previous->name, 120), "\" (which ends at ", std::to_string(pos), ")"));
    pos = t.end;
    previous = &t;
  }
  if (pos != data_.size())
    return fail(detail::cat("the data section has ", std::to_string(data_.size()), " bytes but the tensors cover only ", std::to_string(pos), " (trailing bytes)"));
  for (safetensors_tensor& t : tensors_)
    t.bytes = data_.subspan(static_cast<std::size_t>(t.begin), static_cast<std::size_t>(t.end - t.begin));
  index_ = std::move(order);
  std::sort(index_.begin(), index_.end(), [&](std::size_t a, std::size_t b) { return tensors_[a].name < tensors_[b].name; });
  return true;
}

//! Validates the safetensors bytes `bytes` (not copied: they must outlive the result).
//! `name` begins every message. The same checks as `open_safetensors`.
//! \code
//! std::vector<std::byte> buf = read_somehow();
//! cf::io::safetensors_result r = cf::io::parse_safetensors(buf, "weights");
//! \endcode
inline safetensors_result parse_safetensors(std::span<const std::byte> bytes, std::string_view name = "<memory>") {
  safetensors_result r;
  r.file.path_ = std::string(name);
  r.file.file_start_ = bytes.data();
  if (!r.file.parse(bytes, r.error)) r.file = safetensors_file{};
  return r;
}

//! Opens, memory-maps and validates the safetensors file at `path`: the 8-byte header length
//! (at most `max_safetensors_header_bytes`, within the file), the JSON header (well-formed,
//! no duplicate keys, string metadata), each tensor's dtype, shape and byte count, and offsets
//! that cover the data section exactly, without gaps or overlaps. The data is not read.
//! \code
//! cf::io::safetensors_result r = cf::io::open_safetensors("gpt.safetensors");
//! if (!r.ok()) return 1;
//! const cf::io::safetensors_tensor* t = r.file.find("tok_emb.weight");  // t->shape == {V, E}
//! \endcode
inline safetensors_result open_safetensors(const std::string& path) {
  safetensors_result r;
  r.file.path_ = path;
  std::string err = r.file.map_.open(path, std::numeric_limits<std::uint64_t>::max());
  if (!err.empty()) {
    r.error = path + ": " + err;
    r.file = safetensors_file{};
    return r;
  }
  const std::string_view all = r.file.map_.bytes();
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(all.data()), all.size());
  r.file.file_start_ = bytes.data();
  if (!r.file.parse(bytes, r.error)) r.file = safetensors_file{};
  return r;
}

//! Loads every parameter of `m` from the safetensors file at `path` (see `load_options`):
//! parameter `p` comes from tensor `prefix + p` with torch's shape (a weight [rows, cols], a
//! bias or norm vector [cols]) and a lossless dtype (F32, F16, BF16; F64 into double, or into
//! float with `allow_narrowing`). Everything is checked before anything is written: on error
//! `m` is bit-identical to before, and the message names the file, the tensor, what was
//! expected and what was found.
//! \code
//! static cf::multi_head_attention<float, 768, 768, 1024, 12> mha{};
//! cf::io::load_result r = cf::io::load_safetensors(mha, "mha.safetensors", {.prefix = "trf_blocks.0.att."});
//! if (!r.ok()) std::fprintf(stderr, "%s\n", r.error.c_str());
//! \endcode
template <class M>
load_result load_safetensors(M& m, const std::string& path, const load_options& options = {}) {
  safetensors_result f = open_safetensors(path);
  if (!f.ok()) {
    load_result r;
    r.error = std::move(f.error);
    return r;
  }
  return load_parameters(m, f.file, options);
}

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_SAFETENSORS_HPP
