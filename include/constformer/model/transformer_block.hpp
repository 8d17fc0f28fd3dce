// constformer/model/transformer_block.hpp: gpt_config (the book's GPT_CONFIG_124M as one
// readable value) and transformer_block, the book's pre-LayerNorm TransformerBlock.
#ifndef CONSTFORMER_MODEL_TRANSFORMER_BLOCK_HPP
#define CONSTFORMER_MODEL_TRANSFORMER_BLOCK_HPP

#include <cstddef>  // std::size_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/attention/multi_head.hpp"  // multi_head_attention, kv_cache
#include "constformer/core/matrix.hpp"           // matrix
#include "constformer/model/module.hpp"          // CONSTFORMER_FORWARD_BY_VALUE
#include "constformer/nn/dropout.hpp"            // dropout_rate
#include "constformer/nn/feed_forward.hpp"       // feed_forward
#include "constformer/nn/layer_norm.hpp"         // layer_norm

namespace constformer {

//! A GPT's configuration, written the way the book writes `GPT_CONFIG_124M`; a template
//! argument of `transformer_block` and `gpt_model`. `drop_rate` is recorded for fidelity:
//! these modules compute in eval mode, where dropout is the identity.
//! \code
//! constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32,
//!                               .n_heads = 4, .n_layers = 2, .drop_rate = 0.0, .qkv_bias = false};
//! using model = cf::gpt_model<float, tiny>;
//! \endcode
struct gpt_config {
  std::size_t vocab_size = 0;      //!< number of token ids
  std::size_t context_length = 0;  //!< longest sequence (positions)
  std::size_t emb_dim = 0;         //!< embedding width
  std::size_t n_heads = 1;         //!< attention heads per block
  std::size_t n_layers = 0;        //!< transformer blocks
  dropout_rate drop_rate = 0.0;    //!< dropout rate in training (unused in eval)
  bool qkv_bias = false;           //!< whether the query, key and value projections have a bias
};

//! The book's `GPT_CONFIG_124M`: vocabulary 50257, context 1024, width 768, 12 heads, 12
//! layers, dropout 0.1, no query/key/value bias.
//! \code
//! static_assert(cf::gpt_config_124m.emb_dim == 768);
//! \endcode
inline constexpr gpt_config gpt_config_124m{.vocab_size = 50257,
                                            .context_length = 1024,
                                            .emb_dim = 768,
                                            .n_heads = 12,
                                            .n_layers = 12,
                                            .drop_rate = 0.1,
                                            .qkv_bias = false};

//! The working storage of `transformer_block` for `S` tokens: the LayerNorm output, a
//! branch's output, and the attention's and feed-forward's own.
//! \code
//! using block = cf::transformer_block<float, cf::gpt_config{.vocab_size = 64, .context_length = 8, .emb_dim = 16, .n_heads = 2, .n_layers = 1}>;
//! static cf::workspace_t<block, 8> ws;
//! \endcode
template <class Attention, class FeedForward, Scalar T, std::size_t S, std::size_t EmbDim>
struct transformer_block_workspace {
  matrix<T, S, EmbDim> normed;              //!< `norm1(x)`, then `norm2(x)`
  matrix<T, S, EmbDim> branch;              //!< `att(...)`, then `ff(...)`
  workspace_t<Attention, S> att;            //!< the attention's
  workspace_t<FeedForward, S> ff;           //!< the feed-forward's
};

//! The book's `TransformerBlock(cfg)`, pre-LayerNorm with shortcuts:
//! `x = x + att(norm1(x)); x = x + ff(norm2(x))`. Members, in state_dict order: `att`
//! (causal `multi_head_attention`, E to E, `Config.n_heads` heads, `Config.qkv_bias`), `ff`
//! (`feed_forward`), `norm1`, `norm2` (`layer_norm`).
//! Shapes: `S` x `emb_dim` in and out, `S <= context_length`.
//! \code
//! constexpr cf::gpt_config cfg{.vocab_size = 64, .context_length = 8, .emb_dim = 16, .n_heads = 2, .n_layers = 1};
//! cf::transformer_block<float, cfg> block{};
//! static cf::workspace_t<decltype(block), 8> ws;
//! cf::matrix<float, 8, 16> x{}, y;
//! block.forward_into(x, y, ws);
//! \endcode
template <Scalar T, gpt_config Config>
struct transformer_block {
  static constexpr std::size_t emb_dim = Config.emb_dim;                //!< width
  static constexpr std::size_t context_length = Config.context_length;  //!< longest sequence
  using value_type = T;                                                 //!< element type
  //! Type of `att`.
  using attention = multi_head_attention<T, emb_dim, emb_dim, context_length, Config.n_heads, Config.qkv_bias>;
  using feed_forward_type = feed_forward<T, emb_dim>;  //!< type of `ff`
  using norm = layer_norm<T, emb_dim>;                 //!< type of `norm1`, `norm2`
  //! Working storage for `S` tokens.
  template <std::size_t S>
  using workspace = transformer_block_workspace<attention, feed_forward_type, T, S, emb_dim>;

  BOOST_HANA_DEFINE_STRUCT(transformer_block, (attention, att), (feed_forward_type, ff), (norm, norm1), (norm, norm2));

  //! Rows [first, last) of the block, with the attention's keys and values in `kv` (rows
  //! before `first` as an earlier call left them: incremental decoding). `out` must not be
  //! `x`; its other rows are untouched.
  //! Shapes: `S` x `emb_dim` in and out.
  //! \code
  //! constexpr cf::gpt_config cfg{.vocab_size = 64, .context_length = 8, .emb_dim = 16, .n_heads = 2, .n_layers = 1};
  //! cf::transformer_block<float, cfg> block{};
  //! static cf::workspace_t<decltype(block), 8> ws;
  //! cf::matrix<float, 8, 16> x{}, y;
  //! block.forward_rows(x, y, ws, ws.att.kv, 0, 8);
  //! \endcode
  template <std::size_t S>
    requires(S <= context_length)
  constexpr void forward_rows(const matrix<T, S, emb_dim>& x, matrix<T, S, emb_dim>& out, workspace<S>& ws,
                              kv_cache<T, S, emb_dim>& kv, std::size_t first, std::size_t last) const noexcept {
    norm1.forward_rows(x, ws.normed, first, last);
    att.forward_rows(ws.normed, ws.branch, ws.att, kv, first, last);
    add_rows(ws.branch, x, out, first, last);
    norm2.forward_rows(out, ws.normed, first, last);
    ff.forward_rows(ws.normed, ws.branch, ws.ff, first, last);
    add_rows(ws.branch, out, out, first, last);
  }

  //! The block on every row of `x`.
  //! Shapes: `S` x `emb_dim` in and out.
  //! \code
  //! constexpr cf::gpt_config cfg{.vocab_size = 64, .context_length = 8, .emb_dim = 16, .n_heads = 2, .n_layers = 1};
  //! cf::transformer_block<float, cfg> block{};
  //! static cf::workspace_t<decltype(block), 8> ws;
  //! cf::matrix<float, 8, 16> y;
  //! block.forward_into(cf::matrix<float, 8, 16>{}, y, ws);
  //! \endcode
  template <std::size_t S>
    requires(S <= context_length)
  constexpr void forward_into(const matrix<T, S, emb_dim>& x, matrix<T, S, emb_dim>& out,
                              workspace<S>& ws) const noexcept {
    forward_rows(x, out, ws, ws.att.kv, 0, S);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, emb_dim, emb_dim, context_length)

 private:
  // out = branch + shortcut, row by row (the book adds the shortcut to the branch's output).
  template <std::size_t S>
  static constexpr void add_rows(const matrix<T, S, emb_dim>& branch, const matrix<T, S, emb_dim>& shortcut,
                                 matrix<T, S, emb_dim>& out, std::size_t first, std::size_t last) noexcept {
    for (std::size_t i = first; i < last; ++i)
      for (std::size_t c = 0; c < emb_dim; ++c) out.elems[i][c] = branch.elems[i][c] + shortcut.elems[i][c];
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_TRANSFORMER_BLOCK_HPP
