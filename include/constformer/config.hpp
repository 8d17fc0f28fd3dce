// constformer/config.hpp: version, CONSTFORMER_* macros, the hosted/freestanding switch, and
// the floating-point settings that keep compile-time and run-time results bit-identical.
// Every header includes it before any code of its own.
#ifndef CONSTFORMER_CONFIG_HPP
#define CONSTFORMER_CONFIG_HPP

#include <cstddef>  // std::size_t

#define CONSTFORMER_VERSION_MAJOR 0
#define CONSTFORMER_VERSION_MINOR 1
#define CONSTFORMER_VERSION_PATCH 0
//! Version as one integer: major * 10000 + minor * 100 + patch.
#define CONSTFORMER_VERSION \
  (CONSTFORMER_VERSION_MAJOR * 10000 + CONSTFORMER_VERSION_MINOR * 100 + CONSTFORMER_VERSION_PATCH)

//! 1 when the standard library is hosted (iostreams, files); 0 on freestanding/bare-metal
//! builds unless the user says otherwise. Headers under io/ require it.
#ifndef CONSTFORMER_HOSTED
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && !defined(__ARM_EABI__)
#define CONSTFORMER_HOSTED 1
#else
#define CONSTFORMER_HOSTED 0
#endif
#endif

//! 1: the run-time `matmul_transposed` (every `linear`) transposes its right operand a panel
//! (up to 64 x 64 elements, on the stack) at a time so the inner loop vectorises; 0: one dot
//! product per element, no stack buffer. Both give the same bits. Defaults to 1 on hosted
//! builds and 0 on freestanding/bare-metal ones, where a 16 KB stack frame is not welcome.
#ifndef CONSTFORMER_MATMUL_PANEL
#define CONSTFORMER_MATMUL_PANEL CONSTFORMER_HOSTED
#endif

//! 1 (the default): from here to the end of the translation unit, the compiler may not fuse
//! a multiply and an add into one FMA, as if the translation unit were compiled with
//! `-ffp-contract=off`. The constant evaluator never fuses, so this keeps run-time bits equal
//! to compile-time ones in a build that does not pass `-ffp-contract=off` (docs/bit-exactness.md
//! says what each compiler guarantees). Clang: `#pragma clang fp contract(off)` (an explicit
//! `-ffp-contract=fast` overrides it). GCC: `#pragma GCC optimize("fp-contract=off")`, only
//! on targets with an FMA instruction (`__FP_FAST_FMA` or `__FP_FAST_FMAF` defined); every
//! function defined after it has that optimize attribute, and GCC does not inline such a
//! function into one without it (e.g. your lambda into a standard algorithm whose header came
//! first). 0: the headers leave contraction to the command line. The CMake target and the
//! pkg-config file define 0, since they pass `-ffp-contract=off` themselves (or, configured
//! with `CONSTFORMER_FP_CONTRACT_OFF=OFF`, want contraction).
//! \code
//! // g++ -O3 -march=native app.cpp: bit-identical without -ffp-contract=off
//! #include <constformer.hpp>
//! // g++ -O3 -march=native -ffp-contract=off -DCONSTFORMER_FP_CONTRACT_PRAGMA=0 app.cpp: the same
//! \endcode
#ifndef CONSTFORMER_FP_CONTRACT_PRAGMA
#define CONSTFORMER_FP_CONTRACT_PRAGMA 1
#endif
#if CONSTFORMER_FP_CONTRACT_PRAGMA
#if defined(__clang__)
// At file scope it holds for the rest of the translation unit, across #include.
#pragma clang fp contract(off)
#elif defined(__GNUC__) && (defined(__FP_FAST_FMA) || defined(__FP_FAST_FMAF))
// Without a push/pop: the user's code after the include gets the attribute too, so GCC keeps
// inlining our functions into it (it would not inline them into code without it).
#pragma GCC optimize("fp-contract=off")
#endif
#endif

//! Defined by the user: compile even under -ffast-math, -Ofast, -ffinite-math-only,
//! -fassociative-math, -freciprocal-math or -fno-signed-zeros. Without it those builds stop
//! with an `#error`: they let the compiler reorder sums, drop signed zeros or assume that no
//! infinity exists (the causal mask is -inf), so the run-time bits are no longer the
//! compile-time ones.
//! \code
//! #define CONSTFORMER_ALLOW_FAST_MATH  // accepts different bits
//! #include <constformer.hpp>
//! \endcode
#if !defined(CONSTFORMER_ALLOW_FAST_MATH) &&                                              \
    (defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__) || \
     defined(__ASSOCIATIVE_MATH__) || defined(__RECIPROCAL_MATH__) || defined(__NO_SIGNED_ZEROS__))
#error \
    "constformer: -ffast-math (or -Ofast, -ffinite-math-only, -fassociative-math, -freciprocal-math, -fno-signed-zeros) makes run-time results differ from compile-time ones; remove the flag, or define CONSTFORMER_ALLOW_FAST_MATH to accept that"
#endif

//! Defined by the user: compile even where `float` and `double` arithmetic is carried out in a
//! wider format (`__FLT_EVAL_METHOD__` other than 0, e.g. the x87 unit: `-m32` without SSE,
//! `-mfpmath=387`). Without it such builds stop with an `#error`: the constant evaluator rounds
//! every operation to the type, the x87 unit does not.
//! \code
//! #define CONSTFORMER_ALLOW_EXCESS_PRECISION  // accepts different bits
//! #include <constformer.hpp>
//! \endcode
#if !defined(CONSTFORMER_ALLOW_EXCESS_PRECISION) && defined(__FLT_EVAL_METHOD__) && __FLT_EVAL_METHOD__ != 0 && \
    __FLT_EVAL_METHOD__ != -1
#error \
    "constformer: floating-point arithmetic in excess precision (__FLT_EVAL_METHOD__ != 0, e.g. x87) makes run-time results differ from compile-time ones; use SSE2 (-mfpmath=sse), or define CONSTFORMER_ALLOW_EXCESS_PRECISION to accept that"
#endif

namespace constformer {
//! Extents and indices.
using size_t = std::size_t;
}  // namespace constformer

#endif  // CONSTFORMER_CONFIG_HPP
