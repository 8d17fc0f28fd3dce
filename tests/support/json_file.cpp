// Test support (run time): the one compiled copy of the JSON tensor reader, of the loader's JSON
// half and of the bad-input check that the run-time tests call (support/json_file.hpp,
// support/json_errors.hpp).
#include "support/json_file.hpp"

#include "support/json_errors.hpp"

namespace cf_test {

constformer::io::tensor_file_result load_json_file(const std::string& path) {
  return constformer::io::load_json_tensors(path);
}

}  // namespace cf_test

template constformer::io::load_result constformer::io::detail::load_slots<constformer::io::tensor_file>(
    const constformer::io::tensor_file&, const std::vector<constformer::io::detail::parameter_slot>&,
    const constformer::io::load_options&);

// The bad-input check of support/json_errors.hpp, which calls `io::load_json_tensors`: compiled
// here, with the reader, for the files that use it.
template void cf_test::json_errors::expect_json_rejected<cf_test::json_errors::linear_t>(
    const std::string&, const std::string&, const std::string&, const constformer::io::load_options&);
