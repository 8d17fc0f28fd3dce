// Dropout, written once as constexpr functions: the keep statistics, exact scaling of kept
// values, the identity cases (eval mode, rate 0, invalid run-time rates), and dropout inside
// causal and multi-head attention equal to the plain computation.
#ifndef CONSTFORMER_TESTS_CASES_DROPOUT_HPP
#define CONSTFORMER_TESTS_CASES_DROPOUT_HPP

#include <cstddef>
#include <cstdint>

#include "cases/causal.hpp"
#include "cases/multi_head.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/math/sqrt.hpp"
#include "constformer/nn/dropout.hpp"
#include "support/fixture.hpp"

namespace cf_test {

namespace cf = constformer;

//! How many of the counters [first, first + n) the layer keeps.
template <class T>
constexpr std::uint64_t kept_count(const cf::dropout<T>& d, std::uint64_t n, std::uint64_t first = 0) {
  std::uint64_t kept = 0;
  for (std::uint64_t i = first; i < first + n; ++i) kept += d.keep(i) ? 1 : 0;
  return kept;
}

//! The kept count is within `k` standard deviations of its mean n(1 - p) (binomial).
template <class T>
constexpr bool kept_fraction_near(const cf::dropout<T>& d, std::uint64_t n, double k) {
  const double p = static_cast<double>(d.rate);
  const double mean = static_cast<double>(n) * (1 - p);
  const double sigma = cf::math::sqrt(static_cast<double>(n) * p * (1 - p));
  const double diff = static_cast<double>(kept_count(d, n)) - mean;
  return (diff < 0 ? -diff : diff) <= k * sigma;
}

//! In training mode every output is either exactly +-0 (dropped) or exactly `x * scale`
//! (kept), as decided by `keep(first + r * Cols + c)`; and about the right number are kept.
template <class T, std::size_t Rows, std::size_t Cols>
constexpr bool kept_values_scaled(const cf::dropout<T>& d, const cf::matrix<T, Rows, Cols>& x, std::uint64_t first) {
  const auto y = d.forward(x, first);
  const T s = d.scale();
  std::uint64_t n = first;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c, ++n) {
      const T expected = d.keep(n) ? x(r, c) * s : x(r, c) * T(0);
      if (!cf::bit_equal(cf::vector<T, 1>{{{y(r, c)}}}, cf::vector<T, 1>{{{expected}}})) return false;
    }
  return true;
}

//! A Rows x Cols test matrix with varied values, from the generator itself.
template <class T, std::size_t Rows, std::size_t Cols>
constexpr cf::matrix<T, Rows, Cols> test_matrix(std::uint64_t seed) {
  cf::matrix<T, Rows, Cols> m{};
  std::uint64_t n = 0;
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) m(r, c) = cf::uniform<T>(seed, n++) * T(4) - T(2);
  return m;
}

//! The book's example: dropout(0.5) with seed 123 on ones(6, 6), our generator's mask.
template <class T>
constexpr cf::matrix<T, 6, 6> dropout_ones_6x6() {
  cf::matrix<T, 6, 6> ones{};
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 6; ++c) ones(r, c) = T(1);
  return cf::make_dropout<0.5, T>(123).forward(ones);
}

//! Causal attention in training mode (rate 0.5): the fused forward equals the plain one to
//! the bit, and every weight is 0 or exactly 2x the eval-mode weight.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t Batch, std::size_t S>
constexpr bool causal_dropout_consistent(cf::causal_attention<T, DIn, DOut, Ctx> m,
                                         const cf::batch<T, Batch, S, DIn>& x) {
  m.dropout = cf::dropout<T>{};
  const auto eval = m.forward_intermediates(x);
  m.dropout = cf::make_dropout<0.5, T>(2024);
  const auto train = m.forward_intermediates(x);
  if (!fused_equals_reference(m, x)) return false;
  std::size_t dropped = 0;
  for (std::size_t b = 0; b < Batch; ++b)
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < S; ++j) {
        const T w = train.weights[b](i, j);
        if (w == T(0)) {
          dropped += j <= i ? 1 : 0;
        } else if (w != eval.weights[b](i, j) * T(2)) {
          return false;
        }
      }
  return dropped > 0;  // with 42 unmasked weights, all kept would be a 2^-42 event
}

//! The same for multi-head attention.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t H, std::size_t Batch, std::size_t S>
constexpr bool mha_dropout_consistent(cf::multi_head_attention<T, DIn, DOut, Ctx, H> m,
                                      const cf::batch<T, Batch, S, DIn>& x) {
  m.dropout = cf::make_dropout<0.5, T>(99);
  return mha_equals_reference(m, x) && !cf::bit_equal(m.forward(x), [&] {
           auto e = m;
           e.dropout.training = false;
           return e.forward(x);
         }());
}

}  // namespace cf_test

#endif
