// The tiny GPT's 31 tensors as a struct of matrices, loaded from its safetensors file in header
// order. Needs no fixture: used by cases/safetensors_gpt.hpp and by
// bench/compile_time/safetensors_cost.py.
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_TENSORS_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_GPT_TENSORS_HPP

#include <cstddef>
#include <string_view>

#include "constformer/model/safetensors.hpp"

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
  auto load = [&](auto& m, std::string_view name) {
    loaded += cf::load_safetensors_tensor(m, file, name, o, &at).ok();
  };
  load(g.tok, "tok_emb.weight");
  load(g.pos, "pos_emb.weight");
  for (std::size_t i = 0; i < 2; ++i) {
    const char prefix[] = {'t', 'r', 'f', '_', 'b', 'l', 'o', 'c', 'k', 's', '.', static_cast<char>('0' + i),
                           '.', '\0'};
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

}  // namespace cf_test

#endif
