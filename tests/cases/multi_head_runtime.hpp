// Section 3.6 at run time (runtime/multi_head_attention_test*.cpp): inputs and weights read
// from the fixture files, results compared with PyTorch's and, bit for bit, with the
// compile-time evaluation of the same code. Each case is a function template of the element
// type; runtime/multi_head_attention_test.cpp registers the tests, and
// runtime/multi_head_{attention,wrapper}_*test_*.cpp instantiate the cases (declared `extern
// template` below), one case and element type per translation unit, so that each compiles
// quickly.
#ifndef CONSTFORMER_TESTS_CASES_MULTI_HEAD_RUNTIME_HPP
#define CONSTFORMER_TESTS_CASES_MULTI_HEAD_RUNTIME_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "cases/multi_head.hpp"
#include "cases/named.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f64.hpp"
#include "support/runtime_test.hpp"

namespace cf_test::multi_head_runtime {

template <class T, std::size_t DOut>
void check_wrapper(const std::string& name) {
  const auto file = cf_test::load_case<T>(name);
  const auto m = cf_test::load_module<cf::multi_head_attention_wrapper<T, 3, DOut, 6, 2>>(file);
  const auto x = cf_test::unflatten<2>(tensor_matrix<T, 12, 3>(file, "inputs"));
  const auto r = m.forward_intermediates(x);
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.output), tensor_matrix<T, 12, 2 * DOut>(file, "output")));
  if (file.find("heads.0.attn_weights") != nullptr) {
    EXPECT_TRUE(matrix_close(cf_test::flatten(cf_test::head_of(r.weights, 0)),
                             tensor_matrix<T, 12, 6>(file, "heads.0.attn_weights")));
    EXPECT_TRUE(matrix_close(cf_test::flatten(cf_test::head_of(r.weights, 1)),
                             tensor_matrix<T, 12, 6>(file, "heads.1.attn_weights")));
  }
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights));
  EXPECT_TRUE(cf_test::wrapper_is_concatenation(m, x));
  EXPECT_TRUE(cf_test::future_tokens_do_not_matter(m, x));
}

//! The wrapper with DOut 2 against PyTorch.
template <class T>
void wrapper_case() {
  check_wrapper<T, 2>("mha_wrapper_seed123");
}

//! Exercise 3.2: the wrapper with DOut 1 against PyTorch.
template <class T>
void wrapper_dout1_case() {
  check_wrapper<T, 1>("exercise_3_2_wrapper_dout1");
}

template <class T, std::size_t DOut>
auto check_mha(const std::string& name) {
  const auto file = cf_test::load_case<T>(name);
  const auto m = cf_test::load_module<cf::multi_head_attention<T, 3, DOut, 6, 2>>(file);
  const auto x = cf_test::unflatten<2>(tensor_matrix<T, 12, 3>(file, "inputs"));
  const auto r = m.forward_intermediates(x);
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.weights), tensor_matrix<T, 24, 6>(file, "attn_weights")));
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.context), tensor_matrix<T, 12, DOut>(file, "context_before_out_proj")));
  EXPECT_TRUE(matrix_close(cf_test::flatten(r.output), tensor_matrix<T, 12, DOut>(file, "output")));
  EXPECT_TRUE(cf_test::rows_sum_to_one(r.weights));
  EXPECT_TRUE(cf_test::mha_equals_reference(m, x));
  EXPECT_TRUE(cf_test::future_tokens_do_not_matter(m, x));
  EXPECT_TRUE(cf_test::shorter_sequence_is_prefix<3>(m, x));
  return r;
}

template <class T>
constexpr auto ct_mha() {
  return CF_TEST_WITH_FIXTURE(T, multi_head_attention_seed123,
                              cf_test::load_named<cf::multi_head_attention<T, 3, 2, 6, 2>>(ns::tensors)
                                  .forward_intermediates(cf_test::to_batch<2, 6, 3>(ns::inputs)));
}

//! MultiHeadAttention (DOut 2) against PyTorch and, bit for bit, its compile-time evaluation.
template <class T>
void mha_case() {
  const auto r = check_mha<T, 2>("multi_head_attention_seed123");
  constexpr auto ct = ct_mha<T>();
  EXPECT_TRUE(cf::bit_equal(r.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(r.context, ct.context));
  EXPECT_TRUE(cf::bit_equal(r.output, ct.output));
}

//! MultiHeadAttention with DOut 4 against PyTorch.
template <class T>
void mha_dout4_case() {
  check_mha<T, 4>("multi_head_attention_dout4_seed123");
}

// Instantiated once each, in runtime/multi_head_{attention,wrapper}_*test_*.cpp.
#define CF_TEST_MULTI_HEAD_RUNTIME_CASES(T)     \
  extern template void wrapper_case<T>();       \
  extern template void wrapper_dout1_case<T>(); \
  extern template void mha_case<T>();           \
  extern template void mha_dout4_case<T>();
CF_TEST_MULTI_HEAD_RUNTIME_CASES(float)
CF_TEST_MULTI_HEAD_RUNTIME_CASES(double)
#undef CF_TEST_MULTI_HEAD_RUNTIME_CASES

}  // namespace cf_test::multi_head_runtime

#endif
