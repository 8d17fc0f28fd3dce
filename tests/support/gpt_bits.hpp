// Test support (run time): a GoogleTest test that a chapter-4 layer gives the same bits at run
// time as at compile time. The weights are found by name at compile time and copied through
// volatiles at run time (support/opaque.hpp), as are the inputs: the name lookup,
// optimised at -O3 for each parameter, would cost each file 0.4 s of compile time on GCC 12.
#ifndef CONSTFORMER_TESTS_SUPPORT_GPT_BITS_HPP
#define CONSTFORMER_TESTS_SUPPORT_GPT_BITS_HPP

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "cases/gpt.hpp"
#include "support/gpt_bits_ct.hpp"
#include "support/opaque.hpp"

// The module `Module<T, Cols>` of case `ns` on its `inputs` (`Rows` x `Cols`): forward at compile
// time and at run time, the same bits.
#define CF_TEST_GPT_LAYER_BITS(Test, Module, T, ns, Rows, Cols)                                                  \
  TEST(GptBits, Test) {                                                                                          \
    using M = ::constformer::Module<T, Cols>;                                                                    \
    static constexpr auto ct_case =                                                                              \
        ::cf_test::load_case<M, Rows, Cols>(::constformer_fixtures::ns::tensors, "inputs");                      \
    static constexpr auto ct = ct_case.module.forward(ct_case.input);                                            \
    const auto m = ::cf_test::opaque_object(ct_case.module);                                                     \
    const auto x =                                                                                               \
        ::cf_test::opaque(::cf_test::fixture_tensor<Rows, Cols>(::constformer_fixtures::ns::tensors, "inputs")); \
    EXPECT_TRUE(::constformer::bit_equal(m.forward(x), ct));                                                     \
    EXPECT_TRUE(::cf_test::rows_close(ct, ::constformer_fixtures::ns::output));                                  \
  }

// At namespace scope: the block of configuration `Config` of case `ns` on its `B` sequences of
// `S` tokens at run time against `Name`'s compile-time output (CF_TEST_GPT_BLOCK_CT), the same
// bits; and that against torch's.
#define CF_TEST_GPT_BLOCK_BITS(Test, Name, T, Config, ns, B, S)                                               \
  CF_TEST_GPT_BLOCK_EXTERN(Name, T, Config, B, S)                                                             \
  TEST(GptBits, Test) {                                                                                       \
    const auto& ct = ::cf_test::gpt_bits_ct::Name##_block;                                                    \
    const auto m = ::cf_test::opaque_object(::cf_test::gpt_bits_ct::Name##_module);                           \
    const auto x = ::cf_test::opaque(                                                                         \
        ::cf_test::fixture_tensor<(B) * (S), Config.emb_dim>(::constformer_fixtures::ns::tensors, "inputs")); \
    EXPECT_TRUE(::constformer::bit_equal(::cf_test::block_forward<B>(m, x), ct));                             \
    EXPECT_TRUE(::cf_test::rows_close(ct, ::constformer_fixtures::ns::output));                               \
  }

namespace cf_test {

//! Run time: prompt `b` of a fixture's `in_idx` through a volatile, so that the test computes
//! with it instead of folding it.
template <std::size_t P, std::size_t N>
std::array<::constformer::token_id, P> opaque_prompt(const std::int64_t (&in_idx)[N], std::size_t b) {
  auto prompt = prompt_of<P>(in_idx, b);
  for (auto& id : prompt) id = opaque(id);
  return prompt;
}

}  // namespace cf_test

// At namespace scope: GPT model case `ns`, prompt `b`, its logits at run time (the model
// `model`, declared by CF_TEST_GPT_MODEL_EXTERN, copied byte by byte through volatiles)
// against `Name`'s compile-time ones (CF_TEST_GPT_LOGITS_CT), the same bits; and those against
// torch's.
#define CF_TEST_GPT_LOGITS_BITS(Test, Name, model, ns, b)                                                              \
  CF_TEST_GPT_LOGITS_EXTERN(Name, model, ns)                                                                           \
  TEST(GptBits, Test) {                                                                                                \
    namespace fxn = ::constformer_fixtures::ns;                                                                        \
    constexpr std::size_t p = fxn::in_idx_shape[1];                                                                    \
    const auto& ct = ::cf_test::gpt_bits_ct::Name##_logits;                                                            \
    static const auto rt_model = ::cf_test::opaque_object(model);                                                      \
    EXPECT_TRUE(                                                                                                       \
        ::constformer::bit_equal(::cf_test::model_logits(rt_model, ::cf_test::opaque_prompt<p>(fxn::in_idx, b)), ct)); \
    EXPECT_TRUE(::cf_test::rows_close(ct, fxn::logits, (b) * p));                                                      \
  }

// At namespace scope: GPT model case `ns`, prompt `b`, its greedy generation at run time
// against `Name`'s at compile time (CF_TEST_GPT_GENERATION_CT): the same ids, and the same bits
// of the last step's probabilities; and the ids torch's.
#define CF_TEST_GPT_GENERATION_BITS(Test, Name, model, ns, b)                                           \
  CF_TEST_GPT_GENERATION_EXTERN(Name, model, ns)                                                        \
  TEST(GptBits, Test) {                                                                                 \
    namespace fxn = ::constformer_fixtures::ns;                                                         \
    constexpr std::size_t p = fxn::in_idx_shape[1];                                                     \
    constexpr std::size_t n = fxn::generated_ids_shape[1] - p;                                          \
    const auto& ct = ::cf_test::gpt_bits_ct::Name##_generation;                                         \
    static const auto rt_model = ::cf_test::opaque_object(model);                                       \
    const auto rt = ::cf_test::generate_case<n>(rt_model, ::cf_test::opaque_prompt<p>(fxn::in_idx, b)); \
    EXPECT_EQ(rt.out.ids, ct.out.ids);                                                                  \
    EXPECT_TRUE(::constformer::bit_equal(rt.last_probas, ct.last_probas));                              \
    EXPECT_TRUE(::cf_test::ids_equal(ct.out, fxn::generated_ids, b));                                   \
  }

#endif
