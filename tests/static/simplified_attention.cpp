// Section 3.3 against PyTorch, at compile time: building this file is the test.
#include "cases/simplified.hpp"
#include "fixtures/simplified_attention_all_f32.hpp"
#include "fixtures/simplified_attention_all_f64.hpp"
#include "fixtures/simplified_attention_query2_f32.hpp"
#include "fixtures/simplified_attention_query2_f64.hpp"
#include "support/fixture.hpp"

namespace cf = constformer;

namespace q32 = constformer_fixtures::simplified_attention_query2_f32;
namespace q64 = constformer_fixtures::simplified_attention_query2_f64;
namespace a32 = constformer_fixtures::simplified_attention_all_f32;
namespace a64 = constformer_fixtures::simplified_attention_all_f64;

// One query: scores, the three normalisations and the context vector.
constexpr auto query_f32 = cf_test::simplified_query(cf_test::to_matrix<6, 3>(q32::inputs), 1);
static_assert(cf_test::all_close(query_f32.scores, q32::attn_scores_2));
static_assert(cf_test::all_close(query_f32.by_sum, q32::attn_weights_2_sum_normalized));
static_assert(cf_test::all_close(query_f32.naive, q32::attn_weights_2_softmax_naive));
static_assert(cf_test::all_close(query_f32.stable, q32::attn_weights_2));
static_assert(cf_test::all_close(query_f32.context, q32::context_vec_2));
static_assert(cf_test::abs_of(query_f32.stable_total - 1.0f) <= 2e-7f);

constexpr auto query_f64 = cf_test::simplified_query(cf_test::to_matrix<6, 3>(q64::inputs), 1);
static_assert(cf_test::all_close(query_f64.scores, q64::attn_scores_2));
static_assert(cf_test::all_close(query_f64.by_sum, q64::attn_weights_2_sum_normalized));
static_assert(cf_test::all_close(query_f64.naive, q64::attn_weights_2_softmax_naive));
static_assert(cf_test::all_close(query_f64.stable, q64::attn_weights_2));
static_assert(cf_test::all_close(query_f64.context, q64::context_vec_2));
static_assert(cf_test::abs_of(query_f64.stable_total - 1.0) <= 4e-16);

// All queries: X X^T, row-wise softmax, row sums, context vectors.
constexpr auto all_f32 = cf_test::simplified_all(cf_test::to_matrix<6, 3>(a32::inputs));
static_assert(cf_test::all_close(all_f32.scores, a32::attn_scores));
static_assert(cf_test::all_close(all_f32.weights, a32::attn_weights));
static_assert(cf_test::all_close(all_f32.row_sums, a32::row_sums));
static_assert(cf_test::all_close(all_f32.context, a32::context_vecs));

constexpr auto all_f64 = cf_test::simplified_all(cf_test::to_matrix<6, 3>(a64::inputs));
static_assert(cf_test::all_close(all_f64.scores, a64::attn_scores));
static_assert(cf_test::all_close(all_f64.weights, a64::attn_weights));
static_assert(cf_test::all_close(all_f64.row_sums, a64::row_sums));
static_assert(cf_test::all_close(all_f64.context, a64::context_vecs));

// Row q of all-pairs scores is the one-query computation, to the bit.
static_assert(cf::bit_equal(cf::row(all_f32.scores, 1), query_f32.scores));
static_assert(cf::bit_equal(cf::row(all_f64.weights, 1), query_f64.stable));
// The whole module in one call equals the step-by-step result.
static_assert(cf::bit_equal(cf::simplified_self_attention(cf_test::to_matrix<6, 3>(a64::inputs)), all_f64.context));
