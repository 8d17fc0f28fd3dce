// Chapter 4's GPTModel cases at compile time, one check per translation unit: the wrappers that
// tests/CMakeLists.txt writes (gpt_model_specs) define the macros below and include this file.
// A whole case in one file would take far more than 3 s to compile; split this way, each file
// loads the model by state_dict name and evaluates one forward pass or one generation.
//   CF_GPT_HEADER   the generated fixture header, e.g. "fixtures/gpt_tiny_seed123_crop_f32.hpp"
//   CF_GPT_FIXTURE  its namespace in constformer_fixtures, e.g. gpt_tiny_seed123_crop_f32
//   CF_GPT_CONFIG   the model's cf::gpt_config, e.g. cf_test::gpt_tiny
//   CF_GPT_CHECK    logits (every row), logits_row, generation (every row), generation_row or
//                   step (generation_step_matches)
//   CF_GPT_ROW, CF_GPT_STEP  the row (prompt) and step, where the check needs them
#include "cases/gpt.hpp"
#include CF_GPT_HEADER

namespace {

namespace fx = constformer_fixtures::CF_GPT_FIXTURE;
namespace cf = constformer;

#define CF_GPT_CHECK_logits 1
#define CF_GPT_CHECK_logits_row 2
#define CF_GPT_CHECK_generation 3
#define CF_GPT_CHECK_generation_row 4
#define CF_GPT_CHECK_step 5
#define CF_GPT_CHECK_ID_(kind) CF_GPT_CHECK_##kind
#define CF_GPT_CHECK_ID(kind) CF_GPT_CHECK_ID_(kind)

constexpr auto model = cf_test::load_gpt<CF_GPT_CONFIG>(fx::tensors);
constexpr std::size_t rows = fx::in_idx_shape[0];
constexpr std::size_t prompt_len = fx::in_idx_shape[1];
constexpr std::size_t new_tokens = fx::generated_ids_shape[1] - prompt_len;

#if CF_GPT_CHECK_ID(CF_GPT_CHECK) == CF_GPT_CHECK_logits
static_assert([] {
  for (std::size_t b = 0; b < rows; ++b)
    if (!cf_test::rows_close(cf_test::model_logits(model, cf_test::prompt_of<prompt_len>(fx::in_idx, b)), fx::logits,
                             b * prompt_len))
      return false;
  return true;
}());
#elif CF_GPT_CHECK_ID(CF_GPT_CHECK) == CF_GPT_CHECK_logits_row
CF_TEST_CHECK_GPT_LOGITS(CF_GPT_FIXTURE, model, CF_GPT_ROW, prompt_len);
#elif CF_GPT_CHECK_ID(CF_GPT_CHECK) == CF_GPT_CHECK_generation
static_assert([] {
  for (std::size_t b = 0; b < rows; ++b) {
    const auto g = cf_test::generate_case<new_tokens>(model, cf_test::prompt_of<prompt_len>(fx::in_idx, b));
    if (!cf_test::ids_equal(g.out, fx::generated_ids, b)) return false;
  }
  return true;
}());
#elif CF_GPT_CHECK_ID(CF_GPT_CHECK) == CF_GPT_CHECK_generation_row
CF_TEST_CHECK_GPT_GENERATION(CF_GPT_FIXTURE, model, CF_GPT_ROW, prompt_len, new_tokens);
#elif CF_GPT_CHECK_ID(CF_GPT_CHECK) == CF_GPT_CHECK_step
CF_TEST_CHECK_GPT_GENERATION_STEP(CF_GPT_FIXTURE, model, CF_GPT_ROW, CF_GPT_STEP);
#else
#error "CF_GPT_CHECK: logits, logits_row, generation, generation_row or step"
#endif

}  // namespace
