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
//   static constexpr T large_blend(T a);  // the same bits as large(a), branch-free, also
//                                         // for any a <= clamp (results discarded there)
// From clamp up, f(a) rounds to 1. small(a) and large(a) are >= 0 where they apply.

//! f(x), the form for constant evaluation: selects (`?:`), so only the piece that
//! applies is evaluated: small(x) for |x| < small_max (small is odd, bit for bit),
//! +-large(|x|) up to clamp, +-1 beyond, and +-0 and NaN (quieted) give themselves.
//! Written as one expression without helpers: every call and local costs the constant
//! evaluator. The same bits as odd_blend for every input (for all floats:
//! bench/math/constexpr_form_identity.cpp).
template <class Pieces, BinaryFloat T>
[[nodiscard]] constexpr T odd_select(T x) noexcept {
    using p = Pieces;
    return x > T(0)   ? (x < p::small_max ? p::small(x)
                         : x < p::clamp   ? p::large(x)
                                          : T(1))
           : x < T(0) ? (x > -p::small_max ? p::small(x)
                         : x > -p::clamp   ? -p::large(-x)
                                           : T(-1))
           : x != x   ? quieted(x)
                      : x;
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
