// The tiny GPT's weights at compile time: its safetensors files (F32 and F64, embedded with
// constformer_embed_binary) parsed, every tensor's dtype, shape and offsets checked against the
// PyTorch fixture, and all 29,888 values of the F32 file decoded in one constant evaluation,
// under the compilers' default limits, and compared bit for bit with the fixture. Building this
// file is the test.
#include "cases/safetensors_gpt.hpp"
#include "gpt_tiny_seed123_f32.hpp"
#include "gpt_tiny_seed123_f64.hpp"

namespace {

namespace cf = constformer;
namespace em = cf_embedded;

constexpr auto f32_file = cf::parse_safetensors(em::gpt_tiny_seed123_f32);
constexpr auto f64_file = cf::parse_safetensors(em::gpt_tiny_seed123_f64);
static_assert(cf_test::gpt_header_matches_fixture(f32_file, cf::safetensors_dtype::f32));
static_assert(cf_test::gpt_header_matches_fixture(f64_file, cf::safetensors_dtype::f64));

// The whole model in one constant evaluation: parse, then 31 lookups and decodes.
constexpr cf_test::gpt_tensors<float> gpt = [] {
  cf_test::gpt_tensors<float> g{};
  return cf_test::load_gpt_tensors(g, cf::parse_safetensors(em::gpt_tiny_seed123_f32)) == 31 ? g : throw "not loaded";
}();
static_assert(cf_test::gpt_tensors_match_fixture(gpt));

// F64: a few tensors, exact in double and narrowed to float.
static_assert([] {
  namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;
  cf::matrix<double, 64, 32> head{};
  cf::vector<float, 128> bias{};
  return cf::load_safetensors_tensor(head, f64_file, "out_head.weight").ok() &&
         cf_test::same_bits(head, fx::out_head_weight) &&
         cf::load_safetensors_tensor(bias, f64_file, "trf_blocks.1.ff.layers.0.bias", {.allow_narrowing = true}).ok() &&
         cf_test::same_bits(bias, fx::trf_blocks_1_ff_layers_0_bias);
}());

}  // namespace
