// Test support (run time): the safetensors test files read from disk, and bytes copied through a
// volatile, so that nothing about them can be folded at compile time; the book's multi-head
// attention they hold (runtime/safetensors_*test.cpp).
#ifndef CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_FILES_HPP
#define CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_FILES_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "cases/safetensors.hpp"  // mha_bit_equal, parameters_bit_equal
#include "constformer/attention/multi_head.hpp"
#include "constformer/model/safetensors.hpp"

namespace cf_test::safetensors_files {

//! The multi-head attention of tests/fixtures/safetensors/mha_seed123*.safetensors.
template <class T>
using mha = constformer::multi_head_attention<T, 3, 2, 6, 2>;

//! The bytes of the file at `relative` under tests/fixtures/.
inline std::vector<unsigned char> read_file(const std::string& relative) {
  // Appended piece by piece: GCC 12 at -O3 warns wrongly (-Warray-bounds) on `"literal" + s`.
  std::string path = CONSTFORMER_FIXTURE_ROOT;
  path += '/';
  path += relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << relative;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

//! A copy the optimiser cannot see through.
inline std::vector<unsigned char> opaque_copy(const unsigned char* bytes, std::size_t size) {
  std::vector<unsigned char> out(size);
  for (std::size_t i = 0; i < size; ++i) {
    volatile unsigned char b = bytes[i];
    out[i] = b;
  }
  return out;
}
template <class Bytes>
std::vector<unsigned char> opaque_copy(const Bytes& bytes) {
  return opaque_copy(std::data(bytes), std::size(bytes));
}

//! The module `M` loaded from the safetensors bytes `bytes`; a test failure naming the error
//! when it cannot be.
template <class M>
M load_or_fail(const std::vector<unsigned char>& bytes, const constformer::safetensors_options& options = {}) {
  M m{};
  const constformer::safetensors_error e =
      constformer::load_safetensors(m, constformer::parse_safetensors(bytes.data(), bytes.size()), options);
  char text[300];
  e.format(text, sizeof text);
  EXPECT_TRUE(e.ok()) << text;
  return m;
}

//! The book's multi-head attention of element type `T` read from the test file `relative` at run
//! time: a test failure unless it has the bits the compiler loads from the embedded copy `Bytes`
//! and those of the fixture `table` (under `prefix`). Returns it.
template <class T, const auto& Bytes, class U, std::size_t N>
mha<T> expect_load_matches(const std::string& relative, const constformer_fixtures::fixture_entry<U> (&table)[N],
                           std::string_view prefix = {}) {
  constexpr auto ct = constformer::load_safetensors_or_fail<mha<T>, Bytes>();
  const auto m = load_or_fail<mha<T>>(read_file(relative));
  EXPECT_TRUE(cf_test::mha_bit_equal(m, ct)) << relative;
  EXPECT_TRUE(cf_test::parameters_bit_equal(m, table, prefix)) << relative;
  return m;
}

}  // namespace cf_test::safetensors_files

#endif
