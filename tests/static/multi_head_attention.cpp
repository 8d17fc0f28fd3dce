// Section 3.6 (multi-head attention) against PyTorch, at compile time: building this file is
// the test. Each check is a macro over the fixture namespace, expanded for f32 and f64.
#include <cstddef>

#include "cases/multi_head.hpp"
#include "fixtures/exercise_3_2_wrapper_dout1_f32.hpp"
#include "fixtures/exercise_3_2_wrapper_dout1_f64.hpp"
#include "fixtures/mha_wrapper_seed123_f32.hpp"
#include "fixtures/mha_wrapper_seed123_f64.hpp"
#include "fixtures/multi_head_attention_dout4_seed123_f32.hpp"
#include "fixtures/multi_head_attention_dout4_seed123_f64.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f64.hpp"
#include <type_traits>

#include "cases/named.hpp"
#include "support/fixture.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::all_close;
using cf_test::to_matrix;

// 3.6.1 and exercise 3.2: MultiHeadAttentionWrapper with two heads of width DOut.
#define CHECK_WRAPPER(ns, DOut)                                                                                  \
  namespace wrapper_##ns {                                                                                       \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;                                                  \
    constexpr auto m = cf_test::load_named<cf::multi_head_attention_wrapper<T, 3, DOut, 6, 2>>(fx::ns::tensors); \
    constexpr auto x = cf_test::to_batch<2, 6, 3>(fx::ns::inputs);                                               \
    constexpr auto r = m.forward_intermediates(x);                                                               \
    static_assert(all_close(r.output, fx::ns::output));                                                          \
    static_assert(cf_test::rows_sum_to_one(r.weights));                                                          \
    static_assert(cf_test::wrapper_is_concatenation(m, x));                                                      \
  }
CHECK_WRAPPER(mha_wrapper_seed123_f32, 2)
CHECK_WRAPPER(mha_wrapper_seed123_f64, 2)
CHECK_WRAPPER(exercise_3_2_wrapper_dout1_f32, 1)
CHECK_WRAPPER(exercise_3_2_wrapper_dout1_f64, 1)
// The per-head weights that the wrapper fixture records.
static_assert(all_close(cf_test::head_of(wrapper_mha_wrapper_seed123_f32::r.weights, 0),
                        fx::mha_wrapper_seed123_f32::heads_0_attn_weights));
static_assert(all_close(cf_test::head_of(wrapper_mha_wrapper_seed123_f32::r.weights, 1),
                        fx::mha_wrapper_seed123_f32::heads_1_attn_weights));
static_assert(all_close(cf_test::head_of(wrapper_mha_wrapper_seed123_f64::r.weights, 0),
                        fx::mha_wrapper_seed123_f64::heads_0_attn_weights));
static_assert(all_close(cf_test::head_of(wrapper_mha_wrapper_seed123_f64::r.weights, 1),
                        fx::mha_wrapper_seed123_f64::heads_1_attn_weights));

// 3.6.2: MultiHeadAttention, d_out 2 (head_dim 1, the book's) and d_out 4 (head_dim 2).
#define CHECK_MHA(ns, DOut)                                                                              \
  namespace mha_##ns {                                                                                   \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;                                          \
    constexpr auto m = cf_test::load_named<cf::multi_head_attention<T, 3, DOut, 6, 2>>(fx::ns::tensors); \
    constexpr auto x = cf_test::to_batch<2, 6, 3>(fx::ns::inputs);                                       \
    constexpr auto r = m.forward_intermediates(x);                                                       \
    static_assert(all_close(r.weights, fx::ns::attn_weights));                                           \
    static_assert(all_close(r.context, fx::ns::context_before_out_proj));                                \
    static_assert(all_close(r.output, fx::ns::output));                                                  \
    static_assert(cf_test::rows_sum_to_one(r.weights));                                                  \
    static_assert(cf_test::mha_equals_reference(m, x));                                                  \
    static_assert(cf_test::shorter_sequence_is_prefix<3>(m, x));                                         \
  }
CHECK_MHA(multi_head_attention_seed123_f32, 2)
CHECK_MHA(multi_head_attention_seed123_f64, 2)
CHECK_MHA(multi_head_attention_dout4_seed123_f32, 4)
CHECK_MHA(multi_head_attention_dout4_seed123_f64, 4)

// Causality (a future token leaves earlier outputs unchanged, to the bit): checked here on one
// case per module, since each check runs seven forward passes; the run-time tests check all.
static_assert(cf_test::future_tokens_do_not_matter(wrapper_mha_wrapper_seed123_f32::m,
                                                   wrapper_mha_wrapper_seed123_f32::x));
static_assert(cf_test::future_tokens_do_not_matter(mha_multi_head_attention_dout4_seed123_f64::m,
                                                   mha_multi_head_attention_dout4_seed123_f64::x));

// The book's printed output of cell 131, within half a unit of its last digit.
static_assert(cf_test::abs_of(mha_multi_head_attention_seed123_f32::r.output[0](0, 0) - 0.3190f) <= 5e-5f);
static_assert(cf_test::abs_of(mha_multi_head_attention_seed123_f32::r.output[1](5, 1) - 0.4028f) <= 5e-5f);

// Shapes: d_out must be divisible by num_heads (a static_assert with that message);
// sequences longer than the context do not compile.
template <class M, class X>
concept can_forward = requires(const M& m, const X& x) { m.forward(x); };
using mha_3_4_6_2 = cf::multi_head_attention<float, 3, 4, 6, 2>;
static_assert(mha_3_4_6_2::head_dim == 2);
static_assert(can_forward<mha_3_4_6_2, cf::batch<float, 3, 5, 3>>);
static_assert(!can_forward<mha_3_4_6_2, cf::batch<float, 3, 7, 3>>);
static_assert(!can_forward<mha_3_4_6_2, cf::batch<float, 3, 5, 4>>);
using wrapper_3_2_6_3 = cf::multi_head_attention_wrapper<float, 3, 2, 6, 3>;
static_assert(wrapper_3_2_6_3::d_out == 6);
static_assert(can_forward<wrapper_3_2_6_3, cf::batch<float, 1, 6, 3>>);
static_assert(!can_forward<wrapper_3_2_6_3, cf::batch<float, 1, 7, 3>>);
