// The notebook's section 3.6.2: MultiHeadAttention(d_in=3, d_out=2, context_length=6,
// dropout=0.0, num_heads=2) on a batch of two copies of the six-token inputs, with the
// book's torch.manual_seed(123) weights. The compiler computes the output and checks it
// against the book; the program computes it again and prints it as torch does.
#include <cstddef>
#include <cstdio>

#include "constformer.hpp"
#include "constformer/io/print.hpp"

namespace cf = constformer;

// Members are named as torch's state_dict; each weight is [out_features, in_features].
constexpr cf::multi_head_attention<float, 3, 2, 6, 2> mha{
    .W_query = {{{{-0.23542964f, 0.019124476f, -0.28674594f}, {0.21772662f, -0.4919342f, 0.42322308f}}}},
    .W_key = {{{{-0.4196414f, -0.45901766f, -0.36482018f}, {0.2614782f, -0.2133264f, 0.21605217f}}}},
    .W_value = {{{{-0.49001414f, -0.35029206f, -0.2119892f}, {-0.11346072f, -0.44043937f, 0.37804362f}}}},
    .out_proj = {{{{-0.16675779f, 0.22697258f}, {0.500026f, 0.13173823f}}}, {{{0.19335887f, 0.68254095f}}}}};

// "Your journey starts with one step", twice: torch.stack((inputs, inputs), dim=0).
constexpr cf::matrix<float, 6, 3> inputs{{{0.43f, 0.15f, 0.89f},
                                          {0.55f, 0.87f, 0.66f},
                                          {0.57f, 0.85f, 0.64f},
                                          {0.22f, 0.58f, 0.33f},
                                          {0.77f, 0.25f, 0.10f},
                                          {0.05f, 0.80f, 0.55f}}};
constexpr cf::batch<float, 2, 6, 3> batch{{inputs, inputs}};

// What the book prints (cell 131), checked by the compiler to half a unit of the last digit.
constexpr float book[6][2] = {{0.3190f, 0.4858f}, {0.2943f, 0.3897f}, {0.2856f, 0.3593f},
                              {0.2693f, 0.3873f}, {0.2639f, 0.3928f}, {0.2575f, 0.4028f}};
constexpr auto context_vecs = mha.forward(batch);  // [2, 6, 2]
static_assert(
    [] {
      for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t i = 0; i < 6; ++i)
          for (std::size_t j = 0; j < 2; ++j) {
            const float d = context_vecs[b](i, j) - book[i][j];
            if (d > 5e-5f || d < -5e-5f) return false;
          }
      return true;
    }(),
    "the compile-time output matches the book");

int main() {
  const auto y = mha.forward(batch);  // the same code at run time: the same bits
  for (std::size_t b = 0; b < 2; ++b) std::printf("context_vecs[%zu] = %s\n", b, cf::io::format_tensor(y[b]).c_str());
  std::printf("context_vecs.shape: torch.Size([2, 6, 2])\n");
  return cf::bit_equal(y, context_vecs) ? 0 : 1;
}
