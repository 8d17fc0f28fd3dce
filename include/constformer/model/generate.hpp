// constformer/model/generate.hpp: greedy generation with the semantics of the book's
// generate_text_simple, incremental (a key/value cache) or re-running the whole window.
#ifndef CONSTFORMER_MODEL_GENERATE_HPP
#define CONSTFORMER_MODEL_GENERATE_HPP

#include <array>    // std::array: token id sequences
#include <cstddef>  // std::size_t

#include "constformer/model/gpt.hpp"     // gpt_model
#include "constformer/model/module.hpp"  // detail::check_stack_frame
#include "constformer/nn/embedding.hpp"  // token_id
#include "constformer/nn/softmax.hpp"    // detail::softmax_row

namespace constformer {

//! How `generate` computes each step.
enum class decoding {
  cached,     //!< each new position costs one position's work (keys/values kept) while the window grows
  recompute,  //!< every step re-runs the whole window, as generate_text_simple does
};

//! The prompt followed by the generated ids, and whether every id was in the vocabulary
//! (when not, `ok` is false and the ids after the prompt are unspecified).
//! \code
//! cf::generated<12> g{};  // g.ids: 12 token ids
//! \endcode
template <std::size_t N>
struct generated {
  std::array<token_id, N> ids;  //!< prompt, then the new tokens
  bool ok;                      //!< false when the prompt held an id outside the vocabulary
};

namespace detail {
//! torch's argmax: the first index of the largest value (a NaN counts as the largest).
template <class T, std::size_t N>
constexpr token_id argmax_first(const T (&p)[N]) noexcept {
  std::size_t best = 0;
  for (std::size_t j = 1; j < N; ++j)
    if (p[j] > p[best] || (p[j] != p[j] && p[best] == p[best])) best = j;
  return static_cast<token_id>(best);
}
}  // namespace detail

//! Greedy generation, exactly the book's `generate_text_simple(model, idx, MaxNew,
//! context_size=context_length)` for one sequence: `MaxNew` times, take the last
//! `context_length` ids as the window (positions restart at 0 in it), compute the logits of
//! its last position, softmax, and append the argmax (the first index on ties). With
//! `decoding::cached` the keys and values of the window stay in `ws` and each step computes
//! one position until the window is full; after that the window slides, every position
//! moves, and each step re-runs the window. Both decodings give the same bits.
//! Shapes: `PromptLen` ids in; `PromptLen + MaxNew` ids out.
//! \code
//! constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
//! static cf::gpt_model<float, tiny> model;
//! static cf::workspace_t<decltype(model), 16> ws;
//! static cf::generated<12> out;
//! cf::generate_into<8>(model, std::array<cf::token_id, 4>{29, 42, 20, 25}, out, ws);
//! \endcode
template <std::size_t MaxNew, Scalar T, gpt_config Config, std::size_t PromptLen>
  requires(PromptLen > 0)
constexpr void generate_into(const gpt_model<T, Config>& model, const std::array<token_id, PromptLen>& prompt,
                             generated<PromptLen + MaxNew>& out, workspace_t<gpt_model<T, Config>, Config.context_length>& ws,
                             decoding mode = decoding::cached) noexcept {
  constexpr std::size_t ctx = Config.context_length;
  for (std::size_t i = 0; i < PromptLen; ++i) out.ids[i] = prompt[i];
  out.ok = true;
  std::size_t cached = 0;  // positions of the window whose keys and values are in ws.cache
  for (std::size_t n = PromptLen; n < PromptLen + MaxNew; ++n) {
    const std::size_t start = n > ctx ? n - ctx : 0;
    const std::size_t len = n - start;
    if (start != 0 || mode == decoding::recompute) cached = 0;  // positions moved: nothing reusable
    for (std::size_t i = cached; i < len; ++i) ws.ids[i] = out.ids[start + i];
    const auto* hidden = model.hidden_rows(ws, cached, len);
    if (hidden == nullptr) {
      out.ok = false;
      return;
    }
    cached = len;
    auto& logits = model.last_logits(*hidden, ws, len);
    detail::softmax_row(logits.elems[0], ws.last_logits.elems[0], Config.vocab_size);
    out.ids[n] = detail::argmax_first(ws.last_logits.elems[0]);
  }
}

//! `generate_into` with its workspace and result in this frame: for `static_assert`s and
//! small models (a model whose workspace is over `CONSTFORMER_STACK_BUDGET` does not compile).
//! Shapes: `PromptLen` ids in; `PromptLen + MaxNew` ids out.
//! \code
//! constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
//! constexpr cf::gpt_model<float, tiny> model{};  // e.g. from a generated weight header
//! constexpr auto g = cf::generate<8>(model, std::array<cf::token_id, 4>{29, 42, 20, 25});
//! static_assert(g.ok);
//! \endcode
template <std::size_t MaxNew, Scalar T, gpt_config Config, std::size_t PromptLen>
  requires(PromptLen > 0)
constexpr generated<PromptLen + MaxNew> generate(const gpt_model<T, Config>& model,
                                                 const std::array<token_id, PromptLen>& prompt,
                                                 decoding mode = decoding::cached) noexcept {
  using ws_type = workspace_t<gpt_model<T, Config>, Config.context_length>;
  detail::check_stack_frame<sizeof(ws_type) + sizeof(generated<PromptLen + MaxNew>), CONSTFORMER_STACK_BUDGET>();
  generated<PromptLen + MaxNew> out{};
  ws_type ws;
  generate_into<MaxNew>(model, prompt, out, ws, mode);
  return out;
}

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_GENERATE_HPP
