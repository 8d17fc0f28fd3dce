// constformer/nn/dropout.hpp: a counter-based random generator (SplitMix64 as a function of
// (seed, counter)) and dropout<T>, torch's nn.Dropout: in training mode each element is
// kept with probability 1 - rate and then scaled by 1 / (1 - rate), otherwise set to 0.
//
// The generator uses 64-bit integer operations only, so the random stream, and with it
// every keep mask, is the same at compile time, at run time and on every platform. It is
// not torch's generator: torch's masks (the book's dropout example) cannot be reproduced.
#ifndef CONSTFORMER_NN_DROPOUT_HPP
#define CONSTFORMER_NN_DROPOUT_HPP

#include <bit>          // std::bit_cast (dropout_rate)
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <type_traits>  // std::conditional_t

#include "constformer/core/matrix.hpp"  // matrix

namespace constformer {

//! Value number `counter` (0-based) of the SplitMix64 stream seeded with `seed`: the
//! SplitMix64 finaliser applied to `seed + (counter + 1) * 0x9E3779B97F4A7C15`. Random
//! access, no state: element `i` of a tensor draws `random_bits(seed, first + i)`.
//! Shapes: scalars (seed, counter) in, one 64-bit value out.
//! \code
//! std::uint64_t r0 = cf::random_bits(123, 0);  // value 0 of the stream seeded with 123
//! std::uint64_t r7 = cf::random_bits(123, 7);  // value 7, without computing values 1..6
//! \endcode
constexpr std::uint64_t random_bits(std::uint64_t seed, std::uint64_t counter) noexcept {
  std::uint64_t z = seed + (counter + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

//! A uniform number in [0, 1) from `random_bits(seed, counter)`: its top 24 bits times
//! 2^-24 for float, its top 53 bits times 2^-53 for double (exact, no rounding).
//! Shapes: scalars (seed, counter) in, a scalar `T` out.
//! \code
//! float u = cf::uniform<float>(123, 7);  // in [0, 1)
//! \endcode
template <Scalar T>
constexpr T uniform(std::uint64_t seed, std::uint64_t counter) noexcept {
  const std::uint64_t r = random_bits(seed, counter);
  if constexpr (sizeof(T) == 4)
    return static_cast<T>(static_cast<std::uint32_t>(r >> 40)) * 0x1p-24f;
  else
    return static_cast<T>(r >> 11) * 0x1p-53;
}

//! Dropout with rate `rate` (torch's `p`), a `seed` for the keep masks, and a mode.
//! In training mode element `i` (counter `first + i`) is kept when
//! `uniform<T>(seed, first + i) >= rate`, and the output is `x * (keep ? scale : 0)` with
//! `scale = 1 / (1 - rate)` rounded to T, as torch computes it. In eval mode (`training`
//! false, the default) or with `rate == 0` the layer is exactly the identity.
//!
//! Rate errors: a rate outside [0, 1) known at compile time does not compile (use
//! `make_dropout<Rate>`). A rate set at run time is not trusted: if it is outside [0, 1)
//! or NaN, `valid()` is false and the layer is the identity (the input is returned
//! unchanged) instead of crashing or producing infinities; check `valid()` after setting it.
//! Shapes: `forward` maps `Rows` x `Cols` to `Rows` x `Cols`.
//! \code
//! cf::dropout<float> drop{0.5f, 123, true};  // rate, seed, training
//! cf::matrix<float, 6, 6> w{};
//! cf::matrix<float, 6, 6> dropped = drop.forward(w);
//! \endcode
template <Scalar T>
struct dropout {
  using value_type = T;      //!< element type
  T rate = T(0);             //!< probability of dropping an element, in [0, 1)
  std::uint64_t seed = 0;    //!< seed of the keep masks
  bool training = false;     //!< train mode drops; eval mode (false) is the identity

  //! True when `rate` is in [0, 1) (false for NaN).
  constexpr bool valid() const noexcept { return rate >= T(0) && rate < T(1); }

  //! True when the layer changes anything: training, a valid rate, and a rate above 0.
  constexpr bool active() const noexcept { return training && valid() && rate > T(0); }

  //! `1 / (1 - rate)` rounded to T (2 for rate 0.5).
  constexpr T scale() const noexcept { return T(1) / (T(1) - rate); }

  //! Whether the element with counter `counter` is kept (ignores the mode).
  constexpr bool keep(std::uint64_t counter) const noexcept { return uniform<T>(seed, counter) >= rate; }

  //! The dropout of one element with counter `counter`; the identity unless `active()`.
  constexpr T apply(T x, std::uint64_t counter) const noexcept {
    return active() ? x * (keep(counter) ? scale() : T(0)) : x;
  }

  //! Dropout of a matrix; element (r, c) uses counter `first + r * Cols + c`, so the counters
  //! follow torch's row-major flattening and a [B, S, S] tensor can be done matrix by
  //! matrix with `first = b * S * S`.
  //! Shapes: `Rows` x `Cols` in and out.
  //! \code
  //! auto drop = cf::make_dropout<0.5f>(123);
  //! auto y = drop.forward(cf::matrix<float, 6, 6>{}, 0);  // 6 x 6; counters 0..35
  //! \endcode
  template <std::size_t Rows, std::size_t Cols>
  constexpr matrix<T, Rows, Cols> forward(const matrix<T, Rows, Cols>& x, std::uint64_t first = 0) const noexcept {
    if (!active()) return x;
    matrix<T, Rows, Cols> out{};
    const T s = scale();
    std::uint64_t n = first;
    for (std::size_t r = 0; r < Rows; ++r)
      for (std::size_t c = 0; c < Cols; ++c, ++n) out.elems[r][c] = x.elems[r][c] * (keep(n) ? s : T(0));
    return out;
  }
};

//! A dropout rate given as a template argument: `make_dropout<0.5f>` or `make_dropout<0.1>`.
//! Holds the rate's bit pattern (as double; a float converts exactly), so compilers without
//! floating-point template arguments (Clang before 18) accept it too.
//! \code
//! constexpr cf::dropout_rate r = 0.5f;
//! static_assert(r.is_float && r.value() == 0.5 && r.valid());
//! \endcode
struct dropout_rate {
  std::uint64_t bits;  //!< bit pattern of the rate as a double
  bool is_float;       //!< the rate was written as a float
  //! From a double literal.
  constexpr dropout_rate(double r) noexcept  // NOLINT: implicit on purpose
      : bits(std::bit_cast<std::uint64_t>(r)), is_float(false) {}
  //! From a float literal (exact in double).
  constexpr dropout_rate(float r) noexcept  // NOLINT: implicit on purpose
      : bits(std::bit_cast<std::uint64_t>(static_cast<double>(r))), is_float(true) {}
  //! The rate.
  constexpr double value() const noexcept { return std::bit_cast<double>(bits); }
  //! True when the rate is in [0, 1) (false for NaN).
  constexpr bool valid() const noexcept { return value() >= 0.0 && value() < 1.0; }
};

//! A training-mode dropout whose rate is a compile-time constant: a rate outside [0, 1)
//! is a compile error ("dropout rate must be in [0, 1)"). `T` defaults to the type of
//! `Rate`: `make_dropout<0.5f>(123)` is a `dropout<float>`.
//! Shapes: no tensors; the layer maps `Rows` x `Cols` to `Rows` x `Cols`.
//! \code
//! auto drop = cf::make_dropout<0.5f>(123);        // cf::dropout<float>, training mode
//! auto eval = cf::make_dropout<0.1>(7, false);    // cf::dropout<double>, eval mode
//! // cf::make_dropout<1.5f>(123);                 // does not compile: rate outside [0, 1)
//! \endcode
template <dropout_rate Rate, Scalar T = std::conditional_t<Rate.is_float, float, double>>
constexpr dropout<T> make_dropout(std::uint64_t seed = 0, bool training = true) noexcept {
  static_assert(Rate.valid(), "dropout rate must be in [0, 1)");
  return dropout<T>{static_cast<T>(Rate.value()), seed, training};
}

}  // namespace constformer

#endif  // CONSTFORMER_NN_DROPOUT_HPP
