// Weights read by the compiler: the book's multi-head attention (section 3.6.2, seed 123)
// loaded from a safetensors file at compile time, its output computed and checked against the
// book by the compiler, then the same file parsed and loaded again at run time, with the same
// bits. The file's bytes come from `#embed` where the compiler has it (Clang 19), and from the
// header that the CMake function constformer_embed_binary generates everywhere else.
#include <cstddef>
#include <cstdio>

#include "constformer.hpp"
#include "constformer/io/print.hpp"

#if CONSTFORMER_EXAMPLE_EMBED  // Clang 19: #embed, found through --embed-dir
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc23-extensions"  // #embed is a C23 feature, an extension in C++
// char, not unsigned char: Clang 19 gives bytes of 0x80 and above negative values
// (llvm/llvm-project#119256), which do not narrow into unsigned char. Both read alike.
static constexpr char weights[] = {
#embed "mha_seed123.f32.safetensors"
};
#pragma clang diagnostic pop
#else  // constformer_embed_binary(example_compile_time_weights <file> VAR weights)
#include "weights.hpp"
#endif

namespace cf = constformer;

// A module whose parameters carry torch's state_dict names; the file must hold each one with
// its dtype and shape, or this line does not compile, and the message names the tensor.
using mha_type = cf::multi_head_attention<float, /*DIn*/ 3, /*DOut*/ 2, /*ContextLength*/ 6, /*NumHeads*/ 2>;
constexpr mha_type mha = cf::load_safetensors_or_fail<mha_type, weights>();

// "Your journey starts with one step", twice.
constexpr cf::matrix<float, 6, 3> inputs{{{0.43f, 0.15f, 0.89f},
                                          {0.55f, 0.87f, 0.66f},
                                          {0.57f, 0.85f, 0.64f},
                                          {0.22f, 0.58f, 0.33f},
                                          {0.77f, 0.25f, 0.10f},
                                          {0.05f, 0.80f, 0.55f}}};
constexpr cf::batch<float, 2, 6, 3> batch{{inputs, inputs}};
constexpr auto context_vecs = mha.forward(batch);

// What the book prints (cell 131), to half a unit of the last digit.
constexpr float book[6][2] = {{0.3190f, 0.4858f}, {0.2943f, 0.3897f}, {0.2856f, 0.3593f},
                              {0.2693f, 0.3873f}, {0.2639f, 0.3928f}, {0.2575f, 0.4028f}};
static_assert([] {
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = 0; j < 2; ++j) {
      const float d = context_vecs.items[0](i, j) - book[i][j];
      if (d > 0.00005f || d < -0.00005f) return false;
    }
  return true;
}());

int main() {
  // At run time: the same bytes, parsed and loaded by the same code.
  static unsigned char copy[std::size(weights)];
  for (std::size_t i = 0; i < std::size(weights); ++i) {
    volatile unsigned char b = static_cast<unsigned char>(std::data(weights)[i]);  // no folding
    copy[i] = b;
  }
  const auto file = cf::parse_safetensors(copy, std::size(weights));
  static mha_type loaded{};
  const cf::safetensors_error error = cf::load_safetensors(loaded, file);
  if (!error.ok()) {
    char text[200];
    error.format(text, sizeof text);
    std::printf("%s\n", text);
    return 1;
  }
  std::printf(
      "%zu tensors, %zu bytes; loaded at run time with the compile-time bits: %s\n", file.tensor_count(), file.size(),
      cf::bit_equal(loaded.W_query.weight, mha.W_query.weight) && cf::bit_equal(loaded.out_proj.bias, mha.out_proj.bias)
          ? "yes"
          : "no");
  std::printf("context_vecs[0] = %s\n", cf::io::format_tensor(loaded.forward(batch).items[0]).c_str());
  return cf::bit_equal(loaded.forward(batch).items[0], context_vecs.items[0]) ? 0 : 1;
}
