// constformer/nn/gelu.hpp: the GELU activation, in the book's tanh approximation (torch's
// `approximate='tanh'`) and exactly (with erf), element-wise.
#ifndef CONSTFORMER_NN_GELU_HPP
#define CONSTFORMER_NN_GELU_HPP

#include <cstddef>      // std::size_t

#include "constformer/core/matrix.hpp"   // matrix
#include "constformer/detail/fp_bits.hpp"  // CONSTFORMER_IS_CONSTANT_EVALUATED
#include "constformer/math/erf.hpp"      // math::erf
#include "constformer/math/sqrt.hpp"     // math::sqrt
#include "constformer/math/tanh.hpp"     // math::tanh
#include "constformer/model/module.hpp"  // no_workspace, CONSTFORMER_FORWARD_BY_VALUE

namespace constformer {

//! Which GELU: the book's tanh approximation (default) or the exact erf form.
enum class gelu_approximation {
  tanh,  //!< `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`, the book's and GPT-2's
  none   //!< `x 0.5 (1 + erf(x / sqrt(2)))`, torch's default `nn.GELU()`
};

namespace detail {
//! `c = sqrt(T(2 / pi))` as `gelu_tanh` uses it.
template <class T>
constexpr T gelu_tanh_constant() noexcept {
  return math::sqrt(static_cast<T>(2.0 / 3.141592653589793));
}
//! `gelu_tanh(x)` with its constant `c` passed in, so that a row computes it once.
template <class T>
constexpr T gelu_tanh_with(T x, T c) noexcept {
  const T cube = x * x * x;
  return T(0.5) * x * (T(1) + math::tanh(c * (x + T(0.044715) * cube)));
}
//! `o[c] = gelu_tanh(x[c])` for c < n; `o` may be `x`. At run time the values go through a
//! local block of 64 before `o`: an in-place call then vectorises too (Clang's overlap check
//! would otherwise send it to its scalar loop). The same function per element, the same bits.
template <class T>
constexpr void gelu_tanh_row(const T* x, T* o, std::size_t n) noexcept {
  const T k = gelu_tanh_constant<T>();  // once, not per element
  if (!CONSTFORMER_IS_CONSTANT_EVALUATED()) {
    constexpr std::size_t block = 64;
    for (std::size_t c0 = 0; c0 < n; c0 += block) {
      const std::size_t m = n - c0 < block ? n - c0 : block;
      T buf[block];
      for (std::size_t c = 0; c < m; ++c) buf[c] = gelu_tanh_with(x[c0 + c], k);
      for (std::size_t c = 0; c < m; ++c) o[c0 + c] = buf[c];
    }
    return;
  }
  for (std::size_t c = 0; c < n; ++c) o[c] = gelu_tanh_with(x[c], k);
}
}  // namespace detail

//! The book's GELU of one value: `0.5 * x * (1 + tanh(c * (x + 0.044715 * x^3)))`, each
//! operation in the order torch evaluates it, with `c = sqrt(T(2 / pi))` as torch computes
//! it (in float32 that is one ulp below the correctly rounded sqrt(2/pi)). Gives `-0` where
//! `1 + tanh(...)` rounds to 0, as torch does.
//! Shapes: a scalar in and out.
//! \code
//! static_assert(cf::gelu_tanh(0.0f) == 0.0f);
//! \endcode
template <Scalar T>
constexpr T gelu_tanh(T x) noexcept {
  return detail::gelu_tanh_with(x, detail::gelu_tanh_constant<T>());
}

//! The exact GELU of one value, as torch's `nn.GELU()`: `x * 0.5 * (1 + erf(x * M_SQRT1_2))`.
//! Shapes: a scalar in and out.
//! \code
//! static_assert(cf::gelu_erf(0.0f) == 0.0f);
//! \endcode
template <Scalar T>
constexpr T gelu_erf(T x) noexcept {
  return x * T(0.5) * (T(1) + math::erf(x * static_cast<T>(0.70710678118654752440)));
}

//! The GELU activation as a module (no parameters): element-wise `gelu_tanh` or `gelu_erf`.
//! Shapes: `S` x `Width` in and out, any `Width`; `out` may be `x` itself.
//! \code
//! cf::gelu<float> act{};
//! cf::matrix<float, 2, 3> y = act(cf::matrix<float, 2, 3>{});
//! \endcode
template <Scalar T, gelu_approximation Approximation = gelu_approximation::tanh>
struct gelu {
  using value_type = T;  //!< element type
  //! GELU needs no working storage.
  template <std::size_t S>
  using workspace = no_workspace;

  //! Rows [first, last) of `x` into the same rows of `out` (which may be `x`).
  //! Shapes: `S` x `Width` in and out.
  //! \code
  //! cf::matrix<float, 4, 8> h{};
  //! cf::gelu<float>{}.forward_rows(h, h, 0, 4);  // in place
  //! \endcode
  template <std::size_t S, std::size_t Width>
  constexpr void forward_rows(const matrix<T, S, Width>& x, matrix<T, S, Width>& out, std::size_t first,
                              std::size_t last) const noexcept {
    if constexpr (Approximation == gelu_approximation::tanh) {
      for (std::size_t i = first; i < last; ++i) detail::gelu_tanh_row(x.elems[i], out.elems[i], Width);
    } else {
      for (std::size_t i = first; i < last; ++i)
        for (std::size_t c = 0; c < Width; ++c) out.elems[i][c] = gelu_erf(x.elems[i][c]);
    }
  }

  //! Every element of `x` into `out`.
  //! Shapes: `S` x `Width` in and out.
  //! \code
  //! cf::matrix<float, 2, 3> y;
  //! cf::no_workspace ws{};
  //! cf::gelu<float>{}.forward_into(cf::matrix<float, 2, 3>{}, y, ws);
  //! \endcode
  template <std::size_t S, std::size_t Width>
  constexpr void forward_into(const matrix<T, S, Width>& x, matrix<T, S, Width>& out,
                              no_workspace& /*ws*/) const noexcept {
    forward_rows(x, out, 0, S);
  }

  //! `forward_into` returned by value.
  //! Shapes: `S` x `Width` in and out.
  //! \code
  //! cf::matrix<float, 2, 3> y = cf::gelu<float>{}.forward(cf::matrix<float, 2, 3>{});
  //! \endcode
  template <std::size_t S, std::size_t Width>
  constexpr matrix<T, S, Width> forward(const matrix<T, S, Width>& x) const noexcept {
    return detail::forward_value<Width>(*this, x);
  }

  //! `forward` on each matrix of a batch.
  //! Shapes: [`B`, `S`, `Width`] in and out.
  //! \code
  //! cf::batch<float, 2, 2, 3> y = cf::gelu<float>{}.forward(cf::batch<float, 2, 2, 3>{});
  //! \endcode
  template <std::size_t B, std::size_t S, std::size_t Width>
  constexpr batch<T, B, S, Width> forward(const batch<T, B, S, Width>& x) const noexcept {
    return detail::forward_batch<Width>(*this, x);
  }

  //! Same as `forward`.
  //! \code
  //! auto y = cf::gelu<float>{}(cf::matrix<float, 2, 3>{});
  //! \endcode
  template <class X>
  constexpr auto operator()(const X& x) const noexcept -> decltype(this->forward(x)) {
    return forward(x);
  }
};

}  // namespace constformer

#endif  // CONSTFORMER_NN_GELU_HPP
