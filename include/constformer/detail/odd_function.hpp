// constformer/detail/odd_function.hpp
// Internal: the two evaluation forms of tanh and erf, odd functions that tend to 1, from
// their pieces on [0, inf). odd_select (constant evaluation) evaluates only the piece
// that applies; odd_blend (run time) evaluates every piece and picks the result with
// bit masks, so that a loop over it vectorises. Both run the same operations on the
// same values for every input, hence give the same bits. Used by constformer/math.
#ifndef CONSTFORMER_DETAIL_ODD_FUNCTION_HPP
#define CONSTFORMER_DETAIL_ODD_FUNCTION_HPP

#include <constformer/detail/fp_bits.hpp>  // BinaryFloat, bits_t, fp_traits, to_bits, from_bits, blend, is_nan, quieted

namespace constformer::detail {

// The pieces of an odd f with f(a) -> 1, as a class `Pieces` with
//   static constexpr T small_max, clamp;
//   static constexpr T small(T a);  // f(a) for 0 <= a < small_max (f(+0) = +0); odd:
//                                   // small(-a) == -small(a) bit for bit, as any
//                                   // a + a*R(a*a) evaluated in IEEE arithmetic
//   static constexpr T large(T a);  // f(a) for small_max <= a < clamp
//   static constexpr T large_negative(T x);  // -large(-x) bit for bit, -clamp < x <= -small_max
//   static constexpr T large_blend(T a);  // the same bits as large(a), branch-free, also
//                                         // for any a <= clamp (results discarded there)
// From clamp up, f(a) rounds to 1. small(a) and large(a) are >= 0 where they apply.

//! f(x), the form for constant evaluation, as an expression: selects (`?:`), so only the
//! piece that applies is evaluated: small(x) for |x| < small_max (small is odd, bit for
//! bit), +-large(|x|) up to clamp (large_negative(x) = -large(-x), the same bits, below 0),
//! +-1 beyond, and +-0 and NaN (quieted) give themselves. `SMALL_MAX` and `CLAMP` are
//! `Pieces::small_max` and `Pieces::clamp` written as literals, and math::tanh and math::erf
//! expand this in their own bodies: GCC's evaluator charges two operations per use of a
//! named constant and eight per call. The same bits as odd_blend for every input (for all
//! floats: bench/math/constexpr_form_identity.cpp, through odd_select).
#define CONSTFORMER_DETAIL_ODD_SELECT(Pieces, T, x, SMALL_MAX, CLAMP) \
    ((x) > T{}    ? ((x) < SMALL_MAX ? Pieces::small(x)               \
                     : (x) < CLAMP   ? Pieces::large(x)               \
                                     : T(1))                            \
     : (x) < T{}  ? ((x) > -SMALL_MAX ? Pieces::small(x)              \
                     : (x) > -CLAMP   ? Pieces::large_negative(x)     \
                                      : T(-1))                          \
     : (x) != (x) ? ::constformer::detail::quieted(x)                 \
                  : (x))

//! CONSTFORMER_DETAIL_ODD_SELECT as a function, on the named constants (for the tests).
template <class Pieces, BinaryFloat T>
[[nodiscard]] constexpr T odd_select(T x) noexcept {
    return CONSTFORMER_DETAIL_ODD_SELECT(Pieces, T, x, Pieces::small_max, Pieces::clamp);
}

//! f(x), the form for run time: branch-free. Both pieces run on a = |x| (large_blend on
//! a clamped to `clamp`, so it stays finite for a = inf and NaN; small on any a; results
//! discarded where they do not apply), the magnitude is picked with bit masks (1 from
//! clamp up) and x's sign bit put back with a bitwise or (so f(-0) = -0). See exp_blend
//! for why masks and not `?:`.
template <class Pieces, BinaryFloat T>
[[nodiscard, gnu::always_inline]] constexpr T odd_blend(T x) noexcept {
    const bits_t<T> sign = to_bits(x) & fp_traits<T>::sign_mask;
    const T a = from_bits<T>(to_bits(x) ^ sign);
    const bool below_clamp = a < Pieces::clamp;  // false for NaN
    const T large = blend(below_clamp, Pieces::large_blend(blend(below_clamp, a, Pieces::clamp)), T(1));
    const T magnitude = blend(a < Pieces::small_max, Pieces::small(a), large);
    return blend(is_nan(x), quieted(x), from_bits<T>(to_bits(magnitude) | sign));
}

}  // namespace constformer::detail

#endif  // CONSTFORMER_DETAIL_ODD_FUNCTION_HPP
