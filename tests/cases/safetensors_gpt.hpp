// The tiny GPT's safetensors files (tests/fixtures/gpt): all 31 tensors (29,888 values) read
// into a struct of matrices in header order, and compared bit for bit with the PyTorch fixture
// (gpt_tiny_seed123.f32.json). Written once, used at compile time (static/safetensors_gpt.cpp)
// and at run time (runtime/safetensors_test.cpp).
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_HPP

#include <bit>
#include <cstddef>
#include <string_view>

#include "cases/safetensors.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/gpt_tiny_seed123_f32.hpp"

namespace cf_test {

namespace cf = constformer;

template <class T>
struct gpt_block_tensors {
  cf::matrix<T, 32, 32> wq, wk, wv, wo;
  cf::vector<T, 32> bo;
  cf::matrix<T, 128, 32> w0;
  cf::vector<T, 128> b0;
  cf::matrix<T, 32, 128> w2;
  cf::vector<T, 32> b2, n1s, n1b, n2s, n2b;
};

//! Every tensor of the tiny GPT (vocab 64, context 16, embedding 32, 2 blocks).
template <class T>
struct gpt_tensors {
  cf::matrix<T, 64, 32> tok;
  cf::matrix<T, 16, 32> pos;
  gpt_block_tensors<T> blocks[2];
  cf::vector<T, 32> fs, fb;
  cf::matrix<T, 64, 32> head;
};

//! Loads the 31 tensors in header order (each lookup reads one entry); returns how many loaded.
template <class T, class Byte>
constexpr std::size_t load_gpt_tensors(gpt_tensors<T>& g, const cf::safetensors_view<Byte>& file,
                                       bool allow_narrowing = false) {
  cf::safetensors_cursor at{};
  std::size_t loaded = 0;
  cf::safetensors_options o{};
  o.allow_narrowing = allow_narrowing;
  auto load = [&](auto& m, std::string_view name) { loaded += cf::load_safetensors_tensor(m, file, name, o, &at).ok(); };
  load(g.tok, "tok_emb.weight");
  load(g.pos, "pos_emb.weight");
  for (std::size_t i = 0; i < 2; ++i) {
    const char prefix[] = {'t', 'r', 'f', '_', 'b', 'l', 'o', 'c', 'k', 's', '.', static_cast<char>('0' + i), '.', '\0'};
    for (std::size_t c = 0; c < sizeof prefix; ++c) o.prefix[c] = prefix[c];
    gpt_block_tensors<T>& b = g.blocks[i];
    load(b.wq, "att.W_query.weight");
    load(b.wk, "att.W_key.weight");
    load(b.wv, "att.W_value.weight");
    load(b.wo, "att.out_proj.weight");
    load(b.bo, "att.out_proj.bias");
    load(b.w0, "ff.layers.0.weight");
    load(b.b0, "ff.layers.0.bias");
    load(b.w2, "ff.layers.2.weight");
    load(b.b2, "ff.layers.2.bias");
    load(b.n1s, "norm1.scale");
    load(b.n1b, "norm1.shift");
    load(b.n2s, "norm2.scale");
    load(b.n2b, "norm2.shift");
  }
  o.prefix[0] = '\0';
  load(g.fs, "final_norm.scale");
  load(g.fb, "final_norm.shift");
  load(g.head, "out_head.weight");
  return loaded;
}

//! `m` has the bits of the flat fixture values converted to its type.
template <class T, std::size_t Rows, std::size_t Cols, class U, std::size_t N>
  requires(N == Rows * Cols)
constexpr bool same_bits(const cf::matrix<T, Rows, Cols>& m, const U (&flat)[N]) {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c)
      if (std::bit_cast<bits_t<T>>(m.elems[r][c]) != std::bit_cast<bits_t<T>>(static_cast<T>(flat[r * Cols + c])))
        return false;
  return true;
}

#define CF_TEST_GPT_BLOCK_EQUAL(b, i)                                                                    \
  (same_bits(b.wq, fx::trf_blocks_##i##_att_W_query_weight) &&                                           \
   same_bits(b.wk, fx::trf_blocks_##i##_att_W_key_weight) &&                                             \
   same_bits(b.wv, fx::trf_blocks_##i##_att_W_value_weight) &&                                           \
   same_bits(b.wo, fx::trf_blocks_##i##_att_out_proj_weight) &&                                          \
   same_bits(b.bo, fx::trf_blocks_##i##_att_out_proj_bias) &&                                            \
   same_bits(b.w0, fx::trf_blocks_##i##_ff_layers_0_weight) &&                                           \
   same_bits(b.b0, fx::trf_blocks_##i##_ff_layers_0_bias) &&                                             \
   same_bits(b.w2, fx::trf_blocks_##i##_ff_layers_2_weight) &&                                           \
   same_bits(b.b2, fx::trf_blocks_##i##_ff_layers_2_bias) && same_bits(b.n1s, fx::trf_blocks_##i##_norm1_scale) && \
   same_bits(b.n1b, fx::trf_blocks_##i##_norm1_shift) && same_bits(b.n2s, fx::trf_blocks_##i##_norm2_scale) &&    \
   same_bits(b.n2b, fx::trf_blocks_##i##_norm2_shift))

//! Every tensor equals the fixture's, bit for bit (converted to T).
template <class T>
constexpr bool gpt_tensors_match_fixture(const gpt_tensors<T>& g) {
  namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;
  return same_bits(g.tok, fx::tok_emb_weight) && same_bits(g.pos, fx::pos_emb_weight) &&
         CF_TEST_GPT_BLOCK_EQUAL(g.blocks[0], 0) && CF_TEST_GPT_BLOCK_EQUAL(g.blocks[1], 1) &&
         same_bits(g.fs, fx::final_norm_scale) && same_bits(g.fb, fx::final_norm_shift) &&
         same_bits(g.head, fx::out_head_weight);
}
#undef CF_TEST_GPT_BLOCK_EQUAL

//! The header agrees with the fixture: 31 tensors in state_dict order, each of the fixture's
//! element count and dtype `dtype`, laid out contiguously from offset 0 to the end of the data
//! section; and the metadata's seed.
template <class Byte>
constexpr bool gpt_header_matches_fixture(const cf::safetensors_view<Byte>& file, cf::safetensors_dtype dtype) {
  namespace fx = constformer_fixtures::gpt_tiny_seed123_f32;
  const std::size_t width = cf::safetensors_dtype_size(dtype);
  std::size_t at = 0, count = 0, values = 0;
  bool ok = file.ok() && file.tensor_count() == 31;
  file.for_each_tensor([&](std::string_view, const cf::safetensors_tensor& t) {
    ok = ok && t.dtype == dtype && t.begin == at && t.end - t.begin == width * t.element_count();
    at = t.end;
    values += t.element_count();
    ++count;
  });
  char seed[8]{};
  const auto tok = file.find("tok_emb.weight");
  const auto bias = file.find("trf_blocks.1.ff.layers.0.bias");
  return ok && count == 31 && at == file.size() - file.data_begin() &&
         values == sizeof(gpt_tensors<float>) / sizeof(float) &&  // its shapes are the fixture's (same_bits)
         tok.rank == 2 && tok.shape[0] == fx::tok_emb_weight_shape[0] && tok.shape[1] == fx::tok_emb_weight_shape[1] &&
         bias.rank == 1 && bias.shape[0] == fx::trf_blocks_1_ff_layers_0_bias_shape[0] &&
         file.metadata("seed", seed, sizeof seed) == 3 && std::string_view(seed) == "123";
}

}  // namespace cf_test

#endif
