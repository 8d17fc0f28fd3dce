// Chapter 4 (LayerNorm, GELU, FeedForward, TransformerBlock, GPTModel, generate_text_simple)
// written once as constexpr functions over a generated fixture namespace (tests/fixtures/gpt):
// the module loaded by state_dict name, its inputs, and its outputs. static/gpt_*.cpp compare
// them with PyTorch's at compile time; runtime/gpt_bits_*_test.cpp compare their bits with the
// same computation at run time.
#ifndef CONSTFORMER_TESTS_CASES_GPT_HPP
#define CONSTFORMER_TESTS_CASES_GPT_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "cases/named.hpp"
#include "constformer/model/generate.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/nn/feed_forward.hpp"
#include "constformer/nn/gelu.hpp"
#include "constformer/nn/layer_norm.hpp"
#include "support/fixture.hpp"

namespace cf_test {

namespace cf = constformer;

// Not constexpr on purpose: reaching it in a constant expression is a compile error naming it.
inline void fixture_lacks_the_tensor() {}

//! The fixture tensor `name` of `table` as Rows x Cols (leading extents folded into rows).
template <std::size_t Rows, std::size_t Cols, class T, std::size_t N>
constexpr cf::matrix<T, Rows, Cols> fixture_tensor(const constformer_fixtures::fixture_entry<T> (&table)[N],
                                                   std::string_view name) {
  cf::matrix<T, Rows, Cols> m{};
  for (const auto& e : table)
    if (std::string_view(e.name) == name && e.size == Rows * Cols) {
      for (std::size_t i = 0; i < Rows * Cols; ++i) m.elems[i / Cols][i % Cols] = e.data[i];
      return m;
    }
  fixture_lacks_the_tensor();
  return m;
}

//! The chapter-4 fixtures README's tolerance: float64 `|got - ref| <= 1e-12 + 1e-12 |ref|`,
//! float32 `1e-6 + 1e-5 |ref|`; always with an absolute part (torch's -0 and tiny GELU
//! outputs, where float32 cancels in `1 + tanh`, compare with their absolute error).
template <class T>
constexpr bool gpt_close(T got, T ref) {
  if constexpr (sizeof(T) == 8) return abs_of(got - ref) <= 1e-12 + 1e-12 * abs_of(ref);
  else return abs_of(got - ref) <= 1e-6f + 1e-5f * abs_of(ref);
}

//! Rows [first, first + Rows) of the flat row-major reference `ref` against `m`, with
//! `gpt_close`, or with `atol + rtol |ref|` when `atol` is given.
template <class T, std::size_t Rows, std::size_t Cols, std::size_t N>
constexpr bool rows_close(const cf::matrix<T, Rows, Cols>& m, const T (&ref)[N], std::size_t first = 0, T atol = 0,
                          T rtol = 0) {
  if ((first + Rows) * Cols > N) return false;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) {
      const T want = ref[(first + r) * Cols + c];
      const T got = m.elems[r][c];
      if (atol == T(0) ? !gpt_close(got, want) : abs_of(got - want) > atol + rtol * abs_of(want)) return false;
    }
  return true;
}

//! A module of a case and its input.
template <class M, std::size_t Rows, std::size_t Cols>
struct module_case {
  M module;                                                   //!< loaded by state_dict name
  cf::matrix<typename M::value_type, Rows, Cols> input;      //!< the fixture's input
};

//! `M` loaded from `table`, and the input tensor `input` as Rows x Cols.
template <class M, std::size_t Rows, std::size_t Cols, class T, std::size_t N>
constexpr module_case<M, Rows, Cols> load_case(const constformer_fixtures::fixture_entry<T> (&table)[N],
                                               std::string_view input) {
  return {load_named<M>(table), fixture_tensor<Rows, Cols>(table, input)};
}

//! A transformer block's output for a batch of `B` sequences stacked as rows (each
//! sequence of `S` rows through the block on its own).
template <std::size_t B, class Block, std::size_t Rows, std::size_t E>
  requires(Rows % B == 0)
constexpr cf::matrix<typename Block::value_type, Rows, E> block_forward(
    const Block& block, const cf::matrix<typename Block::value_type, Rows, E>& x) {
  constexpr std::size_t s = Rows / B;
  cf::matrix<typename Block::value_type, Rows, E> y{};
  for (std::size_t b = 0; b < B; ++b) {
    cf::matrix<typename Block::value_type, s, E> xb{};
    for (std::size_t i = 0; i < s; ++i)
      for (std::size_t c = 0; c < E; ++c) xb.elems[i][c] = x.elems[b * s + i][c];
    const auto yb = block.forward(xb);
    for (std::size_t i = 0; i < s; ++i)
      for (std::size_t c = 0; c < E; ++c) y.elems[b * s + i][c] = yb.elems[i][c];
  }
  return y;
}

//! Prompt `b` of a fixture's `in_idx` [B, P].
template <std::size_t P, std::size_t N>
constexpr std::array<cf::token_id, P> prompt_of(const std::int64_t (&in_idx)[N], std::size_t b) {
  std::array<cf::token_id, P> ids{};
  for (std::size_t i = 0; i < P; ++i) ids[i] = static_cast<cf::token_id>(in_idx[b * P + i]);
  return ids;
}

//! The logits of a GPT model for one prompt (`model(in_idx)[b]`); all zero when an id is
//! out of the vocabulary.
template <class Model, std::size_t P>
constexpr cf::matrix<typename Model::value_type, P, Model::vocab_size> model_logits(
    const Model& model, const std::array<cf::token_id, P>& prompt) {
  cf::workspace_t<Model, P> ws{};
  cf::matrix<typename Model::value_type, P, Model::vocab_size> logits{};
  if (!model.forward_into(prompt, logits, ws)) return {};
  return logits;
}

//! Greedy generation's result and the last step's probabilities (`softmax` of the last
//! logits, as the workspace holds them).
template <class Model, std::size_t N>
struct generation {
  cf::generated<N> out;                                        //!< prompt and new ids
  cf::matrix<typename Model::value_type, 1, Model::vocab_size> last_probas;  //!< of the last step
};

//! `generate_text_simple(model, prompt, New, context_length)` with the key/value cache.
template <std::size_t New, class Model, std::size_t P>
constexpr generation<Model, P + New> generate_case(const Model& model, const std::array<cf::token_id, P>& prompt,
                                                   cf::decoding mode = cf::decoding::cached) {
  cf::workspace_t<Model, Model::context_length> ws{};
  generation<Model, P + New> g{};
  cf::generate_into<New>(model, prompt, g.out, ws, mode);
  g.last_probas = ws.last_logits;
  return g;
}

//! The generated ids equal the fixture's row `b` of `generated_ids` [B, N], exactly.
template <std::size_t N, std::size_t M>
constexpr bool ids_equal(const cf::generated<N>& g, const std::int64_t (&ref)[M], std::size_t b) {
  if (!g.ok || (b + 1) * N > M) return false;
  for (std::size_t i = 0; i < N; ++i)
    if (g.ids[i] != static_cast<cf::token_id>(ref[b * N + i])) return false;
  return true;
}

//! The two block configurations of the fixtures: ctx 8, emb 16, 2 heads; and 4 heads with
//! query, key and value biases.
inline constexpr cf::gpt_config block_h2{
    .vocab_size = 1, .context_length = 8, .emb_dim = 16, .n_heads = 2, .n_layers = 1};
inline constexpr cf::gpt_config block_h4_qkvbias{
    .vocab_size = 1, .context_length = 8, .emb_dim = 16, .n_heads = 4, .n_layers = 1, .qkv_bias = true};

//! Step `K` (from 0) of greedy generation after prompt `b`, on its own: the fixture's
//! `generated_ids` row `b` [N] up to the prompt (`P` ids) and the first `K` new ids is the
//! prompt of `generate<1>`, whose one new id must be the fixture's next. (When every step
//! holds, the whole generation equals the fixture's, by induction; a prompt longer than the
//! context is cropped by `generate` as `generate_text_simple` crops it.)
template <std::size_t P, std::size_t K, std::size_t N, class Model, std::size_t M>
  requires(P + K < N)
constexpr bool generation_step_matches(const Model& model, const std::int64_t (&generated_ids)[M], std::size_t b) {
  std::array<cf::token_id, P + K> prefix{};
  for (std::size_t i = 0; i < P + K; ++i) prefix[i] = static_cast<cf::token_id>(generated_ids[b * N + i]);
  const auto g = cf::generate<1>(model, prefix);
  return g.ok && g.ids[P + K] == static_cast<cf::token_id>(generated_ids[b * N + P + K]);
}

//! The fixtures' GPT configurations: the tiny model (gpt_tiny_seed123 and _crop) and the
//! tie-breaking model (gpt_tie_first_index).
inline constexpr cf::gpt_config gpt_tiny{
    .vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
inline constexpr cf::gpt_config gpt_tie{
    .vocab_size = 16, .context_length = 8, .emb_dim = 8, .n_heads = 2, .n_layers = 1, .qkv_bias = true};

//! A GPT fixture namespace's model, loaded by state_dict name.
template <cf::gpt_config Config, class T, std::size_t N>
constexpr cf::gpt_model<T, Config> load_gpt(const constformer_fixtures::fixture_entry<T> (&table)[N]) {
  return load_named<cf::gpt_model<T, Config>>(table);
}

}  // namespace cf_test

//! A GPT-model case's logits at compile time: `model(in_idx)[b]` of the fixture namespace
//! `ns` (prompts of `P` tokens) against its `logits`, with the fixtures README's tolerances.
#define CF_TEST_CHECK_GPT_LOGITS(ns, model, b, P)                                                     \
  static_assert(::cf_test::rows_close(                                                                \
      ::cf_test::model_logits(model, ::cf_test::prompt_of<P>(::constformer_fixtures::ns::in_idx, b)), \
      ::constformer_fixtures::ns::logits, (b) * (P)))

//! A GPT-model case's greedy generation at compile time: `New` tokens after prompt `b` (of
//! `P` tokens) of the fixture namespace `ns`, cached, equal to its `generated_ids`.
#define CF_TEST_CHECK_GPT_GENERATION(ns, model, b, P, New)                                                      \
  static_assert(::cf_test::ids_equal(                                                                           \
      ::cf_test::generate_case<New>(model, ::cf_test::prompt_of<P>(::constformer_fixtures::ns::in_idx, b)).out, \
      ::constformer_fixtures::ns::generated_ids, b))

//! Step `K` of a GPT-model case's greedy generation at compile time
//! (`generation_step_matches`), for prompt `b` of the fixture namespace `ns`.
#define CF_TEST_CHECK_GPT_GENERATION_STEP(ns, model, b, K)                                              \
  static_assert(::cf_test::generation_step_matches<::constformer_fixtures::ns::in_idx_shape[1], K,      \
                                                   ::constformer_fixtures::ns::generated_ids_shape[1]>( \
      model, ::constformer_fixtures::ns::generated_ids, b))

//! A layer case at compile time: `Module<T, E>` (`layer_norm`, `feed_forward`) loaded from the
//! fixture namespace `ns`, on its `inputs` (`Rows` x `E`), against its `output`.
#define CF_TEST_CHECK_LAYER(ns, Module, Rows, E)                                                                 \
  namespace ns {                                                                                                 \
  using T = std::remove_cvref_t<decltype(::constformer_fixtures::ns::output[0])>;                                \
  constexpr auto c =                                                                                             \
      ::cf_test::load_case<::constformer::Module<T, E>, Rows, E>(::constformer_fixtures::ns::tensors, "inputs"); \
  static_assert(::cf_test::rows_close(c.module.forward(c.input), ::constformer_fixtures::ns::output));           \
  }

//! A transformer-block case at compile time: the block of configuration `Config` loaded from
//! the fixture namespace `ns`, run on its `B` sequences of `S` tokens, against its `output`.
//! (One case per translation unit keeps each under 3 s to compile.)
#define CF_TEST_CHECK_BLOCK(ns, Config, B, S)                                                                  \
  namespace ns {                                                                                               \
  using T = std::remove_cvref_t<decltype(::constformer_fixtures::ns::output[0])>;                              \
  constexpr auto c = ::cf_test::load_case<::constformer::transformer_block<T, Config>, B * S, Config.emb_dim>( \
      ::constformer_fixtures::ns::tensors, "inputs");                                                          \
  static_assert(::cf_test::rows_close(::cf_test::block_forward<B>(c.module, c.input),                          \
                                      ::constformer_fixtures::ns::output));                                    \
  }

#endif
