// The tiny GPT's safetensors files (tests/fixtures/gpt): all 31 tensors (29,888 values) read
// into a struct of matrices in header order, and compared bit for bit with the PyTorch fixture
// (gpt_tiny_seed123.f32.json). Written once, used at compile time (static/safetensors_gpt.cpp)
// and at run time (runtime/safetensors_gpt_test.cpp).
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_HPP

#include <bit>
#include <cstddef>
#include <string_view>

#include "cases/safetensors.hpp"
#include "cases/safetensors_gpt_tensors.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures/gpt_tiny_seed123_f32.hpp"

namespace cf_test {

namespace cf = constformer;

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

#define CF_TEST_GPT_BLOCK_EQUAL(b, i)                                                                              \
  (same_bits(b.wq, fx::trf_blocks_##i##_att_W_query_weight) &&                                                     \
   same_bits(b.wk, fx::trf_blocks_##i##_att_W_key_weight) &&                                                       \
   same_bits(b.wv, fx::trf_blocks_##i##_att_W_value_weight) &&                                                     \
   same_bits(b.wo, fx::trf_blocks_##i##_att_out_proj_weight) &&                                                    \
   same_bits(b.bo, fx::trf_blocks_##i##_att_out_proj_bias) &&                                                      \
   same_bits(b.w0, fx::trf_blocks_##i##_ff_layers_0_weight) &&                                                     \
   same_bits(b.b0, fx::trf_blocks_##i##_ff_layers_0_bias) &&                                                       \
   same_bits(b.w2, fx::trf_blocks_##i##_ff_layers_2_weight) &&                                                     \
   same_bits(b.b2, fx::trf_blocks_##i##_ff_layers_2_bias) && same_bits(b.n1s, fx::trf_blocks_##i##_norm1_scale) && \
   same_bits(b.n1b, fx::trf_blocks_##i##_norm1_shift) && same_bits(b.n2s, fx::trf_blocks_##i##_norm2_scale) &&     \
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
