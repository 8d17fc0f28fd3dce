// Test support (run time): the JSON tensor reader, compiled once per test executable
// (support/json_file.cpp), so that a test file that reads its fixtures does not compile and
// optimise the reader again (about 2 s of each such file's compile time at -O3).
#ifndef CONSTFORMER_TESTS_SUPPORT_JSON_FILE_HPP
#define CONSTFORMER_TESTS_SUPPORT_JSON_FILE_HPP

#include <string>

#include "constformer/io/json_tensors.hpp"

namespace cf_test {

//! `constformer::io::load_json_tensors(path)`, compiled in support/json_file.cpp.
constformer::io::tensor_file_result load_json_file(const std::string& path);

}  // namespace cf_test

#endif
