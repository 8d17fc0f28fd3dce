// Chapter 4 at run time, float32: the loads of the tiny and tie-breaking GPT models, which the
// logits and generation cases of cases/gpt_runtime.hpp share, compiled once.
#include "cases/gpt_runtime.hpp"

template std::unique_ptr<constformer::gpt_model<float, cf_test::gpt_tiny>>
cf_test::gpt_runtime::load<constformer::gpt_model<float, cf_test::gpt_tiny>>(const constformer::io::tensor_file&);
template std::unique_ptr<constformer::gpt_model<float, cf_test::gpt_tie>>
cf_test::gpt_runtime::load<constformer::gpt_model<float, cf_test::gpt_tie>>(const constformer::io::tensor_file&);
