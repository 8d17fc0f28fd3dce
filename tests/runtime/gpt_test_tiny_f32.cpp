// Chapter 4 at run time: the tiny GPT model's logits case of cases/gpt_runtime.hpp, float32
// (its generation: gpt_test_tiny_generation_f32.cpp; the cropped one: gpt_test_tiny_crop_f32.cpp), and generation refusing an id outside the vocabulary.
#include "cases/gpt_runtime.hpp"

template void cf_test::gpt_runtime::tiny_model_logits_case<float>();

namespace {

namespace cf = constformer;

TEST(Gpt, RefusesOutOfVocabularyIds) {
  static cf::gpt_model<float, cf_test::gpt_tiny> model{};
  static cf::workspace_t<cf::gpt_model<float, cf_test::gpt_tiny>, 16> ws{};
  cf::generated<6> out{};
  cf::generate_into<2>(model, std::array<cf::token_id, 4>{1, 2, 64, 3}, out, ws);
  EXPECT_FALSE(out.ok);
}

}  // namespace
