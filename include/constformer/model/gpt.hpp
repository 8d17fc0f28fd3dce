// constformer/model/gpt.hpp: gpt_model, the book's GPTModel (token and position embeddings,
// transformer blocks, final LayerNorm, output head), with a workspace that doubles as the
// key/value cache for incremental decoding.
#ifndef CONSTFORMER_MODEL_GPT_HPP
#define CONSTFORMER_MODEL_GPT_HPP

#include <array>    // std::array: trf_blocks (state_dict trf_blocks.0, ...), per-layer caches
#include <cstddef>  // std::size_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/attention/multi_head.hpp"       // kv_cache
#include "constformer/core/matrix.hpp"                // matrix
#include "constformer/model/module.hpp"               // workspace_t
#include "constformer/model/transformer_block.hpp"    // gpt_config, transformer_block
#include "constformer/nn/embedding.hpp"               // embedding, token_id
#include "constformer/nn/layer_norm.hpp"              // layer_norm
#include "constformer/nn/linear.hpp"                  // linear

namespace constformer {

//! The working storage of `gpt_model` for windows of up to `S` tokens: the token ids of the
//! window, two hidden-state buffers, one block workspace shared by the blocks (they run one
//! after another), the keys and values of every layer (kept between calls: the cache of
//! incremental decoding) and the last position's logits.
//! \code
//! constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
//! static cf::workspace_t<cf::gpt_model<float, tiny>, 16> ws;  // about 43 KB, in .bss
//! \endcode
template <Scalar T, gpt_config Config, std::size_t S>
struct gpt_workspace {
  token_id ids[S];                                                  //!< the window's token ids
  matrix<T, S, Config.emb_dim> hidden[2];                           //!< hidden states, in turn
  workspace_t<transformer_block<T, Config>, S> block;               //!< shared by the blocks
  std::array<kv_cache<T, S, Config.emb_dim>, Config.n_layers> cache;  //!< keys and values per layer
  matrix<T, 1, Config.emb_dim> last_hidden;                         //!< final_norm of the last position
  matrix<T, 1, Config.vocab_size> last_logits;                      //!< logits of the last position
};

//! The book's `GPTModel(cfg)` in eval mode: `tok_emb(ids) + pos_emb(0..T-1)`, the
//! `Config.n_layers` blocks, `final_norm`, `out_head` (no bias). Members, in state_dict
//! order: `tok_emb`, `pos_emb` (`embedding`), `trf_blocks` (a `std::array` of
//! `transformer_block`, so `trf_blocks.0.att.W_query.weight` and so on), `final_norm`
//! (`layer_norm`), `out_head` (`linear`, vocabulary rows).
//!
//! Token ids at or past `vocab_size` are refused (the call returns false and the outputs
//! are unspecified), never read out of bounds.
//! Shapes: `S <= context_length` token ids in, `S` x `vocab_size` logits out.
//! \code
//! constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
//! static cf::gpt_model<float, tiny> model;  // weights loaded by name, e.g. cf::io::load_safetensors
//! static cf::workspace_t<decltype(model), 16> ws;
//! static cf::matrix<float, 4, 64> logits;
//! static cf::workspace_t<decltype(model), 4> ws4;
//! bool ok = model.forward_into(std::array<cf::token_id, 4>{29, 42, 20, 25}, logits, ws4);
//! \endcode
template <Scalar T, gpt_config Config>
  requires(Config.vocab_size > 0 && Config.context_length > 0 && Config.emb_dim > 0 && Config.n_layers > 0)
struct gpt_model {
  using value_type = T;                                                 //!< element type
  static constexpr gpt_config config = Config;                          //!< the configuration
  static constexpr std::size_t vocab_size = Config.vocab_size;          //!< token ids
  static constexpr std::size_t context_length = Config.context_length;  //!< longest window
  static constexpr std::size_t emb_dim = Config.emb_dim;                //!< width
  using block_type = transformer_block<T, Config>;                      //!< type of each block
  //! Working storage (and key/value cache) for windows of up to `S` tokens.
  template <std::size_t S>
  using workspace = gpt_workspace<T, Config, S>;

  BOOST_HANA_DEFINE_STRUCT(gpt_model, (embedding<T, vocab_size, emb_dim>, tok_emb),
                           (embedding<T, context_length, emb_dim>, pos_emb),
                           (std::array<block_type, Config.n_layers>, trf_blocks), (layer_norm<T, emb_dim>, final_norm),
                           (linear<T, emb_dim, vocab_size>, out_head));

  //! Rows [first, last) of the hidden states after `final_norm`, for the ids in `ws.ids`
  //! (position i is row i), with each layer's keys and values for rows before `first` read
  //! from `ws.cache` as an earlier call left them. Returns the buffer holding the result, or
  //! null when an id in [first, last) is not in the vocabulary.
  //! Shapes: `S` ids in `ws.ids`; an `S` x `emb_dim` matrix out.
  //! \code
  //! // see forward_into and generate
  //! \endcode
  template <std::size_t S>
    requires(S <= context_length)
  constexpr const matrix<T, S, emb_dim>* hidden_rows(workspace<S>& ws, std::size_t first,
                                                    std::size_t last) const noexcept {
    for (std::size_t i = first; i < last; ++i)
      if (!tok_emb.contains(ws.ids[i])) return nullptr;
    matrix<T, S, emb_dim>* x = &ws.hidden[0];
    matrix<T, S, emb_dim>* y = &ws.hidden[1];
    for (std::size_t i = first; i < last; ++i) {
      const T* tok = tok_emb.lookup(ws.ids[i]);
      const T* pos = pos_emb.lookup(i);
      for (std::size_t c = 0; c < emb_dim; ++c) x->elems[i][c] = tok[c] + pos[c];
    }
    for (std::size_t l = 0; l < Config.n_layers; ++l) {
      trf_blocks[l].forward_rows(*x, *y, ws.block, ws.cache[l], first, last);
      matrix<T, S, emb_dim>* t = x;
      x = y;
      y = t;
    }
    final_norm.forward_rows(*x, *x, first, last);
    return x;
  }

  //! The logits of the last of the first `n` positions of the window in `ws`, computed
  //! after `hidden_rows` covered it, into `ws.last_logits`.
  //! Shapes: an `S` x `emb_dim` hidden matrix in; 1 x `vocab_size` logits out.
  //! \code
  //! // see generate
  //! \endcode
  template <std::size_t S>
  constexpr const matrix<T, 1, vocab_size>& last_logits(const matrix<T, S, emb_dim>& hidden, workspace<S>& ws,
                                                        std::size_t n) const noexcept {
    for (std::size_t c = 0; c < emb_dim; ++c) ws.last_hidden.elems[0][c] = hidden.elems[n - 1][c];
    out_head.forward_rows(ws.last_hidden, ws.last_logits, 0, 1);
    return ws.last_logits;
  }

  //! The logits of every position of `ids` into `logits` (the book's `model(in_idx)` for
  //! one sequence). Returns false, leaving `logits` unspecified, when an id is not in the
  //! vocabulary. Also fills `ws.cache` with the window's keys and values.
  //! Shapes: `S` ids in (`S <= context_length`), `S` x `vocab_size` out.
  //! \code
  //! constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
  //! static cf::gpt_model<float, tiny> model;
  //! static cf::workspace_t<decltype(model), 4> ws;
  //! static cf::matrix<float, 4, 64> logits;
  //! bool ok = model.forward_into(std::array<cf::token_id, 4>{29, 42, 20, 25}, logits, ws);
  //! \endcode
  template <std::size_t S>
    requires(S <= context_length)
  constexpr bool forward_into(const std::array<token_id, S>& ids, matrix<T, S, vocab_size>& logits,
                              workspace<S>& ws) const noexcept {
    for (std::size_t i = 0; i < S; ++i) ws.ids[i] = ids[i];
    const matrix<T, S, emb_dim>* h = hidden_rows(ws, 0, S);
    if (h == nullptr) return false;
    out_head.forward_rows(*h, logits, 0, S);
    return true;
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_GPT_HPP
