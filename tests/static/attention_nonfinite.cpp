// NaN and infinity in attention against PyTorch (tests/fixtures/attention, the
// attention_nonfinite case), at compile time: building this file is the test. The run-time
// twin is tests/runtime/attention_nonfinite_test.cpp.
//
// On every compiler: causal rows before a NaN or infinite token never read it, so they are
// constant expressions, and equal torch's output on those rows alone. Whether an operation
// that yields NaN is a constant expression depends on the compiler (Clang rejects it, GCC lets
// a NaN operand propagate; see docs/errors.md), so the full comparison with torch's
// non-finite outputs runs at compile time only where the compiler accepts it.
#include <limits>
#include <type_traits>

#include "cases/torch_attention.hpp"
#include "fixtures/attention_nonfinite_seed123_f32.hpp"
#include "fixtures/attention_nonfinite_seed123_f64.hpp"

namespace cf = constformer;
namespace fx = constformer_fixtures;

template <auto F>
concept constant_evaluable = requires { typename std::integral_constant<bool, (F(), true)>; };

// Causal nn.MultiheadAttention, token 3 NaN (item 0) or +inf (item 1): rows 0..2 as torch
// computes them on the first three tokens.
#define CHECK_NONFINITE_MHA(ns)                                                                        \
  namespace mha_##ns {                                                                                 \
    using T = std::remove_cvref_t<decltype(fx::ns::q[0])>;                                             \
    using M = cf::multi_head_attention<T, 4, 4, 6, 2, true, true, true>;                               \
    static_assert(fx::ns::params::row == 3);                                                           \
    constexpr auto m = cf_test::load_torch_mha<M>(fx::ns::tensors, "mha.");                            \
    constexpr auto x = cf_test::to_batch<2, 6, 4>(fx::ns::mha_inputs);                                 \
    constexpr auto prefix = cf_test::to_batch<2, 3, 4>(fx::ns::mha_prefix_output);                     \
    static_assert(cf::allclose(cf_test::leading_rows<3>(m, x[0]), prefix[0], cf_test::fixture_rtol<T>, \
                               cf_test::fixture_atol<T>));                                             \
    static_assert(cf::allclose(cf_test::leading_rows<3>(m, x[1]), prefix[1], cf_test::fixture_rtol<T>, \
                               cf_test::fixture_atol<T>));                                             \
  }
CHECK_NONFINITE_MHA(attention_nonfinite_seed123_f32)
CHECK_NONFINITE_MHA(attention_nonfinite_seed123_f64)

// scaled_dot_product_attention with row 3 of q, k or v NaN or +inf, causal or not: the rows
// match torch's, except the causal rows before a bad key or value (3 of them), which are
// finite and equal torch's output on rows 0..2 alone.
template <class T>
inline constexpr T bad_nan = std::numeric_limits<T>::quiet_NaN();
template <class T>
inline constexpr T bad_inf = std::numeric_limits<T>::infinity();

template <auto F, int Expected>
constexpr bool as_documented_where_constant() {
  if constexpr (constant_evaluable<F>) return F() == Expected;
  else return true;
}

#define CHECK_NONFINITE_SDPA(ns, which, value, mode, causal, expected)                                        \
  namespace sdpa_##ns##_##which##_##value##_##mode {                                                          \
    using T = std::remove_cvref_t<decltype(fx::ns::q[0])>;                                                    \
    constexpr auto run = [] {                                                                                 \
      auto q = cf_test::to_matrix<6, 4>(fx::ns::q), k = cf_test::to_matrix<6, 4>(fx::ns::k),                  \
           v = cf_test::to_matrix<6, 4>(fx::ns::v);                                                           \
      which = cf_test::with_row(which, 3, bad_##value<T>);                                                    \
      return cf_test::rows_match_torch(cf::scaled_dot_product_attention(q, k, v, causal),                     \
                                       fx::ns::sdpa_##which##_##value##_##mode, fx::ns::sdpa_prefix, causal); \
    };                                                                                                        \
    static_assert(as_documented_where_constant<run, expected>());                                             \
  }
#define CHECK_NONFINITE_SDPA_ALL(ns)                \
  CHECK_NONFINITE_SDPA(ns, q, nan, full, false, 0)  \
  CHECK_NONFINITE_SDPA(ns, q, nan, causal, true, 0) \
  CHECK_NONFINITE_SDPA(ns, q, inf, full, false, 0)  \
  CHECK_NONFINITE_SDPA(ns, q, inf, causal, true, 0) \
  CHECK_NONFINITE_SDPA(ns, k, nan, full, false, 0)  \
  CHECK_NONFINITE_SDPA(ns, k, nan, causal, true, 3) \
  CHECK_NONFINITE_SDPA(ns, k, inf, full, false, 0)  \
  CHECK_NONFINITE_SDPA(ns, k, inf, causal, true, 3) \
  CHECK_NONFINITE_SDPA(ns, v, nan, full, false, 0)  \
  CHECK_NONFINITE_SDPA(ns, v, nan, causal, true, 3) \
  CHECK_NONFINITE_SDPA(ns, v, inf, full, false, 0)  \
  CHECK_NONFINITE_SDPA(ns, v, inf, causal, true, 3)
CHECK_NONFINITE_SDPA_ALL(attention_nonfinite_seed123_f32)
CHECK_NONFINITE_SDPA_ALL(attention_nonfinite_seed123_f64)
