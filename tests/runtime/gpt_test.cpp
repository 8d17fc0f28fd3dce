// Chapter 4 at run time: LayerNorm, GELU, FeedForward, TransformerBlock and GPTModel with the
// fixtures' weights loaded by state_dict name, against PyTorch's outputs; greedy generation
// against torch's generated ids (exactly), cached against re-computed decoding (bit for bit).
// The cases are in cases/gpt_runtime.hpp, compiled in runtime/gpt_test_*.cpp.
#include <gtest/gtest.h>

#include "cases/gpt_runtime.hpp"

namespace {

namespace gr = cf_test::gpt_runtime;

template <class T>
class Gpt : public ::testing::Test {};
using Scalars = ::testing::Types<float, double>;
TYPED_TEST_SUITE(Gpt, Scalars);

TYPED_TEST(Gpt, LayerNorm) { gr::layer_norm_cases<TypeParam>(); }
TYPED_TEST(Gpt, LayerNormExtremeWidths) { gr::layer_norm_extreme_cases<TypeParam>(); }
TYPED_TEST(Gpt, GeluSweep) { gr::gelu_sweep_case<TypeParam>(); }
TYPED_TEST(Gpt, FeedForwardEmb8) { gr::feed_forward_emb8_case<TypeParam>(); }
TYPED_TEST(Gpt, FeedForwardEmb16) { gr::feed_forward_emb16_case<TypeParam>(); }
TYPED_TEST(Gpt, TransformerBlock) { gr::transformer_block_case<TypeParam>(); }
TYPED_TEST(Gpt, TransformerBlockQkvBias) { gr::transformer_block_qkv_bias_case<TypeParam>(); }
TYPED_TEST(Gpt, TinyModelLogits) { gr::tiny_model_logits_case<TypeParam>(); }
TYPED_TEST(Gpt, TinyModelGeneration) { gr::tiny_model_generation_case<TypeParam>(); }
TYPED_TEST(Gpt, TinyModelCroppedLogits) { gr::tiny_model_cropped_logits_case<TypeParam>(); }
TYPED_TEST(Gpt, TinyModelCroppedGeneration) { gr::tiny_model_cropped_generation_case<TypeParam>(); }
TYPED_TEST(Gpt, TieLogits) { gr::tie_logits_case<TypeParam>(); }
TYPED_TEST(Gpt, TieTakesFirstIndex) { gr::tie_takes_first_index_case<TypeParam>(); }

}  // namespace
