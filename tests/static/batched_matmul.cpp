// Cells 138-140: the batched matrix product `a @ a.transpose(2, 3)` of a [1, 2, 3, 4] tensor,
// one matmul_transposed per (batch, head), against PyTorch at compile time.
#include "cases/multi_head.hpp"
#include "fixtures/batched_matmul_example_f32.hpp"
#include "fixtures/batched_matmul_example_f64.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;

constexpr auto a32 = cf_test::to_head_batch<1, 2, 3, 4>(fx::batched_matmul_example_f32::a);
constexpr auto r32 = cf_test::batched_matmul_transposed(a32);
static_assert(cf_test::all_close(r32, fx::batched_matmul_example_f32::result));
// The notebook's second way, head by head: first_head @ first_head.T.
static_assert(cf::bit_equal(cf::matmul(a32[0][0], cf::transpose(a32[0][0])), r32[0][0]));
static_assert(cf::bit_equal(cf::matmul(a32[0][1], cf::transpose(a32[0][1])), r32[0][1]));

constexpr auto a64 = cf_test::to_head_batch<1, 2, 3, 4>(fx::batched_matmul_example_f64::a);
constexpr auto r64 = cf_test::batched_matmul_transposed(a64);
static_assert(cf_test::all_close(r64, fx::batched_matmul_example_f64::result));
static_assert(cf::bit_equal(cf::matmul(a64[0][1], cf::transpose(a64[0][1])), r64[0][1]));
