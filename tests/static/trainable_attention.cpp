// Section 3.4 (trainable weights, SelfAttention_v1 / _v2, exercise 3.1) against PyTorch, at
// compile time: building this file is the test. Each check is written once as a macro over
// the fixture namespace and expanded for float32 and float64.
#include <cstddef>

#include "cases/trainable.hpp"
#include "fixtures/exercise_3_1_v1_v2_equivalence_f32.hpp"
#include "fixtures/exercise_3_1_v1_v2_equivalence_f64.hpp"
#include "fixtures/self_attention_v1_seed123_f32.hpp"
#include "fixtures/self_attention_v1_seed123_f64.hpp"
#include "fixtures/self_attention_v2_seed789_f32.hpp"
#include "fixtures/self_attention_v2_seed789_f64.hpp"
#include "fixtures/trainable_weights_step_by_step_f32.hpp"
#include "fixtures/trainable_weights_step_by_step_f64.hpp"
#include <type_traits>

#include "cases/named.hpp"
#include "support/fixture.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf_test::all_close;
using cf_test::to_matrix;

// 3.4.1: query_2, keys, values, one score, all scores of query 2, its weights and context.
#define CHECK_STEP_BY_STEP(ns)                                                                                  \
  namespace step_##ns {                                                                                         \
    constexpr auto r = cf_test::step_by_step(to_matrix<6, 3>(fx::ns::inputs), to_matrix<3, 2>(fx::ns::W_query), \
                                             to_matrix<3, 2>(fx::ns::W_key), to_matrix<3, 2>(fx::ns::W_value)); \
    static_assert(all_close(r.query_2, fx::ns::query_2));                                                       \
    static_assert(all_close(r.keys, fx::ns::keys));                                                             \
    static_assert(all_close(r.values, fx::ns::values));                                                         \
    static_assert(cf_test::close(r.attn_score_22, fx::ns::attn_score_22[0]));                                   \
    static_assert(all_close(r.attn_scores_2, fx::ns::attn_scores_2));                                           \
    static_assert(all_close(r.attn_weights_2, fx::ns::attn_weights_2));                                         \
    static_assert(all_close(r.context_vec_2, fx::ns::context_vec_2));                                           \
    /* The one score is element 1 of the scores of query 2, to the bit. */                                      \
    static_assert(cf::bit_equal(cf::vector<decltype(r.attn_score_22), 1>{{{r.attn_score_22}}},                  \
                                cf::vector<decltype(r.attn_score_22), 1>{{{r.attn_scores_2(0, 1)}}}));          \
  }
CHECK_STEP_BY_STEP(trainable_weights_step_by_step_f32)
CHECK_STEP_BY_STEP(trainable_weights_step_by_step_f64)

// SelfAttention_v1 (seed 123) and SelfAttention_v2 (seed 789): every intermediate, the output,
// forward == forward_intermediates().context to the bit, rows of the weights sum to 1,
// permuting the tokens permutes the outputs.
#define CHECK_SELF_ATTENTION(ns, module)                                      \
  namespace sa_##ns {                                                         \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;               \
    constexpr auto m = cf_test::load_named<module<T, 3, 2>>(fx::ns::tensors); \
    constexpr auto x = to_matrix<6, 3>(fx::ns::inputs);                       \
    constexpr auto r = m.forward_intermediates(x);                            \
    static_assert(all_close(r.queries, fx::ns::queries));                     \
    static_assert(all_close(r.keys, fx::ns::keys));                           \
    static_assert(all_close(r.values, fx::ns::values));                       \
    static_assert(all_close(r.scores, fx::ns::attn_scores));                  \
    static_assert(all_close(r.weights, fx::ns::attn_weights));                \
    static_assert(all_close(r.context, fx::ns::output));                      \
    constexpr auto y = m.forward(x);                                          \
    static_assert(cf::bit_equal(y, r.context));                               \
    static_assert(all_close(y, fx::ns::output));                              \
    static_assert(cf_test::rows_sum_to_one(r.weights));                       \
    static_assert(cf_test::permutation_equivariant(m, x, cf_test::reverse6)); \
    static_assert(cf_test::permutation_equivariant(m, x, cf_test::shuffle6)); \
  }
CHECK_SELF_ATTENTION(self_attention_v1_seed123_f32, cf::self_attention_v1)
CHECK_SELF_ATTENTION(self_attention_v1_seed123_f64, cf::self_attention_v1)
CHECK_SELF_ATTENTION(self_attention_v2_seed789_f32, cf::self_attention_v2)
CHECK_SELF_ATTENTION(self_attention_v2_seed789_f64, cf::self_attention_v2)

// Exercise 3.1: v1 given W = weight^T of v2 computes v2's output, to the bit.
#define CHECK_EXERCISE_3_1(ns)                                                                \
  namespace ex31_##ns {                                                                       \
    using T = std::remove_cvref_t<decltype(fx::ns::inputs[0])>;                               \
    constexpr auto x = to_matrix<6, 3>(fx::ns::inputs);                                       \
    constexpr auto v2 = cf_test::load_named<cf::self_attention_v2<T, 3, 2>>(fx::ns::tensors); \
    constexpr auto v1 = [] {                                                                  \
      cf::self_attention_v1<T, 3, 2> m{};                                                     \
      cf::parameter<"W_query">(m) = cf::transpose(cf::parameter<"W_query.weight">(v2));       \
      cf::parameter<"W_key">(m) = cf::transpose(cf::parameter<"W_key.weight">(v2));           \
      cf::parameter<"W_value">(m) = cf::transpose(cf::parameter<"W_value.weight">(v2));       \
      return m;                                                                               \
    }();                                                                                      \
    constexpr auto y2 = v2.forward(x);                                                        \
    constexpr auto y1 = v1.forward(x);                                                        \
    static_assert(all_close(y2, fx::ns::output_v2));                                          \
    static_assert(all_close(y1, fx::ns::output_v1_with_transposed_v2_weights));               \
    static_assert(cf::bit_equal(y1, y2));                                                     \
  }
CHECK_EXERCISE_3_1(exercise_3_1_v1_v2_equivalence_f32)
CHECK_EXERCISE_3_1(exercise_3_1_v1_v2_equivalence_f64)

// Shapes are constraints: any sequence length works, a wrong feature width does not compile.
template <class M, class X>
concept can_forward = requires(const M& m, const X& x) { m.forward(x); };
static_assert(can_forward<cf::self_attention_v2<float, 3, 2>, cf::matrix<float, 1, 3>>);
static_assert(can_forward<cf::self_attention_v2<float, 3, 2>, cf::matrix<float, 100, 3>>);
static_assert(!can_forward<cf::self_attention_v2<float, 3, 2>, cf::matrix<float, 6, 4>>);
static_assert(!can_forward<cf::self_attention_v1<double, 3, 2>, cf::matrix<float, 6, 3>>);
static_assert(!can_forward<cf::linear<float, 3, 2>, cf::matrix<float, 6, 2>>);

// linear: y = x W^T + b, in torch's layout.
constexpr auto lin =
    cf_test::load_linear(cf::make_matrix<double>({{1, 2, 3}, {4, 5, 6}}), cf::make_vector<double>({0.5, -1}));
static_assert(lin.forward(cf::make_matrix<double>({{1, 0, 1}})) == cf::make_matrix<double>({{4.5, 9}}));
static_assert(lin(cf::make_matrix<double>({{1, 0, 1}})) == lin.forward(cf::make_matrix<double>({{1, 0, 1}})));
