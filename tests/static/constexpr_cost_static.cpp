// The cost model (model/constexpr_cost.hpp) against what the suite compiles: the S=64, D=64,
// 4-head attention of mha_default_limits_*.cpp is estimated within the reduced budget that
// tests/CMakeLists.txt gives those files, the width-4 forward_intermediates and S=128 of the
// bench.headroom_* tests within theirs, the tiny GPT's 8-token generation
// (safetensors_gpt_generate.cpp) within the defaults, and S=256 (which fits neither default)
// outside them. bench/compile_time/cost_model.py --check measures the error.
#include "constformer/model/constexpr_cost.hpp"

namespace {

namespace cf = constformer;

using mha64 = cf::multi_head_attention<float, 64, 64, 256, 4>;
constexpr auto c64 = cf::constexpr_cost<mha64>(64);
static_assert(c64.gcc_fraction() < 0.30 && c64.clang_fraction() < 0.22);
#ifdef CONSTFORMER_DETAIL_CLANG_LANES
static_assert(c64.clang_fraction() < 0.10);  // Clang 19 (the vector kernels) is given 10 %
#endif
static_assert(cf::fits_default_budget<mha64>(64, 0.3));
static_assert(cf::fits_default_budget<mha64>(128));
static_assert(!cf::constexpr_cost<mha64>(256).fits());
static_assert(cf::constexpr_cost_intermediates<mha64>(64).gcc_ops > c64.gcc_ops);

using width4 = cf::multi_head_attention<float, 64, 64, 64, 16>;
static_assert(cf::constexpr_cost_intermediates<width4>(64).gcc_fraction() < 0.6);
static_assert(cf::constexpr_cost_intermediates<width4>(64).clang_fraction() < 0.5);

constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
static_assert(cf::generation_cost<cf::gpt_model<float, tiny>>(4, 8).fits());
static_assert(cf::generation_cost<cf::gpt_model<float, tiny>>(4, 8).clang_steps <
              cf::generation_cost<cf::gpt_model<float, tiny>>(4, 12).clang_steps);

}  // namespace
