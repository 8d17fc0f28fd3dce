// Test support for the safetensors reader's bad-input tests (runtime/io_safetensors_errors_test.cpp
// and io_safetensors_module_errors_test.cpp): a good file for a small linear layer, and the check
// that a file is refused with its message and leaves the module bit-identical.
#ifndef CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_ERRORS_HPP
#define CONSTFORMER_TESTS_SUPPORT_SAFETENSORS_ERRORS_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "constformer/io/load_parameters.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/io_support.hpp"

namespace cf_test::safetensors_errors {

namespace cf = constformer;
namespace io = constformer::io;
using linear_t = cf::linear<float, 3, 2, true>;  // weight [2, 3], bias [2]

inline const std::string good_header =
    R"({"__metadata__":{"format":"pt"},"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
    R"("bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})";
inline const std::string good_data = cf_test::le_bytes(std::vector<float>{1, 2, 3, 4, 5, 6, 0.5f, -0.5f});

// Loads `bytes` (written to a file) into a patterned module with `options`; expects an error
// containing `phrase` and beginning with the path, and the module unchanged. The in-memory
// parser must agree. A template so that one file compiles it for the others (the reader and
// the loader cost about 2 s of compile time in each file that calls them); the failures of
// `load_safetensors` itself, whose opening errors it passes on, are tested through it.
template <class M = linear_t>
void expect_rejected(const std::string& file_name, const std::string& bytes, const std::string& phrase,
                     const io::load_options& options = {}) {
  static M m{};
  const std::string error =
      cf_test::expect_load_refused(m, file_name, bytes, phrase, [&](M& module, const std::string& path) {
        const io::load_result r = io::load_safetensors(module, path, options);
        EXPECT_EQ(r.loaded, 0u);
        return r.error;
      });
  const auto span = std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size());
  const io::safetensors_result parsed = io::parse_safetensors(span, "mem");
  if (!parsed.ok()) {
    EXPECT_EQ(parsed.error.substr(parsed.error.find(": ")), error.substr(error.find(": ")));
  }
}

// Instantiated in support/safetensors_file.cpp, with the reader it calls.
extern template void expect_rejected<linear_t>(const std::string&, const std::string&, const std::string&,
                                               const io::load_options&);

inline void expect_header_rejected(const std::string& file_name, const std::string& header, const std::string& phrase,
                                   const std::string& data = good_data) {
  expect_rejected(file_name, cf_test::safetensors_bytes(header, data), phrase);
}

}  // namespace cf_test::safetensors_errors

#endif
