// constformer/nn/linear.hpp: linear<T, InFeatures, OutFeatures, Bias>, torch's nn.Linear:
// `y = x W^T + b` with the weight stored [out_features, in_features] as in a state_dict.
#ifndef CONSTFORMER_NN_LINEAR_HPP
#define CONSTFORMER_NN_LINEAR_HPP

#include <cstddef>  // std::size_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/core/batch.hpp"   // batch
#include "constformer/core/matrix.hpp"  // matrix, vector
#include "constformer/core/ops.hpp"     // matmul_transposed

namespace constformer {

//! A fully connected layer from `InFeatures` to `OutFeatures` in PyTorch's layout: member
//! `weight` is `matrix<T, OutFeatures, InFeatures>`, and when `Bias` is true a member `bias`
//! is `vector<T, OutFeatures>`. The member names are the state_dict keys (`weight`, `bias`);
//! both are declared with `BOOST_HANA_DEFINE_STRUCT`, so the type is a Hana Struct and still
//! a literal aggregate: `linear<float, 3, 2>{}` is all zeros, and
//! `linear<float, 3, 2>{{{{...}, {...}}}}` sets the weight.
//!
//! `forward(x)` maps `x` (`S` x `InFeatures`, any `S`) to `x W^T (+ b)` (`S` x `OutFeatures`):
//! S*In*Out multiply-adds, each output the dot product in increasing input index, then the
//! bias added once.
//! \code
//! cf::linear<float, 3, 2, true> layer{};  // weight 2 x 3, bias 1 x 2
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 6, 2> y = layer(x);
//! \endcode
template <Scalar T, std::size_t InFeatures, std::size_t OutFeatures, bool Bias = false>
struct linear;

//! The layer without bias: `y = x W^T`.
//! Shapes: weight `OutFeatures` x `InFeatures`; `S` x `InFeatures` in, `S` x `OutFeatures` out.
//! \code
//! cf::linear<float, 3, 2> layer{};
//! auto y = layer.forward(cf::matrix<float, 6, 3>{});  // 6 x 2
//! \endcode
template <Scalar T, std::size_t InFeatures, std::size_t OutFeatures>
struct linear<T, InFeatures, OutFeatures, false> {
  using value_type = T;                                     //!< element type
  static constexpr std::size_t in_features = InFeatures;    //!< width of the input
  static constexpr std::size_t out_features = OutFeatures;  //!< width of the output
  static constexpr bool has_bias = false;                   //!< this specialisation has no `bias`

  BOOST_HANA_DEFINE_STRUCT(linear, (matrix<T, OutFeatures, InFeatures>, weight));

  //! `x W^T` for `x` of `S` x `InFeatures`.
  //! Shapes: `S` x `InFeatures` in, `S` x `OutFeatures` out.
  //! \code
  //! cf::linear<float, 3, 2> layer{};
  //! cf::matrix<float, 6, 2> y = layer.forward(cf::matrix<float, 6, 3>{});
  //! \endcode
  template <std::size_t S>
  constexpr matrix<T, S, OutFeatures> forward(const matrix<T, S, InFeatures>& x) const noexcept {
    return matmul_transposed(x, weight);
  }

  //! `forward` applied to each matrix of a batch.
  //! Shapes: [`Batch`, `S`, `InFeatures`] in, [`Batch`, `S`, `OutFeatures`] out.
  //! \code
  //! cf::batch<float, 2, 6, 2> y = layer.forward(cf::batch<float, 2, 6, 3>{});
  //! \endcode
  template <std::size_t Batch, std::size_t S>
  constexpr batch<T, Batch, S, OutFeatures> forward(const batch<T, Batch, S, InFeatures>& x) const noexcept {
    batch<T, Batch, S, OutFeatures> out{};
    for (std::size_t b = 0; b < Batch; ++b) out.items[b] = forward(x.items[b]);
    return out;
  }

  //! Same as `forward`, so a layer is called like torch's `layer(x)`.
  //! Shapes: as `forward`.
  //! \code
  //! auto y = layer(cf::matrix<float, 6, 3>{});  // 6 x OutFeatures
  //! \endcode
  template <class X>
  constexpr auto operator()(const X& x) const noexcept -> decltype(forward(x)) {
    return forward(x);
  }
};

//! The layer with bias: `y = x W^T + b`.
//! Shapes: weight `OutFeatures` x `InFeatures`, bias 1 x `OutFeatures`; `S` x `InFeatures` in, `S` x `OutFeatures` out.
//! \code
//! cf::linear<float, 3, 2, true> layer{};
//! layer.bias = cf::make_vector<float>({0.1f, -0.1f});
//! auto y = layer.forward(cf::matrix<float, 6, 3>{});  // 6 x 2, each row == bias
//! \endcode
template <Scalar T, std::size_t InFeatures, std::size_t OutFeatures>
struct linear<T, InFeatures, OutFeatures, true> {
  using value_type = T;                                     //!< element type
  static constexpr std::size_t in_features = InFeatures;    //!< width of the input
  static constexpr std::size_t out_features = OutFeatures;  //!< width of the output
  static constexpr bool has_bias = true;                    //!< this specialisation has a `bias`

  BOOST_HANA_DEFINE_STRUCT(linear, (matrix<T, OutFeatures, InFeatures>, weight),
                           (vector<T, OutFeatures>, bias));

  //! `x W^T + b` for `x` of `S` x `InFeatures`: each output is the in-order dot product,
  //! then plus the bias.
  //! Shapes: `S` x `InFeatures` in, `S` x `OutFeatures` out.
  //! \code
  //! cf::linear<float, 3, 2, true> layer{};
  //! cf::matrix<float, 6, 2> y = layer.forward(cf::matrix<float, 6, 3>{});
  //! \endcode
  template <std::size_t S>
  constexpr matrix<T, S, OutFeatures> forward(const matrix<T, S, InFeatures>& x) const noexcept {
    matrix<T, S, OutFeatures> out = matmul_transposed(x, weight);
    const T* b = bias.elems[0];
    for (std::size_t i = 0; i < S; ++i) {
      T* o = out.elems[i];
      for (std::size_t j = 0; j < OutFeatures; ++j) o[j] = o[j] + b[j];
    }
    return out;
  }

  //! `forward` applied to each matrix of a batch.
  //! Shapes: [`Batch`, `S`, `InFeatures`] in, [`Batch`, `S`, `OutFeatures`] out.
  //! \code
  //! cf::batch<float, 2, 6, 2> y = layer.forward(cf::batch<float, 2, 6, 3>{});
  //! \endcode
  template <std::size_t Batch, std::size_t S>
  constexpr batch<T, Batch, S, OutFeatures> forward(const batch<T, Batch, S, InFeatures>& x) const noexcept {
    batch<T, Batch, S, OutFeatures> out{};
    for (std::size_t b = 0; b < Batch; ++b) out.items[b] = forward(x.items[b]);
    return out;
  }

  //! Same as `forward`.
  //! Shapes: as `forward`.
  //! \code
  //! auto y = layer(cf::matrix<float, 6, 3>{});  // 6 x OutFeatures
  //! \endcode
  template <class X>
  constexpr auto operator()(const X& x) const noexcept -> decltype(forward(x)) {
    return forward(x);
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_NN_LINEAR_HPP
