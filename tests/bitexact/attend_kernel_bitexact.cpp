// The run-time attention kernel (detail/attend_blocked.hpp) against the constant-evaluation
// form it stands in for; built at -O0, -O2, -O3 -march=native, with the portable (array)
// vectors, and with the kernel switched off (tests/CMakeLists.txt).
//   1. Compile time vs run time: multi-head attention (weights, head contexts, output) on
//      random weights drawn by the constant evaluator, at shapes with whole and partial
//      blocks of rows and head widths that are not a multiple of the vector width.
//   2. Random shapes and values at run time: `detail::attend` against the row-by-row
//      `detail::attend_row` loop that constant evaluation runs, causal and not, random row
//      ranges, head column offsets and widths (over one 64-column tile too), signed zeros,
//      exponentials that underflow, and non-finite values in a key row no query may see.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/detail/fp_bits.hpp"  // to_bits
#include "constformer/nn/dropout.hpp"
#include "support/opaque.hpp"
#include "support/random_draws.hpp"

namespace {

namespace cf = constformer;
using cf_test::opaque;
using cf_test::random_matrix;

template <class T, std::size_t D, std::size_t S, std::size_t H, bool Causal>
using mha = cf::multi_head_attention<T, D, D, S, H, true, Causal, true>;

template <class T, std::size_t D, std::size_t S, std::size_t H, bool Causal>
constexpr mha<T, D, S, H, Causal> random_mha(std::uint64_t seed) {
  mha<T, D, S, H, Causal> m{};
  m.W_query.weight = random_matrix<T, D, D>(seed, T(1));
  m.W_key.weight = random_matrix<T, D, D>(seed + 1, T(1));
  m.W_value.weight = random_matrix<T, D, D>(seed + 2, T(1));
  m.out_proj.weight = random_matrix<T, D, D>(seed + 3, T(1));
  m.W_query.bias = random_matrix<T, 1, D>(seed + 4, T(1));
  m.W_key.bias = random_matrix<T, 1, D>(seed + 5, T(1));
  m.W_value.bias = random_matrix<T, 1, D>(seed + 6, T(1));
  m.out_proj.bias = random_matrix<T, 1, D>(seed + 7, T(1));
  return m;
}

template <class M>
M opaque_module(const M& m) {
  M r = m;
  r.W_query.weight = opaque(m.W_query.weight);
  r.W_key.weight = opaque(m.W_key.weight);
  r.W_value.weight = opaque(m.W_value.weight);
  r.out_proj.weight = opaque(m.out_proj.weight);
  r.W_query.bias = opaque(m.W_query.bias);
  r.W_key.bias = opaque(m.W_key.bias);
  r.W_value.bias = opaque(m.W_value.bias);
  r.out_proj.bias = opaque(m.out_proj.bias);
  return r;
}

template <class T, std::size_t D, std::size_t S, std::size_t H, bool Causal, std::uint64_t Seed>
void mha_compile_time_equals_run_time() {
  static constexpr auto m = random_mha<T, D, S, H, Causal>(Seed);
  static constexpr auto x = random_matrix<T, S, D>(Seed + 100, T(2));
  static constexpr auto ct = m.forward_intermediates(cf::batch<T, 1, S, D>{{x}});
  const auto rt = opaque_module(m).forward_intermediates(cf::batch<T, 1, S, D>{{opaque(x)}});
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.context, ct.context));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
}

TEST(BitExactKernels, AttendCompileTimeEqualsRunTime) {
  mha_compile_time_equals_run_time<float, 8, 19, 2, true, 11>();
  mha_compile_time_equals_run_time<double, 12, 21, 3, true, 12>();  // head width 4
  mha_compile_time_equals_run_time<float, 20, 9, 2, true, 13>();    // head width 10
  mha_compile_time_equals_run_time<double, 6, 11, 2, false, 14>();
}

//! What constant evaluation runs: `attend_row` for each row (see detail::attend).
template <bool Causal, class T, std::size_t S, std::size_t D>
void attend_reference(const cf::matrix<T, S, D>& q, const cf::matrix<T, S, D>& k, const cf::matrix<T, S, D>& v,
                      std::size_t first, std::size_t head_dim, cf::matrix<T, S, D>& ctx, std::size_t ctx_first,
                      cf::matrix<T, S, S>& w, std::size_t row_first, std::size_t row_last) {
  const T divisor = cf::math::sqrt(static_cast<T>(head_dim));
  for (std::size_t i = row_first; i < row_last; ++i) {
    const std::size_t n = Causal ? i + 1 : S;
    cf::detail::attend_row(q.elems[i] + first, k, v, n, first, head_dim, divisor, w.elems[i], ctx.elems[i] + ctx_first,
                           cf::dropout<T>{}, 0);
    for (std::size_t j = n; j < S; ++j) w.elems[i][j] = T(0);
  }
}

template <bool Causal, class T, std::size_t S, std::size_t D>
void attend_random_case(cf_test::draws& g) {
  struct tensors {
    cf::matrix<T, S, D> q, k, v, ctx_rt, ctx_ref, ctx_now;
    cf::matrix<T, S, S> w_rt, w_ref;
  };
  auto t = std::make_unique<tensors>();
  const std::size_t head_dim = 1 + g.below(D);
  const std::size_t first = g.below(D - head_dim + 1), ctx_first = g.below(D - head_dim + 1);
  const std::size_t row_first = g.below(S), row_last = row_first + 1 + g.below(S - row_first);
  g.fill(t->q);
  g.fill(t->k);
  g.fill(t->v);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t c = 0; c < D; ++c) t->ctx_rt.elems[i][c] = t->ctx_ref.elems[i][c] = T(i * D + c);
  t->ctx_now = t->ctx_ref;
  if (Causal && row_last < S && g.below(2) == 0) {  // a key row no query of [row_first, row_last) may see
    t->k.elems[row_last][first] = std::numeric_limits<T>::infinity();
    t->v.elems[row_last][first] = std::numeric_limits<T>::quiet_NaN();
  }
  attend_reference<Causal>(t->q, t->k, t->v, first, head_dim, t->ctx_ref, ctx_first, t->w_ref, row_first, row_last);
  cf::detail::attend<Causal>(t->q, t->k, t->v, first, head_dim, t->ctx_rt, ctx_first, &t->w_rt, cf::dropout<T>{}, 0,
                             row_first, row_last);
  for (std::size_t i = row_first; i < row_last; ++i)
    for (std::size_t j = 0; j < S; ++j)
      ASSERT_EQ(cf::detail::to_bits(t->w_rt.elems[i][j]), cf::detail::to_bits(t->w_ref.elems[i][j]))
          << "weights S=" << S << " D=" << D << " head_dim=" << head_dim << " rows [" << row_first << ", " << row_last
          << ") at (" << i << ", " << j << ")";
  EXPECT_TRUE(cf::bit_equal(t->ctx_rt, t->ctx_ref))
      << "context S=" << S << " D=" << D << " head_dim=" << head_dim << " first=" << first << " ctx_first=" << ctx_first
      << " rows [" << row_first << ", " << row_last << ")";
  // Without the weights kept, the same context.
  cf::detail::attend<Causal>(t->q, t->k, t->v, first, head_dim, t->ctx_now, ctx_first, nullptr, cf::dropout<T>{}, 0,
                             row_first, row_last);
  EXPECT_TRUE(cf::bit_equal(t->ctx_now, t->ctx_ref));
}

template <class T>
void attend_random(std::uint64_t seed, int rounds) {
  cf_test::draws g{seed};
  for (int r = 0; r < rounds; ++r) {
    attend_random_case<true, T, 19, 8>(g);
    attend_random_case<false, T, 33, 20>(g);
    attend_random_case<true, T, 70, 140>(g);  // head widths over one 64-column tile
  }
}

TEST(BitExactKernels, AttendBlockedEqualsRowByRowFloat) { attend_random<float>(0xA77E4D, 60); }
TEST(BitExactKernels, AttendBlockedEqualsRowByRowDouble) { attend_random<double>(0xA77E4E, 60); }

}  // namespace
