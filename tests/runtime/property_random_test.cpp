// Randomised agreement, seeded and reproducible. Shapes are drawn from compile-time lists
// (every combination is instantiated with hana::cartesian_product; a draw picks one at run
// time), weights and inputs from constformer's own SplitMix64 stream (cf::uniform), so the
// draws are the same on every platform and standard library.
//   1. The fused multi_head_attention computes the same function as the wrapper form when
//      its W_query/W_key/W_value rows [h*head_dim, (h+1)*head_dim) are head h's weights:
//      with out_proj = identity and zero bias its output is the wrapper's concatenated
//      output; with a random out_proj it is out_proj applied to the wrapper's output.
//   2. The -inf mask (softmax of masked scores) agrees with the renormalisation mask (zero
//      the softmax weights above the diagonal, divide each row by its sum).
// Both hold within a tolerance (kTol below): the library happens to sum in the same order in
// both forms, but the property is "same function", not "same bits".
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdio>

#include <boost/hana/at.hpp>                 // hana::at_c
#include <boost/hana/cartesian_product.hpp>  // hana::cartesian_product
#include <boost/hana/for_each.hpp>           // hana::for_each
#include <boost/hana/integral_constant.hpp>  // hana::size_c
#include <boost/hana/length.hpp>             // hana::length
#include <boost/hana/tuple.hpp>              // hana::make_tuple, hana::tuple_t
#include <boost/hana/unpack.hpp>             // hana::unpack

#include "cases/property_random.hpp"
#include "constformer/attention/causal.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/nn/softmax.hpp"

namespace {

using namespace cf_test::property_random;

//! Every shape's draw for element type T (kDIn's two widths by kHeadDim's two, each from its own
//! translation unit), in hana::cartesian_product's order.
template <class T>
std::array<attention_fn, 16> attention_table() {
  static_assert(decltype(hana::length(kDIn))::value == 2 && decltype(hana::length(kHeadDim))::value == 2);
  const attention_fns parts[4] = {
      attention_draws<T, hana::at_c<0>(kDIn), 1>(), attention_draws<T, hana::at_c<0>(kDIn), 3>(),
      attention_draws<T, hana::at_c<1>(kDIn), 1>(), attention_draws<T, hana::at_c<1>(kDIn), 3>()};
  std::array<attention_fn, 16> all{};
  for (std::size_t i = 0; i < 16; ++i) all[i] = parts[i / 4][i % 4];
  return all;
}

TEST(PropertyRandom, FusedMultiHeadMatchesWrapper) {
  rng g{kSeed};
  stats identity_stats[2], proj_stats[2];
  int kind = 0;
  hana::for_each(kScalars, [&](auto scalar) {
    const auto table = attention_table<typename decltype(scalar)::type>();
    for (int d = 0; d < kAttentionDraws / 2; ++d)
      table[g.below(table.size())](g, identity_stats[kind], proj_stats[kind]);
    ++kind;
  });
  const char* names[2] = {"float", "double"};
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(identity_stats[k].failures, 0) << names[k] << ": max |diff| " << identity_stats[k].max_abs_diff;
    EXPECT_EQ(proj_stats[k].failures, 0) << names[k] << ": max |diff| " << proj_stats[k].max_abs_diff;
    std::printf("fused vs wrapper, %s: %d draws, max |diff| %g (identity out_proj), %g (random out_proj)\n", names[k],
                identity_stats[k].draws, identity_stats[k].max_abs_diff, proj_stats[k].max_abs_diff);
  }
  EXPECT_EQ(identity_stats[0].draws + identity_stats[1].draws, kAttentionDraws);
}

// --- 2. the -inf mask vs the renormalisation mask ---------------------------------------------

constexpr auto kMaskSeqLen = hana::make_tuple(hana::size_c<1>, hana::size_c<2>, hana::size_c<3>, hana::size_c<5>,
                                              hana::size_c<8>, hana::size_c<13>);

template <class Shape>
void mask_draw(rng& g, stats& st) {
  using T = typename at_t<0, Shape>::type;
  constexpr std::size_t S = at_t<1, Shape>::value;
  cf::matrix<T, S, S> scores{};
  const T spread = g.uniform(T(0.5), T(8));  // scores in [-spread, spread)
  g.fill(scores, -spread, spread);
  const auto by_neg_inf = cf::softmax(cf::masked_fill_upper_neg_inf(scores));
  const auto by_renorm = cf::apply_mask_renormalize(cf::softmax(scores));
  st.compare(by_renorm, by_neg_inf);
  ++st.draws;
}

using mask_fn = void (*)(rng&, stats&);

TEST(PropertyRandom, NegInfMaskMatchesRenormalisation) {
  const auto shapes = hana::cartesian_product(hana::make_tuple(kScalars, kMaskSeqLen));
  const auto table = hana::unpack(
      shapes, [](auto... shape) { return std::array<mask_fn, sizeof...(shape)>{&mask_draw<decltype(shape)>...}; });
  rng g{kSeed + 1};
  stats st;
  for (int d = 0; d < kMaskDraws; ++d) table[g.below(table.size())](g, st);
  EXPECT_EQ(st.failures, 0) << "max |diff| " << st.max_abs_diff;
  EXPECT_EQ(st.draws, kMaskDraws);
  std::printf("-inf mask vs renormalisation: %d draws, max |diff| %g\n", st.draws, st.max_abs_diff);
}

}  // namespace
