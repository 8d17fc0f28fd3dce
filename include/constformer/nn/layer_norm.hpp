// constformer/nn/layer_norm.hpp: layer_norm<T, EmbDim>, the book's LayerNorm: each row
// normalised to mean 0 and (biased) variance 1, then scaled and shifted.
#ifndef CONSTFORMER_NN_LAYER_NORM_HPP
#define CONSTFORMER_NN_LAYER_NORM_HPP

#include <cstddef>  // std::size_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/core/matrix.hpp"   // matrix, vector
#include "constformer/math/sqrt.hpp"     // math::sqrt
#include "constformer/model/module.hpp"  // no_workspace, CONSTFORMER_FORWARD_BY_VALUE

namespace constformer {

//! The book's `LayerNorm(emb_dim)`: for each row x of `EmbDim` values,
//! `mean = sum(x) / EmbDim`, `var = sum((x - mean)^2) / EmbDim` (biased, `unbiased=False`),
//! `scale * ((x - mean) / sqrt(var + eps)) + shift`, with `eps = 1e-5` rounded to `T` (inside
//! the square root). Sums run in increasing index from +0. Members, named as the
//! state_dict: `scale` and `shift` (torch shape [EmbDim]). `layer_norm{}` is all zeros;
//! `layer_norm::initial()` is torch's initialisation (scale 1, shift 0).
//! Shapes: `S` x `EmbDim` in and out; `out` may be `x` itself.
//! \code
//! constexpr auto ln = cf::layer_norm<float, 6>::initial();
//! cf::matrix<float, 2, 6> y = ln(cf::matrix<float, 2, 6>{});  // rows of 0 stay 0
//! \endcode
template <Scalar T, std::size_t EmbDim>
struct layer_norm {
  using value_type = T;                          //!< element type
  static constexpr std::size_t emb_dim = EmbDim;  //!< width of a row
  static constexpr T eps = T(1e-5);               //!< added to the variance, as torch's float32(1e-5)
  //! LayerNorm needs no working storage.
  template <std::size_t S>
  using workspace = no_workspace;

  BOOST_HANA_DEFINE_STRUCT(layer_norm, (vector<T, EmbDim>, scale), (vector<T, EmbDim>, shift));

  //! torch's initial LayerNorm: scale 1, shift 0.
  //! \code
  //! static_assert(cf::layer_norm<float, 4>::initial().scale(0, 3) == 1.0f);
  //! \endcode
  static constexpr layer_norm initial() noexcept {
    layer_norm ln{};
    for (std::size_t c = 0; c < EmbDim; ++c) ln.scale.elems[0][c] = T(1);
    return ln;
  }

  //! Rows [first, last) of `x` normalised into the same rows of `out` (which may be `x`).
  //! Shapes: `S` x `EmbDim` in and out.
  //! \code
  //! constexpr auto ln = cf::layer_norm<float, 6>::initial();
  //! cf::matrix<float, 4, 6> x{};
  //! ln.forward_rows(x, x, 3, 4);  // row 3, in place
  //! \endcode
  template <std::size_t S>
  constexpr void forward_rows(const matrix<T, S, EmbDim>& x, matrix<T, S, EmbDim>& out, std::size_t first,
                              std::size_t last) const noexcept {
    const T* g = scale.elems[0];
    const T* b = shift.elems[0];
    for (std::size_t i = first; i < last; ++i) {
      const T* xi = x.elems[i];
      T sum{};
      for (std::size_t c = 0; c < EmbDim; ++c) sum += xi[c];
      const T mean = sum / T(EmbDim);
      T squares{};
      for (std::size_t c = 0; c < EmbDim; ++c) squares += (xi[c] - mean) * (xi[c] - mean);
      const T root = math::sqrt(squares / T(EmbDim) + eps);
      T* o = out.elems[i];
      for (std::size_t c = 0; c < EmbDim; ++c) o[c] = g[c] * ((xi[c] - mean) / root) + b[c];
    }
  }

  //! Every row of `x` normalised into `out`.
  //! Shapes: `S` x `EmbDim` in and out.
  //! \code
  //! constexpr auto ln = cf::layer_norm<float, 6>::initial();
  //! cf::matrix<float, 2, 6> y;
  //! cf::no_workspace ws{};
  //! ln.forward_into(cf::matrix<float, 2, 6>{}, y, ws);
  //! \endcode
  template <std::size_t S>
  constexpr void forward_into(const matrix<T, S, EmbDim>& x, matrix<T, S, EmbDim>& out,
                              no_workspace& /*ws*/) const noexcept {
    forward_rows(x, out, 0, S);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, EmbDim, EmbDim, unbounded_context)
};

}  // namespace constformer

#endif  // CONSTFORMER_NN_LAYER_NORM_HPP
