// Test support (run time): a GoogleTest test that a chapter-4 layer gives the same bits at run
// time as at compile time (the run-time weights and inputs pass through volatiles).
#ifndef CONSTFORMER_TESTS_SUPPORT_GPT_BITS_HPP
#define CONSTFORMER_TESTS_SUPPORT_GPT_BITS_HPP

#include <gtest/gtest.h>

#include "cases/gpt.hpp"
#include "support/opaque.hpp"

// The module `Module<T, Cols>` of case `ns` on its `inputs` (`Rows` x `Cols`): forward at compile
// time and at run time, the same bits.
#define CF_TEST_GPT_LAYER_BITS(Test, Module, T, ns, Rows, Cols)                                                  \
  TEST(GptBits, Test) {                                                                                          \
    using M = ::constformer::Module<T, Cols>;                                                                    \
    static constexpr auto ct_case =                                                                              \
        ::cf_test::load_case<M, Rows, Cols>(::constformer_fixtures::ns::tensors, "inputs");                      \
    static constexpr auto ct = ct_case.module.forward(ct_case.input);                                            \
    const auto m = ::cf_test::opaque_parameters(::cf_test::load_named<M>(::constformer_fixtures::ns::tensors));  \
    const auto x =                                                                                               \
        ::cf_test::opaque(::cf_test::fixture_tensor<Rows, Cols>(::constformer_fixtures::ns::tensors, "inputs")); \
    EXPECT_TRUE(::constformer::bit_equal(m.forward(x), ct));                                                     \
    EXPECT_TRUE(::cf_test::rows_close(ct, ::constformer_fixtures::ns::output));                                  \
  }

// The block of configuration `Config` of case `ns` on its `B` sequences of `S` tokens: the same
// bits at compile time and at run time.
#define CF_TEST_GPT_BLOCK_BITS(Test, T, Config, ns, B, S)                                                       \
  TEST(GptBits, Test) {                                                                                         \
    using M = ::constformer::transformer_block<T, Config>;                                                      \
    static constexpr auto ct_case =                                                                             \
        ::cf_test::load_case<M, B * S, Config.emb_dim>(::constformer_fixtures::ns::tensors, "inputs");          \
    static constexpr auto ct = ::cf_test::block_forward<B>(ct_case.module, ct_case.input);                      \
    const auto m = ::cf_test::opaque_parameters(::cf_test::load_named<M>(::constformer_fixtures::ns::tensors)); \
    const auto x = ::cf_test::opaque(                                                                           \
        ::cf_test::fixture_tensor<B * S, Config.emb_dim>(::constformer_fixtures::ns::tensors, "inputs"));       \
    EXPECT_TRUE(::constformer::bit_equal(::cf_test::block_forward<B>(m, x), ct));                               \
    EXPECT_TRUE(::cf_test::rows_close(ct, ::constformer_fixtures::ns::output));                                 \
  }

// GPT model case `ns` of configuration `Config`, prompt `b`: the logits, and greedy generation's
// ids and last probabilities, the same bits at compile time and at run time (and the ids
// torch's). `model` is the compile-time model; the run-time one is copied through volatiles.
#define CF_TEST_GPT_MODEL_BITS(Test, model, ns, b)                                                              \
  TEST(GptBits, Test) {                                                                                         \
    namespace fxn = ::constformer_fixtures::ns;                                                                 \
    constexpr std::size_t p = fxn::in_idx_shape[1];                                                             \
    constexpr std::size_t n = fxn::generated_ids_shape[1] - p;                                                  \
    static constexpr auto ct_logits = ::cf_test::model_logits(model, ::cf_test::prompt_of<p>(fxn::in_idx, b));  \
    static constexpr auto ct_gen = ::cf_test::generate_case<n>(model, ::cf_test::prompt_of<p>(fxn::in_idx, b)); \
    static const auto rt_model = ::cf_test::opaque_parameters(model);                                           \
    auto prompt = ::cf_test::prompt_of<p>(fxn::in_idx, b);                                                      \
    for (auto& id : prompt) id = ::cf_test::opaque(id);                                                         \
    EXPECT_TRUE(::constformer::bit_equal(::cf_test::model_logits(rt_model, prompt), ct_logits));                \
    const auto rt_gen = ::cf_test::generate_case<n>(rt_model, prompt);                                          \
    EXPECT_EQ(rt_gen.out.ids, ct_gen.out.ids);                                                                  \
    EXPECT_TRUE(::constformer::bit_equal(rt_gen.last_probas, ct_gen.last_probas));                              \
    EXPECT_TRUE(::cf_test::ids_equal(ct_gen.out, fxn::generated_ids, b));                                       \
    EXPECT_TRUE(::cf_test::rows_close(ct_logits, fxn::logits, (b) * p));                                        \
  }

// The logits alone (for windows whose generation needs more than one constant evaluation's
// default budget: the crop case).
#define CF_TEST_GPT_LOGITS_BITS(Test, model, ns, b)                                                            \
  TEST(GptBits, Test) {                                                                                        \
    namespace fxn = ::constformer_fixtures::ns;                                                                \
    constexpr std::size_t p = fxn::in_idx_shape[1];                                                            \
    static constexpr auto ct_logits = ::cf_test::model_logits(model, ::cf_test::prompt_of<p>(fxn::in_idx, b)); \
    static const auto rt_model = ::cf_test::opaque_parameters(model);                                          \
    auto prompt = ::cf_test::prompt_of<p>(fxn::in_idx, b);                                                     \
    for (auto& id : prompt) id = ::cf_test::opaque(id);                                                        \
    EXPECT_TRUE(::constformer::bit_equal(::cf_test::model_logits(rt_model, prompt), ct_logits));               \
    EXPECT_TRUE(::cf_test::rows_close(ct_logits, fxn::logits, (b) * p));                                       \
  }

#endif
