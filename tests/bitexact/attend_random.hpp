// The run-time attention kernel (detail/attend_blocked.hpp) over random shapes and values at
// run time: `detail::attend` against the row-by-row `detail::attend_row` loop that constant
// evaluation runs, causal and not, random row ranges, head column offsets and widths (over
// one 64-column tile too), signed zeros, exponentials that underflow, and non-finite values
// in a key row no query may see. Built as attend_kernel.hpp says.
// The helpers of attend_random_f32_bitexact.cpp and attend_random_f64_bitexact.cpp (one element
// type per file, so that each compiles in a few seconds).
#ifndef CONSTFORMER_TESTS_BITEXACT_ATTEND_RANDOM_HPP
#define CONSTFORMER_TESTS_BITEXACT_ATTEND_RANDOM_HPP
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/detail/fp_bits.hpp"  // to_bits
#include "constformer/nn/dropout.hpp"
#include "support/random_draws.hpp"

namespace cf_test::attend_random_bitexact {

namespace cf = constformer;

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

}  // namespace cf_test::attend_random_bitexact

#endif
