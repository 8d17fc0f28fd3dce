// Section 3.5 at run time (runtime/causal_attention_test*.cpp): inputs and weights read from
// the fixture files, results compared with PyTorch's and, bit for bit, with the compile-time
// evaluation of the same code. Each case is a function template of the element type;
// runtime/causal_attention_test.cpp registers the tests; runtime/causal_attention_test_f32.cpp
// and _f64.cpp (the ways to mask) and runtime/causal_attention_module_test_f32.cpp and _f64.cpp
// compile them, one case and element type per file, declared `extern template` below, so that
// each translation unit compiles quickly.
#ifndef CONSTFORMER_TESTS_CASES_CAUSAL_RUNTIME_HPP
#define CONSTFORMER_TESTS_CASES_CAUSAL_RUNTIME_HPP

#include <gtest/gtest.h>

#include "cases/causal.hpp"
#include "cases/named.hpp"
#include "fixtures/causal_attention_seed123_f32.hpp"
#include "fixtures/causal_attention_seed123_f64.hpp"
#include "fixtures/causal_mask_sa_v2_f32.hpp"
#include "fixtures/causal_mask_sa_v2_f64.hpp"
#include "support/runtime_test.hpp"

namespace cf_test::causal_runtime {

template <class T>
constexpr auto ct_mask_ways() {
  return CF_TEST_WITH_FIXTURE(T, causal_mask_sa_v2,
                              cf_test::mask_ways(cf_test::load_named<cf::self_attention_v2<T, 3, 2>>(ns::tensors),
                                                 to_matrix<6, 3>(ns::inputs)));
}

template <class T>
constexpr auto ct_causal() {
  return CF_TEST_WITH_FIXTURE(T, causal_attention_seed123,
                              cf_test::load_named<cf::causal_attention<T, 3, 2, 6>>(ns::tensors)
                                  .forward_intermediates(cf_test::to_batch<2, 6, 3>(ns::inputs)));
}

//! The masking ways of section 3.5.1 against PyTorch, the module and the compile-time bits.
template <class T>
void mask_ways_case() {
  const auto file = cf_test::load_case<T>("causal_mask_sa_v2");
  const auto x = tensor_matrix<T, 6, 3>(file, "inputs");
  const auto r = cf_test::mask_ways(cf_test::load_module<cf::self_attention_v2<T, 3, 2>>(file), x);
  EXPECT_TRUE(matrix_close(r.scores, tensor_matrix<T, 6, 6>(file, "attn_scores")));
  EXPECT_TRUE(matrix_close(r.weights_unmasked, tensor_matrix<T, 6, 6>(file, "attn_weights_unmasked")));
  EXPECT_TRUE(matrix_close(r.mask_simple, tensor_matrix<T, 6, 6>(file, "mask_simple")));
  EXPECT_TRUE(matrix_close(r.masked_simple, tensor_matrix<T, 6, 6>(file, "masked_simple")));
  EXPECT_TRUE(matrix_close(r.masked_simple_norm, tensor_matrix<T, 6, 6>(file, "masked_simple_norm")));
  EXPECT_TRUE(matrix_close(r.mask_upper, tensor_matrix<T, 6, 6>(file, "mask_upper")));
  EXPECT_TRUE(matrix_close(r.masked_scores, tensor_matrix<T, 6, 6>(file, "masked_scores")));
  EXPECT_TRUE(matrix_close(r.weights_causal, tensor_matrix<T, 6, 6>(file, "attn_weights_causal")));
  EXPECT_TRUE(matrix_close(r.context_causal, tensor_matrix<T, 6, 2>(file, "context_vecs_causal")));
  EXPECT_TRUE(cf_test::mask_ways_agree(r));
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights_causal));
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.masked_simple_norm));

  // The module (mask skipped, fused) gives way 2's weights and context to the bit.
  const auto m =
      cf_test::load_module<cf::causal_attention<T, 3, 2, 6>>(file).forward_intermediates(cf_test::stack_copies<1>(x));
  EXPECT_TRUE(cf::bit_equal(m.weights[0], r.weights_causal));
  EXPECT_TRUE(cf::bit_equal(m.output[0], r.context_causal));

  constexpr auto ct = ct_mask_ways<T>();
  EXPECT_TRUE(cf::bit_equal(r.scores, ct.scores));
  EXPECT_TRUE(cf::bit_equal(r.weights_unmasked, ct.weights_unmasked));
  EXPECT_TRUE(cf::bit_equal(r.masked_simple_norm, ct.masked_simple_norm));
  EXPECT_TRUE(cf::bit_equal(r.masked_scores, ct.masked_scores));
  EXPECT_TRUE(cf::bit_equal(r.weights_causal, ct.weights_causal));
  EXPECT_TRUE(cf::bit_equal(r.context_causal, ct.context_causal));
}

//! CausalAttention against PyTorch, its properties and the compile-time bits.
template <class T>
void causal_attention_case() {
  const auto file = cf_test::load_case<T>("causal_attention_seed123");
  const auto m = cf_test::load_module<cf::causal_attention<T, 3, 2, 6>>(file);
  const auto x = cf_test::unflatten<2>(tensor_matrix<T, 12, 3>(file, "inputs"));
  const auto r = m.forward_intermediates(x);
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.weights), tensor_matrix<T, 12, 6>(file, "attn_weights")));
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.output), tensor_matrix<T, 12, 2>(file, "output")));
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights));
  EXPECT_TRUE(cf_test::upper_is_zero(r.weights[0]));
  EXPECT_TRUE(cf_test::upper_is_zero(r.weights[1]));
  EXPECT_TRUE(cf_test::fused_equals_reference(m, x));
  EXPECT_TRUE(cf_test::future_tokens_do_not_matter(m, x));
  EXPECT_TRUE(cf_test::shorter_sequence_is_prefix<4>(m, x));

  constexpr auto ct = ct_causal<T>();
  EXPECT_TRUE(cf::bit_equal(r.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(r.output, ct.output));
}

// Instantiated in runtime/causal_attention_test_*.cpp and runtime/causal_attention_module_test_*.cpp.
#define CF_TEST_CAUSAL_RUNTIME_CASES(T)     \
  extern template void mask_ways_case<T>(); \
  extern template void causal_attention_case<T>();
CF_TEST_CAUSAL_RUNTIME_CASES(float)
CF_TEST_CAUSAL_RUNTIME_CASES(double)
#undef CF_TEST_CAUSAL_RUNTIME_CASES

}  // namespace cf_test::causal_runtime

#endif
