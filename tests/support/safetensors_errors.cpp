// Test support (run time): the one compiled copy of the bad-input check of
// support/safetensors_errors.hpp, which calls `io::load_safetensors` and `io::parse_safetensors`
// (so it compiles the reader). Apart from support/safetensors_file.cpp, so that each of the two
// compiles in about half the time.
#include "support/safetensors_errors.hpp"

template void cf_test::safetensors_errors::expect_rejected<cf_test::safetensors_errors::linear_t>(
    const std::string&, const std::string&, const std::string&, const constformer::io::load_options&);
