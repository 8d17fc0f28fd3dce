// forward_into (caller-supplied scratch) against the modules' own forward, for the causal and
// multi-head modules with the book's weights loaded by name.
#ifndef CONSTFORMER_TESTS_CASES_MEMORY_HPP
#define CONSTFORMER_TESTS_CASES_MEMORY_HPP

#include "cases/named.hpp"
#include "constformer/attention/causal.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/model/memory.hpp"

namespace cf_test {

//! True when forward_into with scratch gives the bits of forward, for both modules.
template <class Causal, class Mha, class T, std::size_t NC, std::size_t NM>
constexpr bool forward_into_matches(const constformer_fixtures::fixture_entry<T> (&causal_table)[NC],
                                    const constformer_fixtures::fixture_entry<T> (&mha_table)[NM],
                                    const cf::matrix<T, 6, 3>& x) {
  const auto causal = load_named<Causal>(causal_table);
  cf::matrix<T, 6, Causal::d_out> out_c{};
  cf::forward_scratch<Causal, 6> scratch_c{};
  cf::forward_into(causal, x, out_c, scratch_c);
  const auto mha = load_named<Mha>(mha_table);
  cf::matrix<T, 6, Mha::d_out> out_m{};
  cf::forward_scratch<Mha, 6> scratch_m{};
  cf::forward_into(mha, x, out_m, scratch_m);
  const cf::batch<T, 1, 6, 3> one{{x}};
  return cf::bit_equal(out_c, causal.forward(x)) && cf::bit_equal(out_m, mha.forward(one).items[0]);
}

}  // namespace cf_test

#endif
