// Test support (run time): the safetensors reader and the loader's safetensors half, compiled
// once per test executable (support/safetensors_file.cpp), for the test files that load modules
// from a file rather than test the reader: each file that calls `io::open_safetensors` or
// `io::load_safetensors` compiles the reader (about 1.1 s on GCC 12 at -Og), and each that loads
// a module compiles `detail::load_slots<safetensors_file>` (about 0.6 s), the same code for
// every module.
#ifndef CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_FILE_HPP
#define CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_FILE_HPP

#include <string>
#include <vector>

#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"

namespace cf_test {

//! `constformer::io::open_safetensors(path)`, compiled in support/safetensors_file.cpp.
constformer::io::safetensors_result open_safetensors_file(const std::string& path);

}  // namespace cf_test

// Instantiated in support/safetensors_file.cpp.
extern template constformer::io::load_result constformer::io::detail::load_slots<constformer::io::safetensors_file>(
    const constformer::io::safetensors_file&, const std::vector<constformer::io::detail::parameter_slot>&,
    const constformer::io::load_options&);

#endif
