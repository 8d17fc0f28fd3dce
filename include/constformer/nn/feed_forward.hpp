// constformer/nn/feed_forward.hpp: feed_forward<T, EmbDim, Hidden>, the book's FeedForward:
// Linear(EmbDim, Hidden), GELU, Linear(Hidden, EmbDim), with Hidden = 4 * EmbDim by default.
#ifndef CONSTFORMER_NN_FEED_FORWARD_HPP
#define CONSTFORMER_NN_FEED_FORWARD_HPP

#include <cstddef>  // std::size_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name
#include <boost/hana/pair.hpp>           // hana::make_pair: the "0" and "2" entries
#include <boost/hana/string.hpp>         // BOOST_HANA_STRING
#include <boost/hana/tuple.hpp>          // hana::make_tuple

#include "constformer/core/matrix.hpp"   // matrix
#include "constformer/model/module.hpp"  // CONSTFORMER_FORWARD_BY_VALUE, detail::member_accessor
#include "constformer/nn/gelu.hpp"       // gelu
#include "constformer/nn/linear.hpp"     // linear

namespace constformer {

//! The `nn.Sequential(Linear, GELU, Linear)` inside `feed_forward`, with torch's indices as
//! state_dict names: `0.weight`, `0.bias`, `2.weight`, `2.bias` (the GELU, index 1, has no
//! parameters).
//! Shapes: `expand.weight` `Hidden` x `EmbDim`, `contract.weight` `EmbDim` x `Hidden`.
//! \code
//! cf::feed_forward_layers<float, 8, 32, cf::gelu_approximation::tanh> layers{};
//! cf::matrix<float, 32, 8>& w0 = layers.expand.weight;  // state_dict "0.weight"
//! \endcode
template <Scalar T, std::size_t EmbDim, std::size_t Hidden, gelu_approximation Approximation>
struct feed_forward_layers {
  linear<T, EmbDim, Hidden, true> expand;                //!< `0`: EmbDim to Hidden
  ::constformer::gelu<T, Approximation> activation{};   //!< `1`: GELU
  linear<T, Hidden, EmbDim, true> contract;              //!< `2`: Hidden to EmbDim

  //! The state_dict entries (a Hana Struct), named by their index in the Sequential.
  struct hana_accessors_impl {
    //! The (name, accessor) pairs, in state_dict order.
    static constexpr auto apply() noexcept {
      namespace hana = boost::hana;
      return hana::make_tuple(
          hana::make_pair(BOOST_HANA_STRING("0"), detail::member_accessor<&feed_forward_layers::expand>{}),
          hana::make_pair(BOOST_HANA_STRING("2"), detail::member_accessor<&feed_forward_layers::contract>{}));
    }
  };
};

//! The working storage of `feed_forward` for `S` tokens: the hidden activations.
//! Shapes: one `S` x `Hidden` matrix.
//! \code
//! cf::feed_forward_workspace<float, 6, 32> ws{};
//! \endcode
template <Scalar T, std::size_t S, std::size_t Hidden>
struct feed_forward_workspace {
  matrix<T, S, Hidden> hidden;  //!< `GELU(layers.0(x))`
};

//! The book's `FeedForward(cfg)`: `layers.2(GELU(layers.0(x)))`, member `layers` (see
//! `feed_forward_layers`), so the state_dict names are `layers.0.weight` and so on.
//! Shapes: `S` x `EmbDim` in and out.
//! \code
//! cf::feed_forward<float, 8> ff{};  // hidden 32
//! cf::matrix<float, 3, 8> y = ff(cf::matrix<float, 3, 8>{});
//! \endcode
template <Scalar T, std::size_t EmbDim, std::size_t Hidden = 4 * EmbDim,
          gelu_approximation Approximation = gelu_approximation::tanh>
struct feed_forward {
  using value_type = T;                          //!< element type
  static constexpr std::size_t emb_dim = EmbDim;  //!< width of input and output
  static constexpr std::size_t hidden = Hidden;   //!< width of the hidden layer
  //! Working storage for `S` tokens.
  template <std::size_t S>
  using workspace = feed_forward_workspace<T, S, Hidden>;

  BOOST_HANA_DEFINE_STRUCT(feed_forward, (feed_forward_layers<T, EmbDim, Hidden, Approximation>, layers));

  //! Rows [first, last) of the forward pass; the other rows of `out` are untouched.
  //! Shapes: `S` x `EmbDim` in and out.
  //! \code
  //! cf::feed_forward<float, 8> ff{};
  //! static cf::workspace_t<decltype(ff), 3> ws;
  //! cf::matrix<float, 3, 8> x{}, y;
  //! ff.forward_rows(x, y, ws, 0, 3);
  //! \endcode
  template <std::size_t S>
  constexpr void forward_rows(const matrix<T, S, EmbDim>& x, matrix<T, S, EmbDim>& out, workspace<S>& ws,
                              std::size_t first, std::size_t last) const noexcept {
    layers.expand.forward_rows(x, ws.hidden, first, last);
    layers.activation.forward_rows(ws.hidden, ws.hidden, first, last);
    layers.contract.forward_rows(ws.hidden, out, first, last);
  }

  //! The forward pass of every row.
  //! Shapes: `S` x `EmbDim` in and out.
  //! \code
  //! cf::feed_forward<float, 8> ff{};
  //! static cf::workspace_t<decltype(ff), 3> ws;
  //! cf::matrix<float, 3, 8> y;
  //! ff.forward_into(cf::matrix<float, 3, 8>{}, y, ws);
  //! \endcode
  template <std::size_t S>
  constexpr void forward_into(const matrix<T, S, EmbDim>& x, matrix<T, S, EmbDim>& out,
                              workspace<S>& ws) const noexcept {
    forward_rows(x, out, ws, 0, S);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, EmbDim, EmbDim, unbounded_context)
};

}  // namespace constformer

#endif  // CONSTFORMER_NN_FEED_FORWARD_HPP
