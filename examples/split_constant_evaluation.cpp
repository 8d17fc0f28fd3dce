// Splitting a constant evaluation so that each part gets its own budget: a causal attention
// head computed step by step in separate constexpr variables, each of which the compiler
// evaluates with a fresh -fconstexpr-steps / -fconstexpr-ops-limit budget. The parts give
// the bits of the module's own forward(), at compile time and at run time.
// docs/compile-time.md quotes this file.
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t

#include "constformer.hpp"

namespace cf = constformer;

constexpr std::size_t seq_len = 24, d_model = 32;
using head = cf::causal_attention<float, d_model, d_model, seq_len>;

// Exact, compiler-independent values: a 32-bit LCG scaled by a power of two.
constexpr float next(std::uint32_t& s) noexcept {
  s = s * 1664525u + 1013904223u;
  return static_cast<float>(s >> 8) * 0x1p-24f - 0.5f;
}

constexpr head make_head() noexcept {
  head h{};
  std::uint32_t s = 1;
  cf::for_each_parameter(h, [&](auto, auto& p) {
    for (auto& row : p.elems)
      for (float& v : row) v = next(s);
  });
  return h;
}

constexpr cf::matrix<float, seq_len, d_model> make_input() noexcept {
  cf::matrix<float, seq_len, d_model> x{};
  std::uint32_t s = 2;
  for (auto& row : x.elems)
    for (float& v : row) v = 2.0f * next(s);
  return x;
}

// One budget per variable.
constexpr head attn = make_head();           // the parameters
constexpr auto x = make_input();             // the input
constexpr auto q = attn.W_query.forward(x);  // the three projections
constexpr auto k = attn.W_key.forward(x);
constexpr auto v = attn.W_value.forward(x);
constexpr auto weights =                     // masked, scaled scores and their softmax
    cf::softmax(cf::masked_fill_upper_neg_inf(cf::matmul_transposed(q, k)) / cf::math::sqrt(float(d_model)));
constexpr auto context = cf::matmul(weights, v);  // the weighted sum of the values

// The same bits as the fused forward() in one expression (which, at this small size, fits
// one budget too).
static_assert(cf::bit_equal(context, attn.forward(x)));

int main() {
  // At run time, from inputs the optimiser cannot see.
  cf::matrix<float, seq_len, d_model> y{};
  for (std::size_t i = 0; i < seq_len; ++i)
    for (std::size_t j = 0; j < d_model; ++j) {
      volatile float e = x(i, j);
      y(i, j) = e;
    }
  return cf::bit_equal(attn.forward(y), context) ? 0 : 1;
}
