// Test support (compile time): the compile-time half of a chapter-4 bit-identity test, for a
// file without GoogleTest (support/gpt_bits.hpp has the run-time half).
#ifndef CONSTFORMER_TESTS_SUPPORT_GPT_BITS_CT_HPP
#define CONSTFORMER_TESTS_SUPPORT_GPT_BITS_CT_HPP

#include <type_traits>

#include "cases/gpt.hpp"

// Compile time and run time in two translation units. A whole model's compile-time results
// (logits, generation) are `constinit` objects of a file of their own, gpt_bits_*_ct.cpp
// (CF_TEST_GPT_*_CT): `constinit` makes the compiler compute them by constant evaluation, and
// rejects the file otherwise. The test's file declares them `extern` and compares its run-time
// results with them, so that no file pays for both the constant evaluation and the
// optimiser's work on the run-time model (the tiny GPT's logits and generation: about 5.5 s in
// one file on GCC 12; 2 s for one prompt's constant evaluation, 2 to 2.5 s for each run-time
// part, apart).

// The model of a GPT case, `cf_test::gpt_bits_ct::Name##_model` (element type `T`,
// configuration `Config`): declared, and, in the gpt_bits_*_ct.cpp file that loads it by constant
// evaluation, defined as a copy of its `constexpr` model `model`. The run-time halves take it
// from there: loading the tiny GPT by constant evaluation (and instantiating the parameter walk
// it takes) costs a file about 0.7 s of compile time on GCC 12.
#define CF_TEST_GPT_MODEL_EXTERN(Name, T, Config)                \
  namespace cf_test::gpt_bits_ct {                               \
  extern const ::constformer::gpt_model<T, Config> Name##_model; \
  }
#define CF_TEST_GPT_MODEL_CT(Name, T, Config, model) \
  CF_TEST_GPT_MODEL_EXTERN(Name, T, Config)          \
  constinit const ::constformer::gpt_model<T, Config> cf_test::gpt_bits_ct::Name##_model = model;

// The type of the compile-time logits of GPT model case `ns` (`model` its model).
#define CF_TEST_GPT_LOGITS_TYPE(model, ns)                                         \
  ::constformer::matrix<typename std::remove_cvref_t<decltype(model)>::value_type, \
                        ::constformer_fixtures::ns::in_idx_shape[1], std::remove_cvref_t<decltype(model)>::vocab_size>

// The type of the compile-time generation of GPT model case `ns`.
#define CF_TEST_GPT_GENERATION_TYPE(model, ns) \
  ::cf_test::generation<std::remove_cvref_t<decltype(model)>, ::constformer_fixtures::ns::generated_ids_shape[1]>

// At namespace scope: the compile-time logits `cf_test::gpt_bits_ct::Name##_logits` and
// generation `Name##_generation` of a prompt of case `ns`, declared.
#define CF_TEST_GPT_LOGITS_EXTERN(Name, model, ns)               \
  namespace cf_test::gpt_bits_ct {                               \
  extern const CF_TEST_GPT_LOGITS_TYPE(model, ns) Name##_logits; \
  }
#define CF_TEST_GPT_GENERATION_EXTERN(Name, model, ns)                   \
  namespace cf_test::gpt_bits_ct {                                       \
  extern const CF_TEST_GPT_GENERATION_TYPE(model, ns) Name##_generation; \
  }

// In a gpt_bits_*_ct.cpp file, at namespace scope: prompt `b` of GPT model case `ns` through the
// compile-time model `model`, its logits (and, _GENERATION_CT, its greedy generation with the
// key/value cache), by constant evaluation.
#define CF_TEST_GPT_LOGITS_CT(Name, model, ns, b)                                                                   \
  CF_TEST_GPT_LOGITS_EXTERN(Name, model, ns)                                                                        \
  constinit const CF_TEST_GPT_LOGITS_TYPE(model, ns) cf_test::gpt_bits_ct::Name##_logits = ::cf_test::model_logits( \
      model,                                                                                                        \
      ::cf_test::prompt_of<::constformer_fixtures::ns::in_idx_shape[1]>(::constformer_fixtures::ns::in_idx, b));
#define CF_TEST_GPT_GENERATION_CT(Name, model, ns, b)                                              \
  CF_TEST_GPT_GENERATION_EXTERN(Name, model, ns)                                                   \
  constinit const CF_TEST_GPT_GENERATION_TYPE(model, ns) cf_test::gpt_bits_ct::Name##_generation = \
      ::cf_test::generate_case<::constformer_fixtures::ns::generated_ids_shape[1] -                \
                               ::constformer_fixtures::ns::in_idx_shape[1]>(                       \
          model,                                                                                   \
          ::cf_test::prompt_of<::constformer_fixtures::ns::in_idx_shape[1]>(::constformer_fixtures::ns::in_idx, b));

// Both, for prompt `b`: what a model's logits and generation tests compare.
#define CF_TEST_GPT_PROMPT_CT(Name, model, ns, b) \
  CF_TEST_GPT_LOGITS_CT(Name, model, ns, b)       \
  CF_TEST_GPT_GENERATION_CT(Name, model, ns, b)

// The compile-time output of transformer block case `ns` (configuration `Config`, `B` sequences
// of `S` tokens, of `T`): its type, its declaration `cf_test::gpt_bits_ct::Name##_block`, and, in a
// gpt_bits_*_ct.cpp file, its definition by constant evaluation; with it, the block loaded by
// name, `Name##_module`, which the run-time half copies instead of loading it again.
#define CF_TEST_GPT_BLOCK_TYPE(T, Config, B, S) ::constformer::matrix<T, (B) * (S), Config.emb_dim>
#define CF_TEST_GPT_BLOCK_EXTERN(Name, T, Config, B, S)                   \
  namespace cf_test::gpt_bits_ct {                                        \
  extern const ::constformer::transformer_block<T, Config> Name##_module; \
  extern const CF_TEST_GPT_BLOCK_TYPE(T, Config, B, S) Name##_block;      \
  }
#define CF_TEST_GPT_BLOCK_CT(Name, T, Config, ns, B, S)                                             \
  CF_TEST_GPT_BLOCK_EXTERN(Name, T, Config, B, S)                                                   \
  namespace cf_test::gpt_bits_ct {                                                                  \
  constexpr auto Name##_case =                                                                      \
      ::cf_test::load_case<::constformer::transformer_block<T, Config>, (B) * (S), Config.emb_dim>( \
          ::constformer_fixtures::ns::tensors, "inputs");                                           \
  }                                                                                                 \
  constinit const ::constformer::transformer_block<T, Config> cf_test::gpt_bits_ct::Name##_module = \
      cf_test::gpt_bits_ct::Name##_case.module;                                                     \
  constinit const CF_TEST_GPT_BLOCK_TYPE(T, Config, B, S) cf_test::gpt_bits_ct::Name##_block =      \
      ::cf_test::block_forward<B>(cf_test::gpt_bits_ct::Name##_case.module, cf_test::gpt_bits_ct::Name##_case.input);

#endif
