// Chapter 4 of the book (implementing a GPT model), step by step on PyTorch's own numbers: the
// shapes and values the book prints, computed by the compiler and checked by static_assert,
// then computed again at run time and compared bit for bit. The inputs and weights are the
// PyTorch fixtures of tests/fixtures/gpt (headers generated from them at build time); the tiny
// GPT's weights come from its safetensors file, read by the compiler. Where the book runs
// GPT_CONFIG_124M, this program prints the shapes and counts that the 124M model's type gives,
// and runs the same computation on the fixtures' smaller configurations.
#include <cstddef>
#include <cstdio>
#include <string>

#include "constformer.hpp"
#include "constformer/io/print.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/feed_forward_emb8_f32.hpp"
#include "fixtures/gpt_tiny_seed123_f32.hpp"
#include "fixtures/layer_norm_book_seed123_f32.hpp"
#include "fixtures/transformer_block_ctx8_emb16_h2_f32.hpp"
#include "gpt_tiny_weights.hpp"  // constformer_embed_binary(... gpt_tiny_seed123.f32.safetensors VAR gpt_tiny_weights)

namespace cf = constformer;
namespace fx = constformer_fixtures;

// ---- The fixtures as matrices and modules ----------------------------------------------

// A Rows x Cols matrix from a fixture's flat row-major data.
template <std::size_t Rows, std::size_t Cols, std::size_t N>
  requires(N == Rows * Cols)
constexpr cf::matrix<float, Rows, Cols> rows_of(const float (&flat)[N]) {
  cf::matrix<float, Rows, Cols> m{};
  for (std::size_t i = 0; i < N; ++i) m(i / Cols, i % Cols) = flat[i];
  return m;
}

// Rows [First, First + Count) and columns [0, Cols) of `m`, for printing part of a tensor.
template <std::size_t First, std::size_t Count, std::size_t Cols, std::size_t Rows, std::size_t AllCols>
  requires(First + Count <= Rows && Cols <= AllCols)
constexpr cf::matrix<float, Count, Cols> part(const cf::matrix<float, Rows, AllCols>& m) {
  cf::matrix<float, Count, Cols> p{};
  for (std::size_t r = 0; r < Count; ++r)
    for (std::size_t c = 0; c < Cols; ++c) p(r, c) = m(First + r, c);
  return p;
}

// A module whose parameters are read from a fixture's tensors by state_dict name.
template <class M, std::size_t N>
constexpr M load_from(const fx::fixture_entry<float> (&tensors)[N]) {
  M m{};
  for (const auto& t : tensors) (void)cf::set_parameter(m, t.name, t.data, t.size);
  return m;
}

using ln_type = cf::layer_norm<float, 6>;
using ff_type = cf::feed_forward<float, 8>;  // hidden 4 x 8
constexpr cf::gpt_config block_cfg{.vocab_size = 1, .context_length = 8, .emb_dim = 16, .n_heads = 2, .n_layers = 1};
using block_type = cf::transformer_block<float, block_cfg>;
constexpr cf::gpt_config tiny_cfg{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
using tiny_gpt = cf::gpt_model<float, tiny_cfg>;
using gpt_124m = cf::gpt_model<float, cf::gpt_config_124m>;

constexpr ln_type layer_norm = load_from<ln_type>(fx::layer_norm_book_seed123_f32::tensors);
constexpr ff_type ffn = load_from<ff_type>(fx::feed_forward_emb8_f32::tensors);
constexpr block_type block = load_from<block_type>(fx::transformer_block_ctx8_emb16_h2_f32::tensors);
constexpr tiny_gpt model = cf::load_safetensors_or_fail<tiny_gpt, gpt_tiny_weights>();

constexpr std::size_t batch = fx::gpt_tiny_seed123_f32::in_idx_shape[0];
constexpr std::size_t prompt_len = fx::gpt_tiny_seed123_f32::in_idx_shape[1];
constexpr std::size_t max_new_tokens = fx::gpt_tiny_seed123_f32::generated_ids_shape[1] - prompt_len;
using prompt_ids = std::array<cf::token_id, prompt_len>;

constexpr prompt_ids prompt(std::size_t b) {
  prompt_ids ids{};
  for (std::size_t i = 0; i < prompt_len; ++i)
    ids[i] = static_cast<cf::token_id>(fx::gpt_tiny_seed123_f32::in_idx[b * prompt_len + i]);
  return ids;
}

// ---- One computation for both phases ---------------------------------------------------

// Mean and variance of each row: the book's `mean(dim=-1)`, `var(dim=-1)` (unbiased, as the
// book prints it for `out`) and `var(dim=-1, unbiased=False)` (as it prints it after LayerNorm).
template <std::size_t Rows, std::size_t Cols>
struct row_stats {
  cf::matrix<float, Rows, 1> mean, var, var_unbiased;
};
template <std::size_t Rows, std::size_t Cols>
constexpr row_stats<Rows, Cols> stats(const cf::matrix<float, Rows, Cols>& x) {
  row_stats<Rows, Cols> s{};
  for (std::size_t r = 0; r < Rows; ++r) {
    float sum = 0, sq = 0;
    for (std::size_t c = 0; c < Cols; ++c) sum += x(r, c);
    const float mean = sum / static_cast<float>(Cols);
    for (std::size_t c = 0; c < Cols; ++c) sq += (x(r, c) - mean) * (x(r, c) - mean);
    s.mean(r, 0) = mean;
    s.var(r, 0) = sq / static_cast<float>(Cols);
    s.var_unbiased(r, 0) = sq / static_cast<float>(Cols - 1);
  }
  return s;
}

struct layers_result {
  row_stats<2, 6> before, after;  // 4.2: the book's `out`, then LayerNorm(6) of it
  cf::matrix<float, 2, 6> normalized;  // 4.2: out_ln
  cf::matrix<float, 6, 8> ff;  // 4.3: FeedForward on x [2, 3, 8]
  cf::matrix<float, 16, 16> block;  // 4.5: TransformerBlock on x [2, 8, 16]
};

constexpr layers_result run_layers(const ln_type& ln, const ff_type& ff, const block_type& blk,
                                   const cf::matrix<float, 2, 6>& out, const cf::matrix<float, 6, 8>& ff_x,
                                   const cf::matrix<float, 16, 16>& block_x) {
  layers_result r{};
  r.before = stats(out);
  r.normalized = ln.forward(out);
  r.after = stats(r.normalized);
  r.ff = ff.forward(ff_x);
  for (std::size_t b = 0; b < 2; ++b) {  // each sequence of the batch on its own
    cf::matrix<float, 8, 16> xb{};
    for (std::size_t i = 0; i < 8; ++i)
      for (std::size_t c = 0; c < 16; ++c) xb(i, c) = block_x(b * 8 + i, c);
    const auto yb = blk.forward(xb);
    for (std::size_t i = 0; i < 8; ++i)
      for (std::size_t c = 0; c < 16; ++c) r.block(b * 8 + i, c) = yb(i, c);
  }
  return r;
}

// 4.6: the logits of one sequence of the batch.
constexpr cf::matrix<float, prompt_len, tiny_gpt::vocab_size> run_logits(const tiny_gpt& m, const prompt_ids& ids) {
  cf::workspace_t<tiny_gpt, prompt_len> ws{};
  cf::matrix<float, prompt_len, tiny_gpt::vocab_size> logits{};
  if (!m.forward_into(ids, logits, ws)) return {};
  return logits;
}

// 4.7: generate_text_simple(model, idx, max_new_tokens, context_size).
constexpr cf::generated<prompt_len + max_new_tokens> run_generate(const tiny_gpt& m, const prompt_ids& ids) {
  return cf::generate<max_new_tokens>(m, ids);
}

// ---- What the compiler proves ------------------------------------------------------------

constexpr auto ct_layers = run_layers(layer_norm, ffn, block, rows_of<2, 6>(fx::layer_norm_book_seed123_f32::inputs),
                                      rows_of<6, 8>(fx::feed_forward_emb8_f32::inputs),
                                      rows_of<16, 16>(fx::transformer_block_ctx8_emb16_h2_f32::inputs));
constexpr auto ct_logits_0 = run_logits(model, prompt(0));
constexpr auto ct_logits_1 = run_logits(model, prompt(1));
constexpr auto ct_generated = run_generate(model, prompt(0));

// PyTorch's values (float32), to the fixtures README's tolerance: |got - ref| <= 1e-6 + 1e-5 |ref|.
template <std::size_t Rows, std::size_t Cols, std::size_t N>
constexpr bool near_torch(const cf::matrix<float, Rows, Cols>& m, const float (&ref)[N], std::size_t first_row = 0) {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) {
      const float want = ref[(first_row + r) * Cols + c];
      const float d = m(r, c) - want;
      if ((d < 0 ? -d : d) > 1e-6f + 1e-5f * (want < 0 ? -want : want)) return false;
    }
  return true;
}
static_assert(near_torch(ct_layers.normalized, fx::layer_norm_book_seed123_f32::output), "LayerNorm: torch's out_ln");
static_assert(near_torch(ct_layers.before.mean, fx::layer_norm_book_seed123_f32::mean) &&
                  near_torch(ct_layers.before.var, fx::layer_norm_book_seed123_f32::var_biased),
              "LayerNorm: torch's mean and variance of out");
static_assert(near_torch(ct_layers.after.mean, fx::layer_norm_book_seed123_f32::output_mean),
              "LayerNorm: torch's mean of out_ln");
static_assert(near_torch(ct_layers.after.var, fx::layer_norm_book_seed123_f32::output_var_biased),
              "LayerNorm: torch's variance of out_ln");
static_assert(near_torch(ct_layers.ff, fx::feed_forward_emb8_f32::output), "FeedForward: torch's output");
static_assert(near_torch(ct_layers.block, fx::transformer_block_ctx8_emb16_h2_f32::output),
              "TransformerBlock: torch's output");
static_assert(near_torch(ct_logits_0, fx::gpt_tiny_seed123_f32::logits, 0) &&
                  near_torch(ct_logits_1, fx::gpt_tiny_seed123_f32::logits, prompt_len),
              "GPTModel: torch's logits");
static_assert(
    [] {
      for (std::size_t i = 0; i < prompt_len + max_new_tokens; ++i)
        if (ct_generated.ids[i] != static_cast<cf::token_id>(fx::gpt_tiny_seed123_f32::generated_ids[i])) return false;
      return ct_generated.ok;
    }(),
    "generate_text_simple: torch's token ids");
// 4.6's parameter counts, from the 124M model's type alone.
static_assert(cf::parameter_count_v<gpt_124m> == 163'009'536);
static_assert(cf::parameter_count_v<gpt_124m> - cf::parameter_count_v<decltype(gpt_124m{}.out_head)> == 124'412'160);

// ---- Printing ------------------------------------------------------------------------------

namespace {

bool all_identical = true;

template <class M>
void show(const char* label, const M& compile_time, const M& run_time) {
  const bool same = cf::bit_equal(compile_time, run_time);
  all_identical = all_identical && same;
  std::printf("%s%s\n", label, cf::io::format_tensor(compile_time).c_str());
  std::printf("    [compile time, static_assert-verified; run time: %s]\n", same ? "bit-identical" : "DIFFERENT");
}

std::string shape(std::initializer_list<std::size_t> dims) {
  std::string s = "torch.Size([";
  const char* sep = "";
  for (std::size_t d : dims) {
    s += sep;
    s += std::to_string(d);
    sep = ", ";
  }
  s += "])";
  return s;
}

std::string with_commas(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

template <std::size_t N>
std::string ids_text(const std::array<cf::token_id, N>& ids) {
  std::string s = "[";
  const char* sep = "";
  for (cf::token_id id : ids) {
    s += sep;
    s += std::to_string(id);
    sep = ", ";
  }
  s += "]";
  return s;
}

// Run-time copies that the optimiser cannot fold into the compile-time constants.
template <class T>
T opaque(const T& x) {
  T y = x;
  if constexpr (requires { y.elems; }) {
    for (auto& row : y.elems)
      for (auto& v : row) {
        volatile float w = v;
        v = w;
      }
  }
  return y;
}
template <class M>
M opaque_module(M m) {
  cf::for_each_parameter(m, [](std::string_view, auto& p) { p = opaque(p); });
  return m;
}

tiny_gpt rt_model;  // static storage: 120 KB of weights

}  // namespace

int main() {
  const auto rt_layers = run_layers(opaque_module(layer_norm), opaque_module(ffn), opaque_module(block),
                                    opaque(rows_of<2, 6>(fx::layer_norm_book_seed123_f32::inputs)),
                                    opaque(rows_of<6, 8>(fx::feed_forward_emb8_f32::inputs)),
                                    opaque(rows_of<16, 16>(fx::transformer_block_ctx8_emb16_h2_f32::inputs)));
  rt_model = opaque_module(model);
  prompt_ids p0 = prompt(0), p1 = prompt(1);
  for (auto& id : p0) id = static_cast<volatile const cf::token_id&>(id);
  for (auto& id : p1) id = static_cast<volatile const cf::token_id&>(id);
  const auto rt_logits_0 = run_logits(rt_model, p0);
  const auto rt_logits_1 = run_logits(rt_model, p1);
  const auto rt_generated = run_generate(rt_model, p0);

  std::printf("== 4.1 The configuration ==\n\n");
  constexpr auto c = cf::gpt_config_124m;
  std::printf(
      "GPT_CONFIG_124M = {vocab_size: %zu, context_length: %zu, emb_dim: %zu, n_heads: %zu, n_layers: %zu, "
      "drop_rate: %.1f, qkv_bias: %s}\n",
      c.vocab_size, c.context_length, c.emb_dim, c.n_heads, c.n_layers, c.drop_rate.value(),
      c.qkv_bias ? "True" : "False");
  std::printf(
      "Below, where the book runs it, the shapes come from its type; the numbers from the fixtures'\n"
      "smaller configurations (the book's token ids modulo 64 for the tiny GPT, vocabulary 64).\n");

  std::printf("\n== 4.2 Layer normalization ==\n\n");
  show("out = ReLU(Linear(5, 6)(batch_example)):\n", rows_of<2, 6>(fx::layer_norm_book_seed123_f32::inputs),
       opaque(rows_of<2, 6>(fx::layer_norm_book_seed123_f32::inputs)));
  show("Mean:\n", ct_layers.before.mean, rt_layers.before.mean);
  show("Variance:\n", ct_layers.before.var_unbiased, rt_layers.before.var_unbiased);
  show("LayerNorm(emb_dim=6)(out):\n", ct_layers.normalized, rt_layers.normalized);
  show("Mean:\n", ct_layers.after.mean, rt_layers.after.mean);
  show("Variance (unbiased=False):\n", ct_layers.after.var, rt_layers.after.var);

  std::printf("\n== 4.3 Feed forward network with GELU activations ==\n\n");
  std::printf("GPT_CONFIG_124M: FeedForward on x %s gives %s\n", shape({2, 3, 768}).c_str(),
              shape({2, 3, cf::feed_forward<float, 768>::emb_dim}).c_str());
  std::printf("emb_dim 8 (hidden %zu): x %s -> out %s\n", std::size_t{4 * 8}, shape({2, 3, 8}).c_str(),
              shape({2, 3, ff_type::emb_dim}).c_str());
  show("out[0]:\n", part<0, 3, 8>(ct_layers.ff), part<0, 3, 8>(rt_layers.ff));

  std::printf("\n== 4.5 The transformer block ==\n\n");
  std::printf("GPT_CONFIG_124M: Input shape: %s  Output shape: %s\n", shape({2, 4, 768}).c_str(),
              shape({2, 4, gpt_124m::block_type::emb_dim}).c_str());
  std::printf("context 8, emb_dim 16, 2 heads: Input shape: %s  Output shape: %s\n", shape({2, 8, 16}).c_str(),
              shape({2, 8, block_type::emb_dim}).c_str());
  show("output[0][0]: ", part<0, 1, 16>(ct_layers.block), part<0, 1, 16>(rt_layers.block));

  std::printf("\n== 4.6 The GPT model ==\n\n");
  std::printf("Input batch:\n[%s,\n %s]\n", ids_text(prompt(0)).c_str(), ids_text(prompt(1)).c_str());
  std::printf("GPT_CONFIG_124M output shape: %s\n", shape({batch, prompt_len, gpt_124m::vocab_size}).c_str());
  std::printf("Tiny GPT (vocabulary 64, context 16, emb_dim 32, 4 heads, 2 layers) output shape: %s\n",
              shape({batch, prompt_len, tiny_gpt::vocab_size}).c_str());
  show("logits[0][:, :6]: ", part<0, prompt_len, 6>(ct_logits_0), part<0, prompt_len, 6>(rt_logits_0));
  show("logits[1][:, :6]: ", part<0, prompt_len, 6>(ct_logits_1), part<0, prompt_len, 6>(rt_logits_1));
  constexpr std::size_t total = cf::parameter_count_v<gpt_124m>;
  constexpr std::size_t head = cf::parameter_count_v<decltype(gpt_124m{}.out_head)>;
  std::printf("Total number of parameters: %s\n", with_commas(total).c_str());
  std::printf("Token embedding layer shape: %s\n", shape({gpt_124m::vocab_size, gpt_124m::emb_dim}).c_str());
  std::printf("Output layer shape: %s\n", shape({gpt_124m::vocab_size, gpt_124m::emb_dim}).c_str());
  std::printf("Number of trainable parameters considering weight tying: %s\n", with_commas(total - head).c_str());
  std::printf("Total size of the model: %.2f MB\n", double(cf::parameter_bytes<gpt_124m>) / (1024.0 * 1024.0));
  std::printf("(the tiny GPT: %s parameters)\n", with_commas(cf::parameter_count_v<tiny_gpt>).c_str());

  std::printf("\n== 4.7 Generating text ==\n\n");
  std::printf("encoded: %s\nencoded_tensor.shape: %s\n", ids_text(prompt(0)).c_str(), shape({1, prompt_len}).c_str());
  const bool same_ids = ct_generated.ids == rt_generated.ids;
  all_identical = all_identical && same_ids;
  std::printf("Output: %s\n", ids_text(ct_generated.ids).c_str());
  std::printf("    [compile time, static_assert-verified against torch; run time: %s]\n",
              same_ids ? "identical" : ("DIFFERENT: " + ids_text(rt_generated.ids)).c_str());
  std::printf("Output length: %zu\n", ct_generated.ids.size());

  std::printf("\n%s\n", all_identical ? "Every value above: the same bits at compile time and at run time."
                                      : "MISMATCH between compile time and run time.");
  return all_identical ? 0 : 1;
}
