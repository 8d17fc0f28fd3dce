// Parameter counts from the module types alone (nothing is built), against the book's
// exercise 3.3 figure, and the state_dict names of every module.
#include "constformer/attention/causal.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/attention/self_attention.hpp"
#include "constformer/model/parameters.hpp"
#include "fixtures/parameter_counts.hpp"

namespace cf = constformer;
namespace counts = constformer_fixtures::parameter_counts;

// MultiHeadAttention(768, 768, context 1024, 12 heads, qkv_bias=False): 2,360,064.
using gpt2_mha = cf::multi_head_attention<float, 768, 768, 1024, 12>;
static_assert(cf::parameter_count_v<gpt2_mha> ==
              counts::MultiHeadAttention_768__768__ctx_1024__12_heads__qkv_bias_False_);
static_assert(cf::parameter_count_v<cf::multi_head_attention<double, 768, 768, 1024, 12, true>> ==
              counts::MultiHeadAttention_768__768__ctx_1024__12_heads__qkv_bias_False_ + 3 * 768);

// state_dict names and torch shapes, in torch's order.
constexpr auto mha = cf::parameter_infos<cf::multi_head_attention<float, 3, 4, 6, 2>>();
static_assert(mha.size() == 5);
static_assert(mha[0].name() == "W_query.weight" && mha[0].rows == 4 && mha[0].cols == 3);
static_assert(mha[1].name() == "W_key.weight" && mha[2].name() == "W_value.weight");
static_assert(mha[3].name() == "out_proj.weight" && mha[3].rows == 4 && mha[3].cols == 4);
static_assert(mha[4].name() == "out_proj.bias" && mha[4].rank == 1 && mha[4].cols == 4);

constexpr auto wrapper = cf::parameter_infos<cf::multi_head_attention_wrapper<float, 3, 2, 6, 2, true>>();
static_assert(wrapper.size() == 12);
static_assert(wrapper[0].name() == "heads.0.W_query.weight" && wrapper[1].name() == "heads.0.W_query.bias");
static_assert(wrapper[11].name() == "heads.1.W_value.bias" && wrapper[11].rank == 1);

constexpr auto v1 = cf::parameter_infos<cf::self_attention_v1<double, 3, 2>>();
static_assert(v1.size() == 3 && v1[0].name() == "W_query" && v1[0].rows == 3 && v1[0].cols == 2);
static_assert(cf::parameter_count_v<cf::causal_attention<float, 3, 2, 6>> == 18);
