// Test support (run time): the one compiled copy of the safetensors reader and of the loader's
// safetensors half (support/safetensors_file.hpp). The bad-input check:
// support/safetensors_errors.cpp.
#include "support/safetensors_file.hpp"

namespace cf_test {

constformer::io::safetensors_result open_safetensors_file(const std::string& path) {
  return constformer::io::open_safetensors(path);
}

}  // namespace cf_test

template constformer::io::load_result constformer::io::detail::load_slots<constformer::io::safetensors_file>(
    const constformer::io::safetensors_file&, const std::vector<constformer::io::detail::parameter_slot>&,
    const constformer::io::load_options&);
