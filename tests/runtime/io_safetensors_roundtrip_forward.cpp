// The multi-head attention round trips' check of the output against torch's
// (support/io_roundtrip.hpp), compiled once for io_safetensors_roundtrip_mha_test.cpp and
// _half_test.cpp, each of which would otherwise be over 3 s of compile time.
#include <string>

#include "constformer/io/tensor_file.hpp"
#include "support/io_roundtrip.hpp"

template void cf_test::io_roundtrip::expect_mha_output<cf_test::io_roundtrip::mha_t>(
    cf_test::io_roundtrip::mha_t&, const constformer::io::tensor_file&, const std::string&);
