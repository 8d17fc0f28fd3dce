// Section 3.4 at run time: inputs and weights read from the fixture files, results compared
// with PyTorch's and, bit for bit, with the compile-time evaluation of the same code.
// The cases are in cases/trainable_runtime.hpp, compiled in trainable_attention_{test,shapes}_{f32,f64}.cpp.
#include <gtest/gtest.h>

#include "cases/trainable_runtime.hpp"
#include "support/runtime_test.hpp"

namespace {

CF_TEST_SCALAR_SUITE(TrainableAttention);

TYPED_TEST(TrainableAttention, StepByStepMatchesPyTorch) {
  cf_test::trainable_runtime::step_by_step_matches_pytorch_case<TypeParam>();
}
TYPED_TEST(TrainableAttention, SelfAttentionV1MatchesPyTorch) {
  cf_test::trainable_runtime::self_attention_v1_matches_pytorch_case<TypeParam>();
}
TYPED_TEST(TrainableAttention, SelfAttentionV2MatchesPyTorch) {
  cf_test::trainable_runtime::self_attention_v2_matches_pytorch_case<TypeParam>();
}
TYPED_TEST(TrainableAttention, Exercise31V1WithTransposedV2Weights) {
  cf_test::trainable_runtime::exercise31_v1_with_transposed_v2_weights_case<TypeParam>();
}
TYPED_TEST(TrainableAttention, AnySequenceLength) { cf_test::trainable_runtime::any_sequence_length_case<TypeParam>(); }

}  // namespace
