// Test support (run time): the one compiled copy of the safetensors reader, of the loader's
// safetensors half and of the bad-input check that the run-time tests call
// (support/safetensors_file.hpp, support/safetensors_errors.hpp).
#include "support/safetensors_file.hpp"

#include "support/safetensors_errors.hpp"

namespace cf_test {

constformer::io::safetensors_result open_safetensors_file(const std::string& path) {
  return constformer::io::open_safetensors(path);
}

}  // namespace cf_test

template constformer::io::load_result constformer::io::detail::load_slots<constformer::io::safetensors_file>(
    const constformer::io::safetensors_file&, const std::vector<constformer::io::detail::parameter_slot>&,
    const constformer::io::load_options&);

// The bad-input check of support/safetensors_errors.hpp, which calls `io::load_safetensors` and
// `io::parse_safetensors`: compiled here, with the reader, for the files that use it.
template void cf_test::safetensors_errors::expect_rejected<cf_test::safetensors_errors::linear_t>(
    const std::string&, const std::string&, const std::string&, const constformer::io::load_options&);
