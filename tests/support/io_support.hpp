// Test support for the weight readers: files in the test's temporary directory (removed after),
// safetensors bytes built from a header and data, a module's parameters as raw bits, and the
// check that a refused file left the module bit-identical.
#ifndef CONSTFORMER_TESTS_SUPPORT_IO_SUPPORT_HPP
#define CONSTFORMER_TESTS_SUPPORT_IO_SUPPORT_HPP

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "constformer/model/parameters.hpp"

namespace cf_test {

//! The folder of a fixture family next to the book fixtures ("gpt", "io").
inline std::string fixture_dir(const std::string& family) {
  // Appended piece by piece: GCC 12 at -O3 warns wrongly (-Warray-bounds) on `"literal" + s`.
  std::string dir = CONSTFORMER_FIXTURE_DIR;
  dir += "/../";
  dir += family;
  return dir;
}

//! A file of `bytes` in the test's temporary directory, removed when the object goes.
class temp_file {
 public:
  temp_file(const std::string& name, std::string_view bytes) : path_(::testing::TempDir() + "constformer_io_" + name) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() { std::remove(path_.c_str()); }
  //! Where the file is.
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

//! A safetensors file: the 8-byte little-endian length of `header`, `header`, then `data`.
inline std::string safetensors_bytes(std::string_view header, std::string_view data) {
  std::string out(8, '\0');
  std::uint64_t n = header.size();
  for (int k = 0; k < 8; ++k) out[static_cast<std::size_t>(k)] = static_cast<char>((n >> (8 * k)) & 0xFF);
  out += header;
  out += data;
  return out;
}

//! The little-endian bytes of `values`.
template <class T>
std::string le_bytes(const std::vector<T>& values) {
  std::string out(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());  // the test host is little-endian
  return out;
}

//! Every parameter of `m`, as raw bytes, in state_dict order.
template <class M>
std::vector<unsigned char> parameter_bits(M& m) {
  std::vector<unsigned char> bits;
  constformer::for_each_parameter(m, [&](std::string_view, auto& leaf) {
    for (const auto& row : leaf.elems) {
      const auto* p = reinterpret_cast<const unsigned char*>(row);
      bits.insert(bits.end(), p, p + sizeof row);
    }
  });
  return bits;
}

//! Fills every parameter of `m` with distinct values (one a NaN with a payload), so any write
//! by a failed load would show.
template <class M>
void fill_pattern(M& m) {
  int k = 0;
  constformer::for_each_parameter(m, [&](std::string_view, auto& leaf) {
    using T = typename std::remove_cvref_t<decltype(leaf)>::value_type;
    for (auto& row : leaf.elems)
      for (auto& v : row) v = static_cast<T>(0.25 * ++k - 7.0);
  });
  constformer::for_each_parameter(m, [&](std::string_view, auto& leaf) {
    using T = typename std::remove_cvref_t<decltype(leaf)>::value_type;
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    const U nan = sizeof(T) == 4 ? U(0x7FC01234u) : U(0x7FF8000000001234ull);
    std::memcpy(&leaf.elems[0][0], &nan, sizeof nan);
  });
}

//! The check every bad-input test of a weight reader makes: writes `contents` to the temporary
//! file `file_name`, fills `m` with a pattern, and loads the file into it with `load(m, path)`
//! (which returns the reader's error message, empty on success). Expects an error that contains
//! `phrase` and begins with the path, and `m` bit-identical to before. Returns the message.
template <class M, class Load>
std::string expect_load_refused(M& m, const std::string& file_name, std::string_view contents,
                                const std::string& phrase, Load load) {
  const temp_file file(file_name, contents);
  const std::string& path = file.path();
  fill_pattern(m);
  const auto before = parameter_bits(m);
  const std::string error = load(m, path);
  EXPECT_FALSE(error.empty()) << "accepted: " << file_name;
  EXPECT_NE(error.find(phrase), std::string::npos) << "message: " << error << "\nexpected: " << phrase;
  EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << "the message must begin with the path: " << error;
  EXPECT_EQ(parameter_bits(m), before) << "a failed load changed the module";
  return error;
}

}  // namespace cf_test

#endif
