// Test support (run time): the JSON tensor reader and the loader's JSON half, compiled once per
// test executable (support/json_file.cpp), so that a test file that reads its fixtures does not
// compile and optimise them again: about 2 s of each such file's compile time at -O3 for the
// reader, and 0.6 s on GCC 12 at -Og for `load_parameters`' checks and copies, which are the same
// code for every module (`detail::load_slots<tensor_file>`).
#ifndef CONSTFORMER_TESTS_SUPPORT_JSON_FILE_HPP
#define CONSTFORMER_TESTS_SUPPORT_JSON_FILE_HPP

#include <string>
#include <string_view>
#include <vector>

#include "constformer/io/load_parameters.hpp"
#include "constformer/io/tensor_file.hpp"

namespace cf_test {

//! `constformer::io::load_json_tensors(path)`, compiled in support/json_file.cpp.
constformer::io::tensor_file_result load_json_file(const std::string& path);

//! `constformer::io::parse_json_tensors(text)` (its source named `<json text>`), compiled in
//! support/json_file.cpp.
constformer::io::tensor_file_result parse_json_text(std::string_view text);

}  // namespace cf_test

// Instantiated in support/json_file.cpp.
extern template constformer::io::load_result constformer::io::detail::load_slots<constformer::io::tensor_file>(
    const constformer::io::tensor_file&, const std::vector<constformer::io::detail::parameter_slot>&,
    const constformer::io::load_options&);

#endif
