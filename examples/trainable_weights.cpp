// Section 3.4: SelfAttention_v2(d_in=3, d_out=2) with the book's torch.manual_seed(789)
// weights, computed and checked at compile time, then printed at run time.
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

// Each W is a linear layer; its weight is [d_out, d_in], as in torch's state_dict.
constexpr cf::self_attention_v2<float, 3, 2> sa_v2{
    .W_query = {{{{0.31605908f, 0.45680857f, 0.51183486f}, {-0.1682854f, -0.33787704f, -0.09177387f}}}},
    .W_key = {{{{0.40580583f, -0.47042054f, 0.2368052f}, {0.21336074f, -0.26005065f, -0.510543f}}}},
    .W_value = {{{{0.25256988f, -0.14147827f, -0.19618134f}, {0.5191074f, -0.08516758f, -0.20432705f}}}}};

constexpr auto context = sa_v2.forward(inputs);              // 6 x 2
constexpr auto steps = sa_v2.forward_intermediates(inputs);  // queries, keys, ..., context
static_assert(cf::bit_equal(steps.context, context));
static_assert(context(0, 0) > -0.07395f && context(0, 0) < -0.07385f);  // the book: -0.0739

// Exercise 3.1: SelfAttention_v1 holds x W rather than x W^T; given the transposed
// weights it computes the same function -- here, the same bits.
constexpr cf::self_attention_v1<float, 3, 2> sa_v1{.W_query = cf::transpose(sa_v2.W_query.weight),
                                                   .W_key = cf::transpose(sa_v2.W_key.weight),
                                                   .W_value = cf::transpose(sa_v2.W_value.weight)};
static_assert(cf::bit_equal(sa_v1.forward(inputs), context));

int main() {
  std::printf("attn_weights = %s\n", cf::io::format_tensor(steps.weights).c_str());
  std::printf("context = %s\n", cf::io::format_tensor(sa_v2.forward(inputs)).c_str());
}
