// Test support for the JSON tensor reader's bad-input tests (runtime/io_json_*errors_test.cpp): a
// file for a small linear layer, and the check that a file is refused with its message and
// leaves the module bit-identical.
#ifndef CONSTFORMER_TESTS_SUPPORT_JSON_ERRORS_HPP
#define CONSTFORMER_TESTS_SUPPORT_JSON_ERRORS_HPP

#include <gtest/gtest.h>

#include <string>

#include "constformer/io/load_parameters.hpp"
#include "constformer/nn/linear.hpp"
#include "support/io_support.hpp"
#include "support/json_file.hpp"

namespace cf_test::json_errors {

namespace cf = constformer;
namespace io = constformer::io;
using linear_t = cf::linear<float, 3, 2, true>;  // weight [2, 3], bias [2]

// Writes `text` to a file and reads it; when it parses, loads it into a patterned module with
// `options`. Expects an error containing `phrase` that begins with the path, and the module
// unchanged. A template so that one file compiles it for the others; the file is read by the
// reader compiled once in support/json_file.cpp (the reader and the loader cost about 1.5 s of
// compile time in each file that compiles them).
template <class M = linear_t>
void expect_json_rejected(const std::string& file_name, const std::string& text, const std::string& phrase,
                          const io::load_options& options = {.strict = false}) {
  static M m{};
  cf_test::expect_load_refused(m, file_name, text, phrase, [&](M& module, const std::string& path) {
    const auto f = cf_test::load_json_file(path);
    EXPECT_TRUE(f.ok() || f.file.tensors.empty());
    return f.ok() ? io::load_parameters(module, f.file, options).error : f.error;
  });
}

// Instantiated in support/json_errors.cpp.
extern template void expect_json_rejected<linear_t>(const std::string&, const std::string&, const std::string&,
                                                    const io::load_options&);

// A valid file for linear_t with `weight` and `bias` members spliced in.
inline std::string linear_json(const std::string& weight,
                               const std::string& bias = R"({"dtype": "float32", "shape": [2], "data": [0.5, -0.5]})") {
  return R"({"tensors": {"weight": )" + weight + R"(, "bias": )" + bias + "}}";
}
inline const std::string good_weight = R"({"dtype": "float32", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]})";

}  // namespace cf_test::json_errors

#endif
