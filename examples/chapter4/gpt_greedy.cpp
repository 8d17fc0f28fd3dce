// Greedy generation checked by the compiler: the book's GPTModel (the tiny configuration,
// torch.manual_seed(123)) is read from its safetensors file at compile time, continues each
// prompt of the PyTorch fixture by 8 tokens with generate_text_simple's semantics, and a
// static_assert compares the ids with the ones PyTorch generated (from the fixture header).
// The program then generates again at run time and prints both side by side.
#include <array>
#include <cstddef>
#include <cstdio>

#include "constformer.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "gpt_tiny_weights.hpp"  // constformer_embed_binary(... gpt_tiny_seed123.f32.safetensors VAR gpt_tiny_weights)

namespace cf = constformer;
namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;

constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
using tiny_gpt = cf::gpt_model<float, tiny>;
constexpr tiny_gpt model = cf::load_safetensors_or_fail<tiny_gpt, gpt_tiny_weights>();

constexpr std::size_t prompt_len = fx::in_idx_shape[1];
constexpr std::size_t total_len = fx::generated_ids_shape[1];
constexpr std::size_t new_tokens = total_len - prompt_len;

constexpr std::array<cf::token_id, prompt_len> prompt(std::size_t b) {
  std::array<cf::token_id, prompt_len> ids{};
  for (std::size_t i = 0; i < prompt_len; ++i) ids[i] = static_cast<cf::token_id>(fx::in_idx[b * prompt_len + i]);
  return ids;
}

// PyTorch's ids for prompt `b`: the prompt, then the 8 generated tokens.
constexpr bool torch_ids(const cf::generated<total_len>& g, std::size_t b) {
  for (std::size_t i = 0; i < total_len; ++i)
    if (g.ids[i] != static_cast<cf::token_id>(fx::generated_ids[b * total_len + i])) return false;
  return g.ok;
}

constexpr auto ct_0 = cf::generate<new_tokens>(model, prompt(0));
static_assert(torch_ids(ct_0, 0), "the compiler's greedy continuation of prompt 0 is PyTorch's");
constexpr auto ct_1 = cf::generate<new_tokens>(model, prompt(1));
static_assert(torch_ids(ct_1, 1), "the compiler's greedy continuation of prompt 1 is PyTorch's");

namespace {
tiny_gpt rt_model;  // 120 KB of weights, in static storage
cf::workspace_t<tiny_gpt, tiny.context_length> rt_workspace;  // and the key/value cache
}  // namespace

int main() {
  // The run-time model is a copy through volatile, so nothing is folded from the constants.
  rt_model = model;
  cf::for_each_parameter(rt_model, [](std::string_view, auto& p) {
    for (auto& row : p.elems)
      for (auto& v : row) v = static_cast<volatile const float&>(v);
  });
  bool same = true;
  for (std::size_t b = 0; b < 2; ++b) {
    auto ids = prompt(b);
    for (auto& id : ids) id = static_cast<volatile const cf::token_id&>(id);
    cf::generated<total_len> rt{};
    cf::generate_into<new_tokens>(rt_model, ids, rt, rt_workspace);
    const auto& ct = b == 0 ? ct_0 : ct_1;
    std::printf("prompt %zu:", b);
    for (std::size_t i = 0; i < prompt_len; ++i) std::printf(" %2u", static_cast<unsigned>(ct.ids[i]));
    std::printf("\n  compile time (static_assert = PyTorch):");
    for (std::size_t i = prompt_len; i < total_len; ++i) std::printf(" %2u", static_cast<unsigned>(ct.ids[i]));
    std::printf("\n  run time:                              ");
    for (std::size_t i = prompt_len; i < total_len; ++i) std::printf(" %2u", static_cast<unsigned>(rt.ids[i]));
    const bool row_same = rt.ok && rt.ids == ct.ids;
    std::printf("   %s\n", row_same ? "(identical)" : "(DIFFERENT)");
    same = same && row_same;
  }
  return same ? 0 : 1;
}
