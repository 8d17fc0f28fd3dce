// Section 3.5: hiding future words with a causal mask (both ways the notebook shows),
// dropout on the attention weights, and CausalAttention on a batch.
#include <cstdio>

#include "constformer.hpp"
#include "constformer/io/print.hpp"

namespace cf = constformer;

constexpr cf::matrix<float, 6, 3> inputs{{{0.43f, 0.15f, 0.89f},
                                          {0.55f, 0.87f, 0.66f},
                                          {0.57f, 0.85f, 0.64f},
                                          {0.22f, 0.58f, 0.33f},
                                          {0.77f, 0.25f, 0.10f},
                                          {0.05f, 0.80f, 0.55f}}};

// 3.5.1: the scores of sa_v2 from section 3.4 (seed 789), masked.
constexpr cf::self_attention_v2<float, 3, 2> sa_v2{
    .W_query = {{{{0.31605908f, 0.45680857f, 0.51183486f}, {-0.1682854f, -0.33787704f, -0.09177387f}}}},
    .W_key = {{{{0.40580583f, -0.47042054f, 0.2368052f}, {0.21336074f, -0.26005065f, -0.510543f}}}},
    .W_value = {{{{0.25256988f, -0.14147827f, -0.19618134f}, {0.5191074f, -0.08516758f, -0.20432705f}}}}};
constexpr auto steps = sa_v2.forward_intermediates(inputs);

// Way 1: zero the weights above the diagonal, then renormalise each row.
constexpr auto masked_simple_norm = cf::apply_mask_renormalize(steps.weights);
// Way 2: scores above the diagonal set to -inf, then scale and softmax.
constexpr auto masked = cf::masked_fill_upper_neg_inf(steps.scores);
constexpr auto attn_weights = cf::softmax(masked / cf::math::sqrt(2.0f));
static_assert(attn_weights(0, 0) == 1.0f && attn_weights(0, 1) == 0.0f);  // the first token sees itself only

// 3.5.2: dropout with rate 0.5 on a matrix of ones: kept elements become 1 / (1 - 0.5) = 2.
constexpr auto dropout = cf::make_dropout<0.5f>(/*seed=*/123);
constexpr auto ones = cf::causal_mask_tril<float, 6>() + cf::causal_mask_upper<float, 6>();
constexpr auto dropped = dropout.forward(ones);

// 3.5.3: CausalAttention(d_in=3, d_out=2, context_length=6, dropout=0.0), seed 123, on a
// batch of two copies of the inputs.
constexpr cf::causal_attention<float, 3, 2, 6> ca{
    .W_query = {{{{-0.23542964f, 0.019124476f, -0.28674594f}, {0.21772662f, -0.4919342f, 0.42322308f}}}},
    .W_key = {{{{-0.4196414f, -0.45901766f, -0.36482018f}, {0.2614782f, -0.2133264f, 0.21605217f}}}},
    .W_value = {{{{-0.49001414f, -0.35029206f, -0.2119892f}, {-0.11346072f, -0.44043937f, 0.37804362f}}}}};
constexpr cf::batch<float, 2, 6, 3> batch{{inputs, inputs}};
constexpr auto context_vecs = ca.forward(batch);  // [2, 6, 2]
static_assert(context_vecs[0](0, 0) > -0.45195f && context_vecs[0](0, 0) < -0.45185f);  // the book: -0.4519

int main() {
  std::printf("masked_simple_norm = %s\n", cf::io::format_tensor(masked_simple_norm).c_str());
  std::printf("attn_weights = %s\n", cf::io::format_tensor(attn_weights).c_str());
  std::printf("dropout(ones) = %s\n", cf::io::format_tensor(dropped).c_str());
  std::printf("context_vecs[0] = %s\n", cf::io::format_tensor(context_vecs[0]).c_str());
  return cf::bit_equal(ca.forward(batch), context_vecs) ? 0 : 1;
}
