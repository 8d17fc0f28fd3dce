// The notebook's section 3.3 computations, written once as constexpr functions: the static
// tests call them in static_assert, the run-time and bit-exactness tests with loaded inputs.
#ifndef CONSTFORMER_TESTS_CASES_SIMPLIFIED_HPP
#define CONSTFORMER_TESTS_CASES_SIMPLIFIED_HPP

#include <cstddef>

#include "constformer/attention/simplified.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/nn/softmax.hpp"

namespace cf_test {

namespace cf = constformer;

template <class T>
struct query2_result {
  cf::vector<T, 6> scores, by_sum, naive, stable;
  cf::vector<T, 3> context;
  T by_sum_total, stable_total;
};

//! Section 3.3.1: one query (token `q`) against all six tokens.
template <class T>
constexpr query2_result<T> simplified_query(const cf::matrix<T, 6, 3>& inputs, std::size_t q) {
  query2_result<T> r{};
  const auto query = cf::row(inputs, q);
  r.scores = cf::attention_scores(inputs, query);
  r.by_sum = cf::normalize_by_sum(r.scores);
  r.naive = cf::softmax_naive(r.scores);
  r.stable = cf::softmax(r.scores);
  r.context = cf::context_vectors(r.stable, inputs);
  r.by_sum_total = cf::sum(r.by_sum);
  r.stable_total = cf::sum(r.stable);
  return r;
}

template <class T>
struct all_result {
  cf::matrix<T, 6, 6> scores, weights;
  cf::vector<T, 6> row_sums;
  cf::matrix<T, 6, 3> context;
};

//! Section 3.3.2: all queries at once.
template <class T>
constexpr all_result<T> simplified_all(const cf::matrix<T, 6, 3>& inputs) {
  all_result<T> r{};
  r.scores = cf::attention_scores(inputs);
  r.weights = cf::softmax(r.scores);
  r.row_sums = cf::row_sum(r.weights);
  r.context = cf::context_vectors(r.weights, inputs);
  return r;
}

}  // namespace cf_test

#endif
