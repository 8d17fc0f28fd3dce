// Memory known at compile time: parameter and scratch bytes, and forward_into (with the
// caller's scratch) giving the bits of forward.
#include "cases/memory.hpp"
#include "fixtures/causal_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_dout4_seed123_f64.hpp"
#include "cases/batch_fixture.hpp"
#include "support/fixture.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;

using causal32 = cf::causal_attention<float, 3, 2, 6>;
using mha32 = cf::multi_head_attention<float, 3, 2, 6, 2>;
static_assert(cf::parameter_bytes<causal32> == cf::parameter_count_v<causal32> * sizeof(float));
static_assert(cf::scratch_bytes<causal32, 6> >= 3 * 6 * 2 * sizeof(float));

static_assert(
    cf_test::forward_into_matches<cf::causal_attention<double, 3, 4, 6>, cf::multi_head_attention<double, 3, 4, 6, 2>>(
        fx::multi_head_attention_dout4_seed123_f64::tensors, fx::multi_head_attention_dout4_seed123_f64::tensors,
        cf_test::to_batch<2, 6, 3>(fx::multi_head_attention_dout4_seed123_f64::inputs).items[0]));
