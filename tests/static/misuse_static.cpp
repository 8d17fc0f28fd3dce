// Misuse that is a constraint, tested as `!requires`: every call or type below must be
// rejected by overload resolution or constraint checking (not by a hard error), so generic
// code can detect it. The requires-expressions sit inside concepts so that they are
// dependent (a non-dependent invalid expression would be a hard error instead).
// The diagnostics users see are tested in tests/compile_fail/. Two misuses are
// static_asserts, not constraints, and are tested there only: DOut not divisible by NumHeads
// (the class template is still nameable) and a dropout rate outside [0, 1) (make_dropout
// with a floating rate is viable; its body rejects the value).
#include <cstddef>
#include <type_traits>

#include "constformer/attention/causal.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/attention/self_attention.hpp"
#include "constformer/attention/simplified.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/model/parameters.hpp"
#include "constformer/nn/dropout.hpp"

namespace cf = constformer;

namespace {

template <class A, class B>
concept can_matmul = requires(const A& a, const B& b) { cf::matmul(a, b); };
template <class A, class B>
concept can_matmul_transposed = requires(const A& a, const B& b) { cf::matmul_transposed(a, b); };
template <class A, class B>
concept can_dot = requires(const A& a, const B& b) { cf::dot(a, b); };
template <class A, class B>
concept can_add = requires(const A& a, const B& b) { a + b; };
template <class A, class B>
concept can_subtract = requires(const A& a, const B& b) { a - b; };
template <class M, class X>
concept can_forward = requires(const M& m, const X& x) { m.forward(x); };
template <class M, class X>
concept can_forward_intermediates = requires(const M& m, const X& x) { m.forward_intermediates(x); };
template <class T, std::size_t Rows, std::size_t Cols>
concept valid_matrix = requires { typename cf::matrix<T, Rows, Cols>; };
template <class T, std::size_t Batch, std::size_t Rows, std::size_t Cols>
concept valid_batch = requires { typename cf::batch<T, Batch, Rows, Cols>; };
template <class T, std::size_t NumHeads>
concept valid_wrapper = requires { typename cf::multi_head_attention_wrapper<T, 3, 2, 6, NumHeads>; };
template <class M, cf::fixed_string Name>
concept can_read_parameter = requires(M& m) { cf::parameter<Name>(m); };
template <cf::dropout_rate Rate>
concept can_make_dropout = requires { cf::make_dropout<Rate>(); };

template <std::size_t R, std::size_t C>
using m = cf::matrix<float, R, C>;
template <std::size_t B, std::size_t S, std::size_t D>
using b = cf::batch<float, B, S, D>;

// A matrix product with mismatched inner extents.
static_assert(can_matmul<m<2, 3>, m<3, 4>>);
static_assert(!can_matmul<m<2, 3>, m<4, 2>>);
static_assert(!can_matmul<m<2, 3>, cf::matrix<double, 3, 4>>);  // mixed scalars
static_assert(can_matmul_transposed<m<2, 3>, m<4, 3>>);
static_assert(!can_matmul_transposed<m<2, 3>, m<3, 4>>);
static_assert(can_dot<m<1, 3>, m<1, 3>>);
static_assert(!can_dot<m<1, 3>, m<1, 4>>);
static_assert(!can_dot<m<2, 3>, m<2, 3>>);  // not vectors

// Adding (or subtracting) matrices of different shapes.
static_assert(can_add<m<2, 3>, m<2, 3>>);
static_assert(!can_add<m<2, 3>, m<3, 2>>);
static_assert(!can_add<m<2, 3>, m<2, 4>>);
static_assert(!can_subtract<m<2, 3>, m<3, 2>>);
static_assert(!can_add<m<2, 3>, cf::matrix<double, 2, 3>>);

// Simplified attention: the query width must be the inputs' width; weights x inputs must agree.
template <class I, class Q>
concept can_score = requires(const I& i, const Q& q) { cf::attention_scores(i, q); };
template <class W, class I>
concept can_mix = requires(const W& w, const I& i) { cf::context_vectors(w, i); };
static_assert(can_score<m<6, 3>, m<1, 3>> && !can_score<m<6, 3>, m<1, 4>>);
static_assert(can_mix<m<6, 6>, m<6, 3>> && !can_mix<m<6, 5>, m<6, 3>>);

// Attention modules fed a sequence longer than ContextLength, or tokens not DIn wide.
using causal = cf::causal_attention<float, 3, 2, 4>;
static_assert(can_forward<causal, b<2, 4, 3>> && can_forward<causal, m<4, 3>>);
static_assert(!can_forward<causal, b<2, 5, 3>> && !can_forward<causal, m<5, 3>>);
static_assert(!can_forward_intermediates<causal, b<1, 5, 3>>);
static_assert(!can_forward<causal, b<2, 4, 4>> && !can_forward<causal, m<4, 2>>);

using wrapper = cf::multi_head_attention_wrapper<float, 3, 2, 4, 2>;
static_assert(can_forward<wrapper, b<1, 4, 3>>);
static_assert(!can_forward<wrapper, b<1, 5, 3>> && !can_forward_intermediates<wrapper, b<1, 5, 3>>);
static_assert(!can_forward<wrapper, b<1, 4, 2>>);

using fused = cf::multi_head_attention<float, 3, 4, 4, 2>;
static_assert(can_forward<fused, b<1, 4, 3>>);
static_assert(!can_forward<fused, b<1, 5, 3>> && !can_forward_intermediates<fused, b<1, 5, 3>>);
static_assert(!can_forward<fused, b<1, 4, 5>>);
static_assert(can_forward<fused, b<1, 4, 3>::item_type> && !can_forward<fused, m<4, 5>> && !can_forward<fused, m<5, 3>>);  // matrices too

using v2 = cf::self_attention_v2<float, 3, 2>;
static_assert(can_forward<v2, m<6, 3>> && !can_forward<v2, m<6, 4>>);
using v1 = cf::self_attention_v1<float, 3, 2>;
static_assert(can_forward<v1, m<6, 3>> && !can_forward<v1, m<6, 2>>);
using lin = cf::linear<float, 3, 2, true>;
static_assert(can_forward<lin, m<6, 3>> && !can_forward<lin, m<6, 2>>);

// A zero extent; a scalar type that is not float or double; zero heads.
static_assert(valid_matrix<float, 1, 1> && valid_matrix<double, 2, 3>);
static_assert(!valid_matrix<float, 0, 3> && !valid_matrix<float, 3, 0> && !valid_matrix<double, 0, 0>);
static_assert(!valid_matrix<int, 2, 2> && !valid_matrix<long double, 2, 2> && !valid_matrix<const float, 2, 2>);
static_assert(valid_batch<float, 1, 2, 3> && !valid_batch<float, 0, 2, 3>);  // (a zero Rows/Cols fails on its matrix)
static_assert(!valid_batch<int, 1, 2, 3>);
static_assert(valid_wrapper<float, 1> && !valid_wrapper<float, 0>);

// Reading a parameter by a name the module does not have.
static_assert(can_read_parameter<causal, "W_query.weight">);
static_assert(!can_read_parameter<causal, "nope">);
static_assert(!can_read_parameter<causal, "W_query.bias">);  // no QKV bias
static_assert(can_read_parameter<fused, "out_proj.bias">);
static_assert(!can_read_parameter<wrapper, "heads.2.W_key.weight">);  // only heads 0 and 1
static_assert(cf::HasParameter<wrapper, "heads.1.W_key.weight">);
static_assert(!cf::HasParameter<wrapper, "W_key.weight">);

// make_dropout takes a float or double rate (a rate outside [0, 1) is a static_assert, see
// tests/compile_fail/dropout_rate.cpp), and the dropout's type follows the literal's.
static_assert(can_make_dropout<0.5> && can_make_dropout<0.0f>);
static_assert(std::is_same_v<decltype(cf::make_dropout<0.5f>()), cf::dropout<float>>);
static_assert(std::is_same_v<decltype(cf::make_dropout<0.5>()), cf::dropout<double>>);

}  // namespace
