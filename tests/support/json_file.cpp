// Test support (run time): the one compiled copy of the JSON tensor reader and of the loader's JSON
// half (support/json_file.hpp). The bad-input check: support/json_errors.cpp.
#include "support/json_file.hpp"

#include "constformer/io/json_tensors.hpp"  // load_json_tensors

namespace cf_test {

constformer::io::tensor_file_result load_json_file(const std::string& path) {
  return constformer::io::load_json_tensors(path);
}

constformer::io::tensor_file_result parse_json_text(std::string_view text) {
  return constformer::io::parse_json_tensors(text);
}

}  // namespace cf_test

template constformer::io::load_result constformer::io::detail::load_slots<constformer::io::tensor_file>(
    const constformer::io::tensor_file&, const std::vector<constformer::io::detail::parameter_slot>&,
    const constformer::io::load_options&);
