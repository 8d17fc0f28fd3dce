// Chapter 4 at compile time: parameter counts from the type alone (GPT_CONFIG_124M and its
// modules, torch's figures in parameter_counts_gpt.json), names in state_dict order, and a
// small GPT whose cached and re-computed greedy decodings agree inside a constant expression.
#include "constformer.hpp"

namespace {
namespace cf = constformer;

using gpt124 = cf::gpt_model<float, cf::gpt_config_124m>;
using block124 = gpt124::block_type;
static_assert(cf::parameter_count_v<gpt124> == 163'009'536);
static_assert(cf::parameter_count_v<gpt124> - cf::parameter_count_v<decltype(gpt124{}.out_head)> == 124'412'160);
static_assert(cf::parameter_count_v<block124> == 7'085'568);
static_assert(cf::parameter_count_v<block124::attention> == 2'360'064);
static_assert(cf::parameter_count_v<block124::feed_forward_type> == 4'722'432);
static_assert(cf::parameter_count_v<block124::norm> == 1'536);

constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
using tiny_gpt = cf::gpt_model<float, tiny>;
static_assert(cf::parameter_count_v<tiny_gpt> == 29'888);
static_assert(cf::parameter_tensor_count_v<tiny_gpt> == 31);  // the 31 tensors of the safetensors file
static_assert(cf::parameter_infos<tiny_gpt>()[7].name() == "trf_blocks.0.ff.layers.0.weight");
static_assert(cf::parameter_infos<tiny_gpt>()[11].name() == "trf_blocks.0.norm1.scale" &&
              cf::parameter_infos<tiny_gpt>()[11].rank == 1);

// A very small model with deterministic weights: the two decodings agree to the bit.
constexpr cf::gpt_config micro{.vocab_size = 16, .context_length = 6, .emb_dim = 8, .n_heads = 2, .n_layers = 1};
constexpr cf::gpt_model<float, micro> make_micro() {
  cf::gpt_model<float, micro> m{};
  std::uint64_t n = 0;
  cf::for_each_parameter(m, [&](std::string_view name, auto& p) {
    for (auto& row : p.elems)
      for (auto& v : row) v = name.ends_with("scale") ? 1.0f : cf::uniform<float>(5, n++) - 0.5f;
  });
  return m;
}
constexpr auto micro_model = make_micro();
constexpr std::array<cf::token_id, 3> prompt{3, 14, 1};
constexpr auto cached = cf::generate<5>(micro_model, prompt, cf::decoding::cached);
constexpr auto recomputed = cf::generate<5>(micro_model, prompt, cf::decoding::recompute);
static_assert(cached.ok && cached.ids == recomputed.ids);
static_assert(cached.ids[0] == 3 && cached.ids[2] == 1);
}  // namespace
