// Safetensors at run time: the parser's cases (cases/safetensors_parser.hpp) on run-time copies
// of their bytes. The loader's error messages and truncated or corrupted files:
// safetensors_errors_test.cpp; the good loads: safetensors_test.cpp.
#include <gtest/gtest.h>

#include <cstddef>
#include <string_view>
#include <vector>

#include "cases/safetensors_parser.hpp"
#include "constformer/model/safetensors.hpp"
#include "support/safetensors_files.hpp"

namespace {

namespace cf = constformer;
using cf_test::safetensors_files::opaque_copy;

// One parser case on a run-time copy (one instantiation of the parser for all cases).
bool parser_case_holds(const std::vector<unsigned char>& copy, cf::safetensors_errc code, std::string_view name,
                       std::string_view find) {
  return cf_test::parser_case_holds(cf::parse_safetensors(copy.data(), copy.size()), code, name, find);
}

TEST(CompileTimeWeights, ParserCasesAtRunTime) {
  std::size_t cases = 0;
  EXPECT_TRUE(cf_test::for_each_parser_case(
      [&](const auto& bytes, cf::safetensors_errc code, std::string_view name, std::string_view find) {
        ++cases;
        const bool held = parser_case_holds(opaque_copy(bytes), code, name, find);
        EXPECT_TRUE(held) << "case " << cases;
        return held;
      }));
  EXPECT_GT(cases, 50u);
}

}  // namespace
