// constformer/self_check.hpp: reproduces_compile_time(), a start-up check that this build
// computes at run time the bits the compiler computes at compile time.
#ifndef CONSTFORMER_SELF_CHECK_HPP
#define CONSTFORMER_SELF_CHECK_HPP

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t
#include <type_traits>  // std::is_trivially_copyable_v

#include "constformer/attention/multi_head.hpp"  // multi_head_attention
#include "constformer/concepts.hpp"              // Scalar
#include "constformer/core/batch.hpp"            // batch
#include "constformer/core/matrix.hpp"           // matrix, vector, bit_equal
#include "constformer/core/ops.hpp"              // dot, matmul, matmul_transposed
#include "constformer/math/exp.hpp"              // math::exp
#include "constformer/math/sqrt.hpp"             // math::sqrt
#include "constformer/model/parameters.hpp"      // for_each_parameter
#include "constformer/nn/softmax.hpp"            // softmax

namespace constformer {

//! What `reproduces_compile_time()` found: converts to `true` when every run-time result had
//! the compile-time bits; otherwise `first_mismatch` names the first computation that
//! differed (a string literal such as `"float matmul"`).
//! \code
//! const cf::self_check_result r = cf::reproduces_compile_time();
//! if (!r) std::fprintf(stderr, "constformer: %s differs from compile time\n", r.first_mismatch);
//! \endcode
struct self_check_result {
  const char* first_mismatch = nullptr;  //!< the first computation that differed, or nullptr

  //! True when nothing differed.
  constexpr explicit operator bool() const noexcept { return first_mismatch == nullptr; }
};

namespace detail::self_check {

// Deterministic inputs: a 32-bit LCG (Numerical Recipes), the top 24 bits of each state
// scaled to [-scale/2, scale/2); every step is exact, so the values are the same on every
// compiler and target.
struct lcg {
  std::uint32_t state;
  template <class T>
  constexpr T next(T scale) noexcept {
    state = state * 1664525u + 1013904223u;
    return (static_cast<T>(state >> 8) * static_cast<T>(0x1p-24) - static_cast<T>(0.5)) * scale;
  }
  template <class T, std::size_t Rows, std::size_t Cols>
  constexpr void fill(matrix<T, Rows, Cols>& m, T scale) noexcept {
    for (std::size_t r = 0; r < Rows; ++r)
      for (std::size_t c = 0; c < Cols; ++c) m.elems[r][c] = next(scale);
  }
};

// Sizes: odd extents, so that the vectorised run-time loops have remainders; a causal
// multi-head attention of 2 heads (linear, dot products, exp, sqrt, softmax, weighted sums).
// Small, so the check needs little stack (inputs and outputs are copied onto it).
template <class T>
using attention = multi_head_attention<T, 8, 8, 5, 2>;

template <class T>
struct inputs {
  vector<T, 21> u, v;                 // dot
  matrix<T, 5, 13> a;                 // matmul, matmul_transposed
  matrix<T, 13, 9> b;                 //
  matrix<T, 9, 13> bt;                //
  vector<T, 24> exp_args, sqrt_args;  // math::exp, math::sqrt
  matrix<T, 3, 13> scores;            // softmax
  attention<T> mha;                   // multi_head_attention::forward
  batch<T, 1, 5, 8> tokens;           //
};

template <class T>
struct outputs {
  vector<T, 1> dot;
  matrix<T, 5, 9> matmul, matmul_transposed;
  vector<T, 24> exp, sqrt;
  matrix<T, 3, 13> softmax;
  batch<T, 1, 5, 8> attention;
};

template <class T>
constexpr inputs<T> make_inputs() noexcept {
  inputs<T> in{};
  lcg g{2024u};
  g.fill(in.u, T(2));
  g.fill(in.v, T(2));
  g.fill(in.a, T(2));
  g.fill(in.b, T(2));
  g.fill(in.bt, T(2));
  g.fill(in.exp_args, T(40));  // exp over [-20, 20)
  for (std::size_t i = 0; i < 24; ++i) in.sqrt_args.elems[0][i] = g.next(T(2)) + T(1.5);  // [0.5, 2.5)
  g.fill(in.scores, T(16));
  for_each_parameter(in.mha, [&](auto, auto& p) { g.fill(p, T(1)); });
  g.fill(in.tokens.items[0], T(2));
  return in;
}

template <class T>
constexpr outputs<T> compute(const inputs<T>& in) noexcept {
  outputs<T> out{};
  out.dot.elems[0][0] = dot(in.u, in.v);
  out.matmul = matmul(in.a, in.b);
  out.matmul_transposed = matmul_transposed(in.a, in.bt);
  for (std::size_t i = 0; i < 24; ++i) {
    out.exp.elems[0][i] = math::exp(in.exp_args.elems[0][i]);
    out.sqrt.elems[0][i] = math::sqrt(in.sqrt_args.elems[0][i]);
  }
  out.softmax = softmax(in.scores);
  out.attention = in.mha.forward(in.tokens);
  return out;
}

// A copy of `x` made byte by byte through a volatile: the optimiser cannot know the values,
// so what follows is computed by the processor.
template <class U>
U opaque_copy(const U& x) noexcept {
  static_assert(std::is_trivially_copyable_v<U>);
  U y{};
  const auto* from = reinterpret_cast<const unsigned char*>(&x);
  auto* to = reinterpret_cast<unsigned char*>(&y);
  for (std::size_t i = 0; i < sizeof(U); ++i) {
    volatile unsigned char byte = from[i];
    to[i] = byte;
  }
  return y;
}

template <class T>
const char* first_mismatch() noexcept {
  constexpr bool is_float = sizeof(T) == sizeof(float);
  static constexpr outputs<T> compile_time = compute(make_inputs<T>());
  static constexpr inputs<T> in = make_inputs<T>();
  const outputs<T> run_time = compute(opaque_copy(in));
  if (!bit_equal(run_time.dot, compile_time.dot)) return is_float ? "float dot" : "double dot";
  if (!bit_equal(run_time.matmul, compile_time.matmul)) return is_float ? "float matmul" : "double matmul";
  if (!bit_equal(run_time.matmul_transposed, compile_time.matmul_transposed))
    return is_float ? "float matmul_transposed" : "double matmul_transposed";
  if (!bit_equal(run_time.exp, compile_time.exp)) return is_float ? "float math::exp" : "double math::exp";
  if (!bit_equal(run_time.sqrt, compile_time.sqrt)) return is_float ? "float math::sqrt" : "double math::sqrt";
  if (!bit_equal(run_time.softmax, compile_time.softmax)) return is_float ? "float softmax" : "double softmax";
  if (!bit_equal(run_time.attention.items[0], compile_time.attention.items[0]))
    return is_float ? "float multi_head_attention" : "double multi_head_attention";
  return nullptr;
}

}  // namespace detail::self_check

//! Whether this build, at run time, computes the bits that the compiler computes at compile
//! time: a dot product, `matmul`, `matmul_transposed`, `math::exp`, `math::sqrt`, `softmax`
//! and a causal `multi_head_attention` (8 wide, 2 heads, 5 tokens), each evaluated once by
//! the compiler and once by the processor on inputs it reads through `volatile`, compared
//! bit for bit. `Ts` are the element types to check: both `float` and `double` when empty;
//! `reproduces_compile_time<float>()` on a target whose FPU has single precision only.
//!
//! Call it at start-up when the build is not under your control: flags such as
//! `-ffp-contract=fast` with Clang, or a compiler the library does not know, can make run-time
//! results differ from the compile-time ones (see docs/bit-exactness.md). It computes in the
//! caller's translation unit with the caller's flags, takes microseconds, and needs no heap;
//! being a template, it costs no compile time where it is not called.
//! \code
//! int main() {
//!   if (const auto r = cf::reproduces_compile_time(); !r) {
//!     std::fprintf(stderr, "%s: run-time bits differ from compile time\n", r.first_mismatch);
//!     return 1;
//!   }
//! }
//! \endcode
template <Scalar... Ts>
[[nodiscard]] self_check_result reproduces_compile_time() noexcept {
  if constexpr (sizeof...(Ts) == 0) {
    return reproduces_compile_time<float, double>();
  } else {
    const char* mismatch = nullptr;
    ((mismatch = mismatch != nullptr ? mismatch : detail::self_check::first_mismatch<Ts>()), ...);
    return {mismatch};
  }
}

}  // namespace constformer

#endif  // CONSTFORMER_SELF_CHECK_HPP
