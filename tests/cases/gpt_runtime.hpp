// Chapter 4 at run time (runtime/gpt_test*.cpp): LayerNorm, GELU, FeedForward,
// TransformerBlock and GPTModel with the fixtures' weights loaded by state_dict name, against
// PyTorch's outputs; greedy generation against torch's generated ids (exactly), cached against
// re-computed decoding (bit for bit). Each case is a function template of the element type;
// runtime/gpt_test.cpp registers the tests, and the other runtime/gpt_test_*.cpp instantiate
// the cases (declared `extern template` below), a few per translation unit, so that each
// compiles quickly.
#ifndef CONSTFORMER_TESTS_CASES_GPT_RUNTIME_HPP
#define CONSTFORMER_TESTS_CASES_GPT_RUNTIME_HPP

#include <gtest/gtest.h>

#include <array>
#include <cmath>  // std::signbit
#include <cstddef>
#include <memory>
#include <string>

#include "constformer/io/tensor_file.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/model/generate.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/nn/feed_forward.hpp"
#include "constformer/nn/gelu.hpp"
#include "constformer/nn/layer_norm.hpp"
#include "cases/gpt.hpp"  // gpt_tiny, gpt_tie
#include "support/json_file.hpp"

namespace cf_test::gpt_runtime {

namespace cf = constformer;

template <class T>
cf::io::tensor_file load_gpt_case(const std::string& name) {
  // Appended piece by piece: GCC 12 at -O3 warns wrongly (-Warray-bounds) on `"literal" + s`.
  std::string path = CONSTFORMER_FIXTURE_DIR;
  path += "/../gpt/";
  path += name;
  path += sizeof(T) == 4 ? ".f32.json" : ".f64.json";
  auto r = cf_test::load_json_file(path);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.file;
}

// The fixtures README's tolerances: float64 1e-12 + 1e-12 |ref|; float32 1e-5 + 1e-4 |ref|
// (an implementation with its own exp, tanh and sqrt, and in-order sums).
template <class T>
constexpr T atol = sizeof(T) == 4 ? T(1e-5) : T(1e-12);
template <class T>
constexpr T rtol = sizeof(T) == 4 ? T(1e-4) : T(1e-12);

// The tensor `name` as Rows x Cols (leading extents folded into rows); a failure on absence
// or a wrong element count.
template <class T, std::size_t Rows, std::size_t Cols>
std::unique_ptr<cf::matrix<T, Rows, Cols>> tensor(const cf::io::tensor_file& file, const std::string& name) {
  auto m = std::make_unique<cf::matrix<T, Rows, Cols>>();
  const auto* t = file.find(name);
  EXPECT_NE(t, nullptr) << name;
  if (t == nullptr || t->data.size() != Rows * Cols) {
    ADD_FAILURE() << name << ": expected " << Rows * Cols << " values";
    return m;
  }
  for (std::size_t i = 0; i < Rows * Cols; ++i) m->elems[i / Cols][i % Cols] = static_cast<T>(t->data[i]);
  return m;
}

template <class M>
std::unique_ptr<M> load(const cf::io::tensor_file& file) {
  auto m = std::make_unique<M>();
  const std::string err = cf::io::load_parameters(*m, file);
  EXPECT_TRUE(err.empty()) << err;
  return m;
}

template <class T, std::size_t Rows, std::size_t E>
void check_layer_norm(const std::string& name) {
  const auto file = load_gpt_case<T>(name);
  const auto ln = load<cf::layer_norm<T, E>>(file);
  const auto x = tensor<T, Rows, E>(file, "inputs");
  const auto ref = tensor<T, Rows, E>(file, "output");
  const auto y = ln->forward(*x);
  EXPECT_TRUE(cf::allclose(y, *ref, rtol<T>, atol<T>)) << name;
}

//! The LayerNorm cases of the book's widths.
template <class T>
void layer_norm_cases() {
  check_layer_norm<T, 2, 6>("layer_norm_book_seed123");
  check_layer_norm<T, 2, 5>("layer_norm_randn_2x5_seed123");
  check_layer_norm<T, 8, 16>("layer_norm_affine_2x4x16");
}

//! The LayerNorm cases of GPT-2's width and of width 1.
template <class T>
void layer_norm_extreme_cases() {
  check_layer_norm<T, 3, 768>("layer_norm_emb768");
  check_layer_norm<T, 6, 1>("layer_norm_emb1");
}

//! GELU (tanh approximation) over the sweep, with torch's signed zeros.
template <class T>
void gelu_sweep_case() {
  const auto file = load_gpt_case<T>("gelu_sweep");
  const auto x = tensor<T, 1, 287>(file, "x");
  const auto ref = tensor<T, 1, 287>(file, "output");
  const auto y = cf::gelu<T>{}.forward(*x);
  EXPECT_TRUE(cf::allclose(y, *ref, rtol<T>, atol<T>));
  // torch's -0 where 1 + tanh rounds to 0: the sign is part of the result.
  for (std::size_t i = 0; i < 287; ++i)
    if (ref->elems[0][i] == T(0)) {
      EXPECT_EQ(std::signbit(y.elems[0][i]), std::signbit(ref->elems[0][i])) << i;
    }
}

template <class T, std::size_t E, std::size_t Rows>
void check_feed_forward(const std::string& name) {
  const auto file = load_gpt_case<T>(name);
  const auto ff = load<cf::feed_forward<T, E>>(file);
  const auto y = ff->forward(*tensor<T, Rows, E>(file, "inputs"));
  EXPECT_TRUE(cf::allclose(y, *tensor<T, Rows, E>(file, "output"), rtol<T>, atol<T>)) << name;
}

//! The FeedForward case of width 8.
template <class T>
void feed_forward_emb8_case() {
  check_feed_forward<T, 8, 6>("feed_forward_emb8");
}

//! The FeedForward case of width 16.
template <class T>
void feed_forward_emb16_case() {
  check_feed_forward<T, 16, 5>("feed_forward_emb16");
}

template <class T, cf::gpt_config C, std::size_t B, std::size_t S>
void check_block(const std::string& name) {
  const auto file = load_gpt_case<T>(name);
  const auto block = load<cf::transformer_block<T, C>>(file);
  const auto x = tensor<T, B * S, C.emb_dim>(file, "inputs");
  const auto ref = tensor<T, B * S, C.emb_dim>(file, "output");
  for (std::size_t b = 0; b < B; ++b) {
    cf::matrix<T, S, C.emb_dim> xb{}, rb{};
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t c = 0; c < C.emb_dim; ++c) {
        xb.elems[i][c] = x->elems[b * S + i][c];
        rb.elems[i][c] = ref->elems[b * S + i][c];
      }
    EXPECT_TRUE(cf::allclose(block->forward(xb), rb, rtol<T>, atol<T>)) << name << " item " << b;
  }
}

//! The TransformerBlock case with two heads.
template <class T>
void transformer_block_case() {
  check_block<T, cf::gpt_config{.vocab_size = 1, .context_length = 8, .emb_dim = 16, .n_heads = 2, .n_layers = 1}, 2,
              8>("transformer_block_ctx8_emb16_h2");
}

//! The TransformerBlock case with four heads and biased query, key and value projections.
template <class T>
void transformer_block_qkv_bias_case() {
  check_block<T,
              cf::gpt_config{
                  .vocab_size = 1, .context_length = 8, .emb_dim = 16, .n_heads = 4, .n_layers = 1, .qkv_bias = true},
              2, 6>("transformer_block_ctx8_emb16_h4_qkvbias");
}

// The prompt of item b of the fixture's `in_idx` (B prompts of P tokens).
template <std::size_t B, std::size_t P>
std::array<cf::token_id, P> fixture_prompt(const cf::io::tensor_data& in_idx, std::size_t b) {
  std::array<cf::token_id, P> prompt{};
  for (std::size_t i = 0; i < P; ++i) prompt[i] = static_cast<cf::token_id>(in_idx.data[b * P + i]);
  return prompt;
}

// The logits of every prompt row against torch's. Generation: check_generation, in a translation
// unit of its own (each half instantiates a different part of the model).
template <class T, cf::gpt_config C, std::size_t B, std::size_t P>
void check_logits(const std::string& name) {
  const auto file = load_gpt_case<T>(name);
  const auto model = load<cf::gpt_model<T, C>>(file);
  const auto* in_idx = file.find("in_idx");
  ASSERT_NE(in_idx, nullptr);
  ASSERT_EQ(in_idx->data.size(), B * P);
  const auto logits_ref = tensor<T, B * P, C.vocab_size>(file, "logits");
  for (std::size_t b = 0; b < B; ++b) {
    const auto prompt = fixture_prompt<B, P>(*in_idx, b);
    auto ws = std::make_unique<cf::workspace_t<cf::gpt_model<T, C>, P>>();
    auto logits = std::make_unique<cf::matrix<T, P, C.vocab_size>>();
    ASSERT_TRUE(model->forward_into(prompt, *logits, *ws));
    cf::matrix<T, P, C.vocab_size> ref{};
    for (std::size_t i = 0; i < P; ++i)
      for (std::size_t v = 0; v < C.vocab_size; ++v) ref.elems[i][v] = logits_ref->elems[b * P + i][v];
    EXPECT_TRUE(cf::allclose(*logits, ref, rtol<T>, atol<T>)) << name << " logits, item " << b;
  }
}

// Generation both ways: the ids equal torch's, and the cached decoder's bits equal re-running
// the window (the ids, and the last logits left in the workspace).
template <class T, cf::gpt_config C, std::size_t B, std::size_t P, std::size_t New>
void check_generation(const std::string& name) {
  const auto file = load_gpt_case<T>(name);
  const auto model = load<cf::gpt_model<T, C>>(file);
  const auto* in_idx = file.find("in_idx");
  const auto* gen = file.find("generated_ids");
  ASSERT_NE(in_idx, nullptr);
  ASSERT_NE(gen, nullptr);
  ASSERT_EQ(in_idx->data.size(), B * P);
  ASSERT_EQ(gen->data.size(), B * (P + New));
  for (std::size_t b = 0; b < B; ++b) {
    const auto prompt = fixture_prompt<B, P>(*in_idx, b);
    auto wc = std::make_unique<cf::workspace_t<cf::gpt_model<T, C>, C.context_length>>();
    auto wr = std::make_unique<cf::workspace_t<cf::gpt_model<T, C>, C.context_length>>();
    cf::generated<P + New> cached{}, recomputed{};
    cf::generate_into<New>(*model, prompt, cached, *wc, cf::decoding::cached);
    cf::generate_into<New>(*model, prompt, recomputed, *wr, cf::decoding::recompute);
    ASSERT_TRUE(cached.ok);
    ASSERT_TRUE(recomputed.ok);
    for (std::size_t i = 0; i < P + New; ++i)
      EXPECT_EQ(cached.ids[i], static_cast<cf::token_id>(gen->data[b * (P + New) + i]))
          << name << " item " << b << " id " << i;
    EXPECT_EQ(cached.ids, recomputed.ids);
    EXPECT_TRUE(cf::bit_equal(wc->last_logits, wr->last_logits)) << name << ": cached and recomputed bits differ";
  }
}

//! The tiny model's logits: two prompts of 4 tokens.
template <class T>
void tiny_model_logits_case() {
  check_logits<T, cf_test::gpt_tiny, 2, 4>("gpt_tiny_seed123");
}

//! The tiny model's generation: 8 new tokens after each prompt.
template <class T>
void tiny_model_generation_case() {
  check_generation<T, cf_test::gpt_tiny, 2, 4, 8>("gpt_tiny_seed123");
}

//! The tiny model's logits on full 16-token windows.
template <class T>
void tiny_model_cropped_logits_case() {
  check_logits<T, cf_test::gpt_tiny, 2, 16>("gpt_tiny_seed123_crop");
}

//! The tiny model's generation from full windows (generation crops the context).
template <class T>
void tiny_model_cropped_generation_case() {
  check_generation<T, cf_test::gpt_tiny, 2, 16, 6>("gpt_tiny_seed123_crop");
}

//! The tie model's logits.
template <class T>
void tie_logits_case() {
  check_logits<T, cf_test::gpt_tie, 2, 5>("gpt_tie_first_index");
}

//! Equal logits: the first index wins, as torch.argmax.
template <class T>
void tie_takes_first_index_case() {
  check_generation<T, cf_test::gpt_tie, 2, 5, 6>("gpt_tie_first_index");
}

// Instantiated once each, in runtime/gpt_test_*.cpp.
#define CF_TEST_GPT_RUNTIME_CASES(T)                            \
  extern template void layer_norm_cases<T>();                   \
  extern template void layer_norm_extreme_cases<T>();           \
  extern template void gelu_sweep_case<T>();                    \
  extern template void feed_forward_emb8_case<T>();             \
  extern template void feed_forward_emb16_case<T>();            \
  extern template void transformer_block_case<T>();             \
  extern template void transformer_block_qkv_bias_case<T>();    \
  extern template void tiny_model_logits_case<T>();             \
  extern template void tiny_model_generation_case<T>();         \
  extern template void tiny_model_cropped_logits_case<T>();     \
  extern template void tiny_model_cropped_generation_case<T>(); \
  extern template void tie_logits_case<T>();                    \
  extern template void tie_takes_first_index_case<T>();
CF_TEST_GPT_RUNTIME_CASES(float)
CF_TEST_GPT_RUNTIME_CASES(double)
#undef CF_TEST_GPT_RUNTIME_CASES

// The GPT models' loads, which several files share, compiled once per element type in
// runtime/gpt_test_loads_f32.cpp and _f64.cpp: the parameter walk of a whole GPT costs each file
// that instantiates it 0.3 to 0.5 s on GCC 12.
#define CF_TEST_GPT_RUNTIME_LOADS(T)                                                                              \
  extern template std::unique_ptr<cf::gpt_model<T, cf_test::gpt_tiny>> load<cf::gpt_model<T, cf_test::gpt_tiny>>( \
      const cf::io::tensor_file&);                                                                                \
  extern template std::unique_ptr<cf::gpt_model<T, cf_test::gpt_tie>> load<cf::gpt_model<T, cf_test::gpt_tie>>(   \
      const cf::io::tensor_file&);
CF_TEST_GPT_RUNTIME_LOADS(float)
CF_TEST_GPT_RUNTIME_LOADS(double)
#undef CF_TEST_GPT_RUNTIME_LOADS

}  // namespace cf_test::gpt_runtime

#endif
