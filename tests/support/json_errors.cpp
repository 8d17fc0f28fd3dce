// Test support (run time): the one compiled copy of the bad-input check of
// support/json_errors.hpp, which reads its files with the reader of support/json_file.cpp.
#include "support/json_errors.hpp"

template void cf_test::json_errors::expect_json_rejected<cf_test::json_errors::linear_t>(
    const std::string&, const std::string&, const std::string&, const constformer::io::load_options&);
