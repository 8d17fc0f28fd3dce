// Randomised agreement (runtime/property_random_test.cpp): the draw state, the comparison
// statistics and the fused-vs-wrapper draw for one shape. The draws of one element type and
// input width are a table of function pointers built in a translation unit of its own
// (runtime/property_random_attention_*.cpp, declared `extern template` below), so that each
// compiles quickly.
#ifndef CONSTFORMER_TESTS_CASES_PROPERTY_RANDOM_HPP
#define CONSTFORMER_TESTS_CASES_PROPERTY_RANDOM_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <boost/hana/at.hpp>                 // hana::at_c
#include <boost/hana/cartesian_product.hpp>  // hana::cartesian_product
#include <boost/hana/integral_constant.hpp>  // hana::size_c
#include <boost/hana/tuple.hpp>              // hana::make_tuple, hana::tuple_t
#include <boost/hana/type.hpp>               // hana::type
#include <boost/hana/unpack.hpp>             // hana::unpack

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/nn/dropout.hpp"

namespace cf_test::property_random {

namespace cf = constformer;
namespace hana = boost::hana;

constexpr std::uint64_t kSeed = 0x5eed2026u;
constexpr int kAttentionDraws = 2000;  // split evenly between float and double
constexpr int kMaskDraws = 2000;

//! Element I of a hana::tuple type, as a plain type (hana::type<T> or an integral_constant).
template <std::size_t I, class Tuple>
using at_t = std::remove_cvref_t<decltype(hana::at_c<I>(std::declval<Tuple>()))>;

//! Draw state: a counter into the SplitMix64 stream of kSeed (plus a per-test salt).
struct rng {
  std::uint64_t seed;
  std::uint64_t counter = 0;
  std::uint64_t bits() { return cf::random_bits(seed, counter++); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(bits() % n); }
  template <class T>
  T uniform(T lo, T hi) {
    return lo + (hi - lo) * cf::uniform<T>(seed, counter++);
  }
  template <class T, std::size_t R, std::size_t C>
  void fill(cf::matrix<T, R, C>& m, T lo, T hi) {
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t c = 0; c < C; ++c) m.elems[r][c] = uniform(lo, hi);
  }
};

template <class T>
struct tolerance;
template <>
struct tolerance<float> {
  static constexpr float abs = 2e-6f, rel = 2e-5f;
};
template <>
struct tolerance<double> {
  static constexpr double abs = 1e-14, rel = 1e-13;
};

template <class T>
bool near(T got, T ref) {
  const T d = got > ref ? got - ref : ref - got;
  const T a = ref < T(0) ? -ref : ref;
  return d <= tolerance<T>::abs + tolerance<T>::rel * a;
}

//! Largest |got - ref| seen, per property and scalar type, for the report.
struct stats {
  int draws = 0, failures = 0;
  double max_abs_diff = 0;
  template <class T, std::size_t R, std::size_t C>
  void compare(const cf::matrix<T, R, C>& got, const cf::matrix<T, R, C>& ref) {
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t c = 0; c < C; ++c) {
        const double d = static_cast<double>(got.elems[r][c]) - static_cast<double>(ref.elems[r][c]);
        const double ad = d < 0 ? -d : d;
        if (!(ad <= max_abs_diff)) max_abs_diff = ad;
        if (!near(got.elems[r][c], ref.elems[r][c])) ++failures;
      }
  }
};

// --- 1. fused multi-head attention vs the wrapper ---------------------------------------------

// Candidate extents. Every combination is one instantiation per scalar type (16 each; the
// lists are short because each instantiation costs compile time, not because of run time).
constexpr auto kDIn = hana::make_tuple(hana::size_c<2>, hana::size_c<5>);
constexpr auto kHeadDim = hana::make_tuple(hana::size_c<1>, hana::size_c<3>);
constexpr auto kNumHeads = hana::make_tuple(hana::size_c<1>, hana::size_c<3>);
constexpr auto kSeqLen = hana::make_tuple(hana::size_c<1>, hana::size_c<6>);
constexpr auto kScalars = hana::tuple_t<float, double>;
constexpr std::size_t kContextLength = 8;
constexpr std::size_t kBatch = 2;

//! One draw for the shape `Shape` (a hana::tuple of (type<T>, DIn, head_dim, heads, S)).
template <class Shape>
void attention_draw(rng& g, stats& identity_stats, stats& proj_stats) {
  using T = typename at_t<0, Shape>::type;
  constexpr std::size_t DIn = at_t<1, Shape>::value;
  constexpr std::size_t HeadDim = at_t<2, Shape>::value;
  constexpr std::size_t NumHeads = at_t<3, Shape>::value;
  constexpr std::size_t S = at_t<4, Shape>::value;
  constexpr std::size_t DOut = HeadDim * NumHeads;

  cf::multi_head_attention_wrapper<T, DIn, HeadDim, kContextLength, NumHeads> wrapper{};
  cf::multi_head_attention<T, DIn, DOut, kContextLength, NumHeads> fused{};
  for (std::size_t h = 0; h < NumHeads; ++h) {
    auto& head = wrapper.heads[h];
    g.fill(head.W_query.weight, T(-1), T(1));
    g.fill(head.W_key.weight, T(-1), T(1));
    g.fill(head.W_value.weight, T(-1), T(1));
    for (std::size_t r = 0; r < HeadDim; ++r)
      for (std::size_t c = 0; c < DIn; ++c) {
        fused.W_query.weight.elems[h * HeadDim + r][c] = head.W_query.weight.elems[r][c];
        fused.W_key.weight.elems[h * HeadDim + r][c] = head.W_key.weight.elems[r][c];
        fused.W_value.weight.elems[h * HeadDim + r][c] = head.W_value.weight.elems[r][c];
      }
  }
  for (std::size_t i = 0; i < DOut; ++i) fused.out_proj.weight.elems[i][i] = T(1);  // identity, bias 0

  cf::batch<T, kBatch, S, DIn> x{};
  for (auto& item : x.items) g.fill(item, T(-2), T(2));

  const auto concat = wrapper.forward(x);
  const auto out_identity = fused.forward(x);
  for (std::size_t b = 0; b < kBatch; ++b) identity_stats.compare(out_identity.items[b], concat.items[b]);
  ++identity_stats.draws;

  // A random output projection: fused = out_proj(wrapper).
  g.fill(fused.out_proj.weight, T(-1), T(1));
  g.fill(fused.out_proj.bias, T(-1), T(1));
  const auto out_proj = fused.forward(x);
  for (std::size_t b = 0; b < kBatch; ++b)
    proj_stats.compare(out_proj.items[b], fused.out_proj.forward(concat.items[b]));
  ++proj_stats.draws;
}

using attention_fn = void (*)(rng&, stats&, stats&);
//! The draws of one element type, input width and head width: every number of heads and S.
using attention_fns = std::array<attention_fn, 4>;

//! The draws for element type T, input width DIn and head width HeadDim, in
//! hana::cartesian_product's order.
template <class T, std::size_t DIn, std::size_t HeadDim>
attention_fns attention_draws() {
  const auto shapes =
      hana::cartesian_product(hana::make_tuple(hana::make_tuple(hana::type_c<T>), hana::make_tuple(hana::size_c<DIn>),
                                               hana::make_tuple(hana::size_c<HeadDim>), kNumHeads, kSeqLen));
  return hana::unpack(shapes, [](auto... shape) { return attention_fns{&attention_draw<decltype(shape)>...}; });
}

// Instantiated once each, in runtime/property_random_attention_*.cpp (each instantiates two
// multi-head attention modules per shape, at -Og: four shapes a file).
#define CF_TEST_PROPERTY_RANDOM_DRAWS(T, DIn)                 \
  extern template attention_fns attention_draws<T, DIn, 1>(); \
  extern template attention_fns attention_draws<T, DIn, 3>();
CF_TEST_PROPERTY_RANDOM_DRAWS(float, 2)
CF_TEST_PROPERTY_RANDOM_DRAWS(float, 5)
CF_TEST_PROPERTY_RANDOM_DRAWS(double, 2)
CF_TEST_PROPERTY_RANDOM_DRAWS(double, 5)
#undef CF_TEST_PROPERTY_RANDOM_DRAWS
static_assert(std::remove_cvref_t<decltype(hana::at_c<0>(kHeadDim))>::value == 1 &&
                  std::remove_cvref_t<decltype(hana::at_c<1>(kHeadDim))>::value == 3,
              "the files instantiate these head widths");

}  // namespace cf_test::property_random

#endif
