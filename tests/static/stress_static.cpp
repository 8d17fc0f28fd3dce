// Numerics under stress at compile time (tests/cases/stress.hpp): building this file is the
// test. Each case runs for float and double; the run-time twin is tests/runtime/stress_test.cpp.
#include <type_traits>

#include "cases/stress.hpp"

namespace st = cf_test::stress;

#define CONSTFORMER_STRESS_CASES(T)                                                                   \
  static_assert(st::softmax_large_magnitudes(st::large_magnitudes<T>()));                             \
  static_assert(st::softmax_equal_rows(st::equal_rows<T>()));                                         \
  static_assert(st::softmax_masked_rows(st::masked_rows<T>()));                                       \
  static_assert(st::softmax_edge_values(st::edge_values<T>()));                                       \
  static_assert(st::softmax_subnormal_weight(st::subnormal_gap<T>()));                                \
  static_assert(st::sequence_length_one(constformer::matrix<T, 1, 3>{{{T(0.5), T(-2), T(3)}}}));      \
  static_assert(st::sequence_length_one(constformer::matrix<T, 1, 3>{{{-T(0), st::tiny<T>, T(0)}}})); \
  static_assert(st::causal_large_scores(st::large_tokens<T>()));
CONSTFORMER_STRESS_CASES(float)
CONSTFORMER_STRESS_CASES(double)

// NaN and infinity. Whether an operation that yields NaN, or overflows to infinity, is a
// constant expression differs between compilers (Clang rejects any NaN result, GCC rejects
// overflow but lets a NaN operand propagate). So these cases are checked at compile time
// only where the compiler accepts them as constant expressions; where it does, the result
// must be the documented one. The run-time test checks all of them unconditionally.
template <auto F>
concept constant_evaluable = requires { typename std::integral_constant<bool, (F(), true)>; };

template <class T>
struct special {
  static constexpr auto rows = [] { return st::softmax_special_rows(st::special_rows<T>()); };
  static constexpr auto gap = [] { return st::softmax_overflowing_gap(st::overflowing_gap<T>()); };
  static constexpr auto nan_token = [] { return st::causal_nan_token(st::tokens_with_nan<T>()); };
};

template <class T>
constexpr bool special_cases_as_documented() {
  bool ok = true;
  if constexpr (constant_evaluable<special<T>::rows>) ok = ok && special<T>::rows();
  if constexpr (constant_evaluable<special<T>::gap>) ok = ok && special<T>::gap();
  if constexpr (constant_evaluable<special<T>::nan_token>) ok = ok && special<T>::nan_token();
  return ok;
}
static_assert(special_cases_as_documented<float>());
static_assert(special_cases_as_documented<double>());
