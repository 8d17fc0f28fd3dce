// constformer/nn/linear.hpp: linear<T, InFeatures, OutFeatures, Bias>, torch's nn.Linear:
// `y = x W^T + b` with the weight stored [out_features, in_features] as in a state_dict.
#ifndef CONSTFORMER_NN_LINEAR_HPP
#define CONSTFORMER_NN_LINEAR_HPP

#include <cstddef>      // std::size_t
#include <type_traits>  // std::conditional_t

#include <boost/hana/pair.hpp>    // hana::make_pair: (name, accessor) entries
#include <boost/hana/string.hpp>  // BOOST_HANA_STRING: the state_dict names
#include <boost/hana/tuple.hpp>   // hana::make_tuple: the list of entries

#include "constformer/core/batch.hpp"     // batch
#include "constformer/core/matrix.hpp"    // matrix, vector
#include "constformer/core/ops.hpp"       // detail::matmul_transposed_rows
#include "constformer/model/module.hpp"   // absent, no_workspace, CONSTFORMER_FORWARD_BY_VALUE

namespace constformer {

//! A fully connected layer from `InFeatures` to `OutFeatures` in PyTorch's layout: member
//! `weight` is `matrix<T, OutFeatures, InFeatures>`, and member `bias` is
//! `vector<T, OutFeatures>` when `Bias` is true (otherwise `absent`: no state_dict entry).
//! The member names are the state_dict keys, listed as a Hana Struct (no `bias` entry without one), so
//! the type is a Hana Struct and still a literal aggregate: `linear<float, 3, 2>{}` is all
//! zeros, and `linear<float, 3, 2>{{{{...}, {...}}}}` sets the weight.
//!
//! `forward_into(x, out, ws)` maps `x` (`S` x `InFeatures`, any `S`) to `x W^T (+ b)`
//! (`S` x `OutFeatures`): S*In*Out multiply-adds, each output the dot product in increasing
//! input index from +0, then the bias added once. It needs no workspace (`no_workspace`).
//! `forward(x)` (matrix or batch) and `layer(x)` wrap it.
//! Shapes: weight `OutFeatures` x `InFeatures`, bias 1 x `OutFeatures`; `S` x `InFeatures` in, `S` x `OutFeatures` out.
//! \code
//! cf::linear<float, 3, 2, true> layer{};  // weight 2 x 3, bias 1 x 2
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 6, 2> y = layer(x);
//! \endcode
template <Scalar T, std::size_t InFeatures, std::size_t OutFeatures, bool Bias = false>
struct linear {
  using value_type = T;                                     //!< element type
  static constexpr std::size_t in_features = InFeatures;    //!< width of the input
  static constexpr std::size_t out_features = OutFeatures;  //!< width of the output
  static constexpr bool has_bias = Bias;                    //!< whether member `bias` is a parameter
  //! Type of `bias`: a 1 x `OutFeatures` vector, or `absent`.
  using bias_type = std::conditional_t<Bias, vector<T, OutFeatures>, absent>;
  //! A linear layer needs no working storage.
  template <std::size_t S>
  using workspace = no_workspace;

  matrix<T, OutFeatures, InFeatures> weight{};  //!< `weight`, [out_features, in_features]
  bias_type bias{};                           //!< `bias`, [out_features] (or `absent`)

  //! The state_dict entries (a Hana Struct): `weight`, and `bias` when there is one.
  struct hana_accessors_impl {
    //! The (name, accessor) pairs, in state_dict order.
    static constexpr auto apply() noexcept {
      namespace hana = boost::hana;
      auto weight_entry = hana::make_pair(BOOST_HANA_STRING("weight"), detail::member_accessor<&linear::weight>{});
      if constexpr (Bias)
        return hana::make_tuple(weight_entry,
                                hana::make_pair(BOOST_HANA_STRING("bias"), detail::member_accessor<&linear::bias>{}));
      else
        return hana::make_tuple(weight_entry);
    }
  };

  //! Rows [first, last) of `forward_into(x, out, ws)`; the other rows of `out` are untouched.
  //! What incremental decoding uses to compute only a new position.
  //! Shapes: `S` x `InFeatures` in, `SOut` x `OutFeatures` out, `last <= S`, `last <= SOut`.
  //! \code
  //! cf::linear<float, 3, 2> layer{};
  //! cf::matrix<float, 6, 2> out{};
  //! layer.forward_rows(cf::matrix<float, 6, 3>{}, out, 5, 6);  // only row 5
  //! \endcode
  template <std::size_t S>
  constexpr void forward_rows(const matrix<T, S, InFeatures>& x, matrix<T, S, OutFeatures>& out, std::size_t first,
                              std::size_t last) const noexcept {
    detail::matmul_transposed_rows(x, weight, out, first, last);
    if constexpr (Bias) {
      const T* b = bias.elems[0];
      for (std::size_t i = first; i < last; ++i) {
        T* o = out.elems[i];
        for (std::size_t j = 0; j < OutFeatures; ++j) o[j] = o[j] + b[j];
      }
    }
  }

  //! `x W^T (+ b)` into `out`, which must not alias `x`. The stack holds at most the 64 x 64
  //! panel of the run-time matrix product (see `matmul_transposed_into`).
  //! Shapes: `S` x `InFeatures` in, `S` x `OutFeatures` out.
  //! \code
  //! cf::linear<float, 3, 2> layer{};
  //! cf::matrix<float, 6, 2> out;
  //! cf::no_workspace ws{};
  //! layer.forward_into(cf::matrix<float, 6, 3>{}, out, ws);
  //! \endcode
  template <std::size_t S>
  constexpr void forward_into(const matrix<T, S, InFeatures>& x, matrix<T, S, OutFeatures>& out,
                              no_workspace& /*ws*/) const noexcept {
    forward_rows(x, out, 0, S);
  }

  CONSTFORMER_FORWARD_BY_VALUE(T, InFeatures, OutFeatures, unbounded_context)
};

}  // namespace constformer

#endif  // CONSTFORMER_NN_LINEAR_HPP
