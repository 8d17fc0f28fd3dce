// Section 3.5 (causal attention) against PyTorch, at compile time: building this file is
// the test. Each check is a macro over the fixture namespace, expanded for f32 and f64.
#include <cstddef>

#include "cases/causal.hpp"
#include "fixtures/causal_attention_seed123_f32.hpp"
#include "fixtures/causal_attention_seed123_f64.hpp"
#include "fixtures/causal_mask_sa_v2_f32.hpp"
#include "fixtures/causal_mask_sa_v2_f64.hpp"
#include <type_traits>

#include "cases/named.hpp"
#include "support/fixture.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::all_close;
using cf_test::to_matrix;

// 3.5.1: both ways to mask, each tensor the notebook prints; the two ways agree; and the
// CausalAttention module with the same weights gives way 2's weights and context to the bit.
#define CHECK_MASK_WAYS(ns)                                                                                         \
  namespace mask_##ns {                                                                                             \
    constexpr auto x = to_matrix<6, 3>(fx::ns::inputs);                                                             \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;                                                     \
    constexpr auto r = cf_test::mask_ways(cf_test::load_named<cf::self_attention_v2<T, 3, 2>>(fx::ns::tensors), x); \
    static_assert(all_close(r.scores, fx::ns::attn_scores));                                                        \
    static_assert(all_close(r.weights_unmasked, fx::ns::attn_weights_unmasked));                                    \
    static_assert(all_close(r.mask_simple, fx::ns::mask_simple));                                                   \
    static_assert(all_close(r.masked_simple, fx::ns::masked_simple));                                               \
    static_assert(all_close(r.masked_simple_norm, fx::ns::masked_simple_norm));                                     \
    static_assert(all_close(r.mask_upper, fx::ns::mask_upper));                                                     \
    static_assert(all_close(r.masked_scores, fx::ns::masked_scores));                                               \
    static_assert(all_close(r.weights_causal, fx::ns::attn_weights_causal));                                        \
    static_assert(all_close(r.context_causal, fx::ns::context_vecs_causal));                                        \
    static_assert(cf_test::mask_ways_agree(r));                                                                     \
    static_assert(cf_test::rows_sum_to_one(r.weights_causal) && cf_test::rows_sum_to_one(r.masked_simple_norm));    \
    constexpr auto module_r = cf_test::load_named<cf::causal_attention<T, 3, 2, 6>>(fx::ns::tensors)                \
                                  .forward_intermediates(cf_test::stack_copies<1>(x));                              \
    static_assert(cf::bit_equal(module_r.weights[0], r.weights_causal));                                            \
    static_assert(cf::bit_equal(module_r.output[0], r.context_causal));                                             \
  }
CHECK_MASK_WAYS(causal_mask_sa_v2_f32)
CHECK_MASK_WAYS(causal_mask_sa_v2_f64)

// 3.5.3: CausalAttention(3, 2, context_length=6, dropout=0.0) on the batch of two copies.
#define CHECK_CAUSAL_ATTENTION(ns)                                                               \
  namespace causal_##ns {                                                                        \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;                                  \
    constexpr auto m = cf_test::load_named<cf::causal_attention<T, 3, 2, 6>>(fx::ns::tensors);   \
    constexpr auto x = cf_test::to_batch<2, 6, 3>(fx::ns::inputs);                               \
    constexpr auto r = m.forward_intermediates(x);                                               \
    static_assert(all_close(r.weights, fx::ns::attn_weights));                                   \
    static_assert(all_close(r.output, fx::ns::output));                                          \
    static_assert(cf_test::rows_sum_to_one(r.weights));                                          \
    static_assert(cf_test::upper_is_zero(r.weights[0]) && cf_test::upper_is_zero(r.weights[1])); \
    static_assert(cf_test::fused_equals_reference(m, x));                                        \
    static_assert(cf_test::future_tokens_do_not_matter(m, x));                                   \
    static_assert(cf_test::shorter_sequence_is_prefix<4>(m, x));                                 \
    static_assert(cf_test::shorter_sequence_is_prefix<1>(m, x));                                 \
  }
CHECK_CAUSAL_ATTENTION(causal_attention_seed123_f32)
CHECK_CAUSAL_ATTENTION(causal_attention_seed123_f64)

// The helpers on their own.
static_assert(cf::causal_mask_tril<float, 3>() == cf::make_matrix<float>({{1, 0, 0}, {1, 1, 0}, {1, 1, 1}}));
static_assert(cf::causal_mask_upper<float, 3>() == cf::make_matrix<float>({{0, 1, 1}, {0, 0, 1}, {0, 0, 0}}));
static_assert(cf::apply_mask_renormalize(cf::make_matrix<double>({{0.5, 0.5}, {0.25, 0.75}})) ==
              cf::make_matrix<double>({{1, 0}, {0.25, 0.75}}));

// S <= ContextLength is a constraint: a sequence longer than the context does not compile.
template <class M, class X>
concept can_forward = requires(const M& m, const X& x) { m.forward(x); };
using causal_3_2_6 = cf::causal_attention<float, 3, 2, 6>;
static_assert(can_forward<causal_3_2_6, cf::batch<float, 2, 6, 3>>);
static_assert(can_forward<causal_3_2_6, cf::batch<float, 1, 1, 3>>);
static_assert(!can_forward<causal_3_2_6, cf::batch<float, 2, 7, 3>>);
static_assert(!can_forward<causal_3_2_6, cf::batch<float, 2, 6, 4>>);
static_assert(!can_forward<causal_3_2_6, cf::batch<double, 2, 6, 3>>);
