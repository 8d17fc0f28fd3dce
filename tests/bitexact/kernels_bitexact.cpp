// The run-time kernels against the constant-evaluation forms they stand in for; this file is
// built at -O0, -O2, -O3 -march=native, with the portable (array) vectors and with the
// kernels switched off (tests/CMakeLists.txt).
//   1. Compile time vs run time: multi-head attention (output and weights) and
//      matmul_transposed on random weights drawn by the constant evaluator, at shapes that
//      exercise whole and partial vector blocks, several column panels and head widths that
//      are not a multiple of the vector width.
//   2. Random shapes and values at run time: the blocked attention (`detail::attend`) against
//      the row-by-row loop that constant evaluation runs (`detail::attend_row`), causal and
//      not, row ranges, head column offsets and widths, signed zeros, values whose
//      exponentials underflow, and non-finite values in keys a causal row must not see; the
//      panel matrix product against the in-order dot products.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/nn/dropout.hpp"
#include "support/opaque.hpp"

namespace {

namespace cf = constformer;
using cf_test::opaque;

// --- 1. compile time against run time ----------------------------------------------------

template <class T, std::size_t R, std::size_t C>
constexpr cf::matrix<T, R, C> random_matrix(std::uint64_t seed, T scale) {
  cf::matrix<T, R, C> m{};
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t j = 0; j < C; ++j) m.elems[i][j] = (cf::uniform<T>(seed, i * C + j) - T(0.5)) * 2 * scale;
  return m;
}

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
  const auto rm = opaque_module(m);
  const cf::batch<T, 1, S, D> rx{{opaque(x)}};
  const auto rt = rm.forward_intermediates(rx);
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.context, ct.context));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
}

TEST(BitExactKernels, MultiHeadCompileTimeEqualsRunTime) {
  mha_compile_time_equals_run_time<float, 8, 19, 2, true, 11>();
  mha_compile_time_equals_run_time<double, 8, 19, 2, true, 12>();
  mha_compile_time_equals_run_time<float, 12, 21, 3, true, 13>();  // head width 4
  mha_compile_time_equals_run_time<double, 20, 9, 2, true, 14>();  // head width 10
  mha_compile_time_equals_run_time<float, 8, 13, 1, false, 15>();
  mha_compile_time_equals_run_time<double, 6, 11, 2, false, 16>();
}

template <class T, std::size_t R, std::size_t K, std::size_t C, std::uint64_t Seed>
void matmul_transposed_compile_time_equals_run_time() {
  static constexpr auto a = random_matrix<T, R, K>(Seed, T(1));
  static constexpr auto b = random_matrix<T, C, K>(Seed + 1, T(1));
  static constexpr auto ct = cf::matmul_transposed(a, b);
  EXPECT_TRUE(cf::bit_equal(cf::matmul_transposed(opaque(a), opaque(b)), ct));
}

TEST(BitExactKernels, MatmulTransposedCompileTimeEqualsRunTime) {
  matmul_transposed_compile_time_equals_run_time<float, 7, 70, 5, 21>();    // two panels along k
  matmul_transposed_compile_time_equals_run_time<double, 9, 3, 67, 22>();   // two panels of columns
  matmul_transposed_compile_time_equals_run_time<float, 6, 33, 41, 23>();   // partial vectors
  matmul_transposed_compile_time_equals_run_time<double, 5, 66, 20, 24>();  // partial row blocks
}

// --- 2. random shapes and values at run time -------------------------------------------

//! SplitMix64 draws (constformer's own stream, the same on every platform).
struct draws {
  std::uint64_t seed;
  std::uint64_t counter = 0;
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(cf::random_bits(seed, counter++) % n); }
  template <class T>
  T value() {
    const std::size_t kind = below(32);
    const T u = (cf::uniform<T>(seed, counter++) - T(0.5)) * 4;
    if (kind == 0) return T(0);
    if (kind == 1) return -T(0);
    if (kind == 2) return u * T(60);  // scores whose exponentials underflow, or dominate
    if (kind == 3) return u * std::numeric_limits<T>::min();
    return u;
  }
};

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
void attend_random_case(draws& g) {
  struct tensors {
    cf::matrix<T, S, D> q, k, v, ctx_rt, ctx_ref;
    cf::matrix<T, S, S> w_rt, w_ref;
  };
  auto t = std::make_unique<tensors>();
  const std::size_t head_dim = 1 + g.below(D);
  const std::size_t first = g.below(D - head_dim + 1), ctx_first = g.below(D - head_dim + 1);
  const std::size_t row_first = g.below(S), row_last = row_first + 1 + g.below(S - row_first);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t c = 0; c < D; ++c) {
      t->q.elems[i][c] = g.template value<T>();
      t->k.elems[i][c] = g.template value<T>();
      t->v.elems[i][c] = g.template value<T>();
      t->ctx_rt.elems[i][c] = t->ctx_ref.elems[i][c] = T(i * D + c);
    }
  if (Causal && row_last < S && g.below(2) == 0) {  // a future row no earlier query may see
    t->k.elems[row_last][first] = std::numeric_limits<T>::infinity();
    t->v.elems[row_last][first] = std::numeric_limits<T>::quiet_NaN();
  }
  attend_reference<Causal>(t->q, t->k, t->v, first, head_dim, t->ctx_ref, ctx_first, t->w_ref, row_first, row_last);
  cf::detail::attend<Causal>(t->q, t->k, t->v, first, head_dim, t->ctx_rt, ctx_first, &t->w_rt, cf::dropout<T>{}, 0,
                             row_first, row_last);
  for (std::size_t i = row_first; i < row_last; ++i) {
    for (std::size_t j = 0; j < S; ++j)
      ASSERT_EQ(cf::detail::to_bits(t->w_rt.elems[i][j]), cf::detail::to_bits(t->w_ref.elems[i][j]))
          << "weights S=" << S << " D=" << D << " head_dim=" << head_dim << " rows [" << row_first << ", " << row_last
          << ") at (" << i << ", " << j << ")";
  }
  EXPECT_TRUE(cf::bit_equal(t->ctx_rt, t->ctx_ref))
      << "context S=" << S << " D=" << D << " head_dim=" << head_dim << " first=" << first << " ctx_first=" << ctx_first
      << " rows [" << row_first << ", " << row_last << ")";
  // Without the weights kept, the same context.
  cf::matrix<T, S, D> ctx_now = t->ctx_ref;
  cf::detail::attend<Causal>(t->q, t->k, t->v, first, head_dim, ctx_now, ctx_first, nullptr, cf::dropout<T>{}, 0,
                             row_first, row_last);
  EXPECT_TRUE(cf::bit_equal(ctx_now, t->ctx_ref));
}

template <class T>
void attend_random(std::uint64_t seed, int rounds) {
  draws g{seed};
  for (int r = 0; r < rounds; ++r) {
    attend_random_case<true, T, 1, 3>(g);
    attend_random_case<true, T, 19, 8>(g);
    attend_random_case<false, T, 19, 8>(g);
    attend_random_case<true, T, 40, 64>(g);
    attend_random_case<false, T, 33, 20>(g);
    attend_random_case<true, T, 70, 140>(g);  // head widths over one 64-column tile
  }
}

TEST(BitExactKernels, AttendBlockedEqualsRowByRowFloat) { attend_random<float>(0xA77E4D, 40); }
TEST(BitExactKernels, AttendBlockedEqualsRowByRowDouble) { attend_random<double>(0xA77E4E, 40); }

template <class T, std::size_t R, std::size_t K, std::size_t C>
void matmul_transposed_random_case(draws& g) {
  struct tensors {
    cf::matrix<T, R, K> a;
    cf::matrix<T, C, K> b;
    cf::matrix<T, R, C> out;
  };
  auto t = std::make_unique<tensors>();
  for (auto& row : t->a.elems)
    for (auto& e : row) e = g.template value<T>();
  for (auto& row : t->b.elems)
    for (auto& e : row) e = g.template value<T>();
  const std::size_t first = g.below(R), last = first + 1 + g.below(R - first);
  cf::detail::matmul_transposed_rows(t->a, t->b, t->out, first, last);
  for (std::size_t i = first; i < last; ++i)
    for (std::size_t j = 0; j < C; ++j)
      ASSERT_EQ(cf::detail::to_bits(t->out.elems[i][j]),
                cf::detail::to_bits(cf::detail::dot_acc(T{}, t->a.elems[i], t->b.elems[j], K)))
          << R << "x" << K << " times (" << C << "x" << K << ")^T rows [" << first << ", " << last << ") at (" << i
          << ", " << j << ")";
}

template <class T>
void matmul_transposed_random(std::uint64_t seed, int rounds) {
  draws g{seed};
  for (int r = 0; r < rounds; ++r) {
    matmul_transposed_random_case<T, 1, 1, 1>(g);
    matmul_transposed_random_case<T, 13, 64, 64>(g);
    matmul_transposed_random_case<T, 9, 130, 7>(g);
    matmul_transposed_random_case<T, 6, 17, 150>(g);
    matmul_transposed_random_case<T, 21, 96, 72>(g);
  }
}

TEST(BitExactKernels, MatmulTransposedPanelEqualsDotProductsFloat) { matmul_transposed_random<float>(0x3A7, 20); }
TEST(BitExactKernels, MatmulTransposedPanelEqualsDotProductsDouble) { matmul_transposed_random<double>(0x3A8, 20); }

}  // namespace
