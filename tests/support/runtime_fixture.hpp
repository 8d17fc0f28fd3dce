// Test support (run time): loading fixture JSON files into matrices, so the inputs of a
// run-time test come from a file and the optimiser cannot fold the computation.
#ifndef CONSTFORMER_TESTS_SUPPORT_RUNTIME_FIXTURE_HPP
#define CONSTFORMER_TESTS_SUPPORT_RUNTIME_FIXTURE_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "constformer/core/matrix.hpp"
#include "constformer/io/tensor_file.hpp"
#include "constformer/io/load_parameters.hpp"
#include "support/fixture.hpp"
#include "support/json_file.hpp"

namespace cf_test {

//! Loads `<name>.<f32|f64>.json` from the fixture folder; fails the test on error.
template <class T>
inline cf::io::tensor_file load_case(const std::string& name) {
  // Appended piece by piece: GCC 12 at -O3 warns wrongly (-Warray-bounds) on `"literal" + s`.
  std::string path = CONSTFORMER_FIXTURE_DIR;
  path += '/';
  path += name;
  path += sizeof(T) == 4 ? ".f32.json" : ".f64.json";
  auto r = cf_test::load_json_file(path);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.file;
}

//! The tensor `name` of `file` as a Rows x Cols matrix of T (any leading extents are taken as
//! rows, so a [2, 6, 3] tensor reads as 12 x 3). Fails the test when absent or the wrong size.
template <class T, std::size_t Rows, std::size_t Cols>
inline cf::matrix<T, Rows, Cols> tensor_matrix(const cf::io::tensor_file& file, const std::string& name) {
  cf::matrix<T, Rows, Cols> m{};
  const auto* t = file.find(name);
  EXPECT_NE(t, nullptr) << "no tensor " << name;
  if (t == nullptr) return m;
  EXPECT_EQ(t->data.size(), Rows * Cols) << "tensor " << name;
  if (t->data.size() != Rows * Cols) return m;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) m.elems[r][c] = static_cast<T>(t->data[r * Cols + c]);
  return m;
}

//! A module of type `M` with every parameter loaded from `file` by its state_dict name, through
//! `cf::io::load_parameters`; fails the test when a name is missing or mis-shaped.
template <class M>
inline M load_module(const cf::io::tensor_file& file) {
  M m{};
  const std::string error = cf::io::load_parameters(m, file);
  EXPECT_TRUE(error.empty()) << error;
  return m;
}

//! Element-wise comparison with the README tolerance and a readable failure.
template <class T, std::size_t Rows, std::size_t Cols>
inline ::testing::AssertionResult matrix_close(const cf::matrix<T, Rows, Cols>& got,
                                               const cf::matrix<T, Rows, Cols>& ref) {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c)
      if (!close(got.elems[r][c], ref.elems[r][c]))
        return ::testing::AssertionFailure()
               << "element (" << r << ", " << c << "): got " << got.elems[r][c] << ", reference " << ref.elems[r][c];
  return ::testing::AssertionSuccess();
}

}  // namespace cf_test

#endif
