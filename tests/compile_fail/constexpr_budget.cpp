// A forward pass too large for the compilers' default constant-evaluation budgets (causal
// attention, S=256, D=64, 4 heads, in one constexpr variable). The diagnostic names the limit
// (GCC) or the step limit (Clang); the control evaluates 8 tokens of the same module.
// expect-gcc: 'constexpr' evaluation operation count exceeds limit of 33554432 \(use '-fconstexpr-ops-limit=' to increase the limit\)
// expect-clang: constexpr evaluation hit maximum step limit; possible infinite loop\?
#include "constformer.hpp"

namespace cf = constformer;

constexpr cf::multi_head_attention<float, 64, 64, 256, 4> attention{};
#ifdef CONSTFORMER_CONTROL
constexpr std::size_t tokens = 8;
#else
constexpr std::size_t tokens = 256;
#endif
constexpr auto y = attention.forward(cf::batch<float, 1, tokens, 64>{});
static_assert(y.items[0](0, 0) == 0.0f);
