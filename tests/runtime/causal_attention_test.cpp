// Section 3.5 at run time: inputs and weights read from the fixture files, results compared
// with PyTorch's and, bit for bit, with the compile-time evaluation of the same code. The
// cases are in cases/causal_runtime.hpp, compiled in causal_attention_test_f32.cpp and _f64.cpp.
#include <gtest/gtest.h>

#include "cases/causal_runtime.hpp"
#include "support/runtime_test.hpp"

namespace {

CF_TEST_SCALAR_SUITE(CausalAttention);

TYPED_TEST(CausalAttention, MaskWaysMatchPyTorch) { cf_test::causal_runtime::mask_ways_case<TypeParam>(); }
TYPED_TEST(CausalAttention, CausalAttentionMatchesPyTorch) {
  cf_test::causal_runtime::causal_attention_case<TypeParam>();
}

}  // namespace
