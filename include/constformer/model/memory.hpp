// constformer/model/memory.hpp: the memory a module needs, known at compile time
// (parameter_bytes, forward_scratch, scratch_bytes), and forward_into, the forward pass of
// causal_attention and multi_head_attention into storage the caller supplies, so that no
// large tensor lives on the stack (the firmware use: the budget is checked by static_assert
// and the buffers are placed where the caller wants, e.g. in .bss).
#ifndef CONSTFORMER_MODEL_MEMORY_HPP
#define CONSTFORMER_MODEL_MEMORY_HPP

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <new>          // placement new: a projection constructed in place in the scratch
#include <type_traits>  // std::is_constant_evaluated

#include "constformer/attention/causal.hpp"          // causal_attention
#include "constformer/attention/multi_head.hpp"      // multi_head_attention
#include "constformer/attention/self_attention.hpp"  // detail::attend
#include "constformer/core/matrix.hpp"               // matrix
#include "constformer/model/parameters.hpp"          // parameter_count_v

namespace constformer {

//! Bytes of the parameters of module type `M` (`parameter_count_v<M>` elements of its
//! `value_type`), from the type alone. This is what the weights occupy in flash or RAM;
//! `sizeof(M)` is a little larger, because a module also holds its `dropout` settings.
//! \code
//! static_assert(cf::parameter_bytes<cf::linear<float, 3, 2, true>> == 8 * sizeof(float));
//! \endcode
template <class M>
inline constexpr std::size_t parameter_bytes = parameter_count_v<M> * sizeof(typename M::value_type);

//! The working storage of `forward_into(m, x, out, scratch)` for module type `M` and
//! sequence length `S`; specialised for each module that has a `forward_into`. A literal
//! aggregate: make one `constinit` or `static` (firmware: in .bss), or on the stack, as you
//! choose. Its contents between calls mean nothing.
//! \code
//! using mha_t = cf::multi_head_attention<float, 3, 2, 6, 2>;
//! static cf::forward_scratch<mha_t, 6> scratch;  // S = 6; e.g. in .bss
//! \endcode
template <class M, std::size_t S>
struct forward_scratch;

//! For `causal_attention`: the projections `queries`, `keys` and `values` (`S` x `DOut`).
//! Shapes: three `S` x `DOut` matrices.
//! \code
//! static cf::forward_scratch<cf::causal_attention<float, 3, 2, 6>, 6> scratch;
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, bool QkvBias, std::size_t S>
struct forward_scratch<causal_attention<T, DIn, DOut, ContextLength, QkvBias>, S> {
  matrix<T, S, DOut> queries;  //!< `W_query(x)`
  matrix<T, S, DOut> keys;     //!< `W_key(x)`
  matrix<T, S, DOut> values;   //!< `W_value(x)`
};

//! For `multi_head_attention`: the projections `queries`, `keys` and `values` and the
//! concatenated head contexts `context` (all `S` x `DOut`).
//! Shapes: four `S` x `DOut` matrices.
//! \code
//! static cf::forward_scratch<cf::multi_head_attention<float, 3, 2, 6, 2>, 6> scratch;
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, std::size_t NumHeads,
          bool QkvBias, std::size_t S>
struct forward_scratch<multi_head_attention<T, DIn, DOut, ContextLength, NumHeads, QkvBias>, S> {
  matrix<T, S, DOut> queries;  //!< `W_query(x)`, all heads
  matrix<T, S, DOut> keys;     //!< `W_key(x)`, all heads
  matrix<T, S, DOut> values;   //!< `W_value(x)`, all heads
  matrix<T, S, DOut> context;  //!< the head contexts, concatenated: the input of `out_proj`
};

//! Bytes of scratch that `forward_into` of module type `M` needs for a sequence of `S`
//! tokens: `sizeof(forward_scratch<M, S>)`. Besides it, the call uses the input and output
//! (the caller's) and a stack frame of fixed size with one row of `S` attention weights.
//! \code
//! using mha_t = cf::multi_head_attention<float, 3, 2, 6, 2>;
//! static_assert(cf::scratch_bytes<mha_t, 6> == 4 * 6 * 2 * sizeof(float));
//! static_assert(cf::scratch_bytes<mha_t, 6> <= 1024, "scratch over budget");
//! \endcode
template <class M, std::size_t S>
inline constexpr std::size_t scratch_bytes = sizeof(forward_scratch<M, S>);

namespace detail {

//! `dst = make()`, with `make()`'s result constructed directly in `dst` at run time
//! (guaranteed copy elision into placement new), so that no temporary of the size of
//! `dst` is put on the stack. `Dst` is trivially destructible.
template <class Dst, class Make>
constexpr void construct_in(Dst& dst, const Make& make) noexcept {
  if (std::is_constant_evaluated())
    dst = make();
  else
    ::new (static_cast<void*>(&dst)) Dst(make());
}

}  // namespace detail

//! Causal attention of one sequence `x` (`S` x `DIn`) into `out` (`S` x `DOut`), using
//! `scratch` for the projections: bit-identical to `m.forward(x, counter_base)`. The stack
//! holds no tensor, only one row of `S` weights.
//! Shapes: `S` x `DIn` in, `S` x `DOut` out, `S <= ContextLength`.
//! \code
//! cf::causal_attention<float, 3, 2, 6> ca{};
//! static cf::forward_scratch<decltype(ca), 6> scratch;
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 6, 2> out{};
//! cf::forward_into(ca, x, out, scratch);  // out == ca.forward(x)
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, bool QkvBias, std::size_t S>
  requires(S <= ContextLength)
constexpr void forward_into(const causal_attention<T, DIn, DOut, ContextLength, QkvBias>& m,
                            const matrix<T, S, DIn>& x, matrix<T, S, DOut>& out,
                            forward_scratch<causal_attention<T, DIn, DOut, ContextLength, QkvBias>, S>& scratch,
                            std::uint64_t counter_base = 0) noexcept {
  detail::construct_in(scratch.queries, [&] { return m.W_query.forward(x); });
  detail::construct_in(scratch.keys, [&] { return m.W_key.forward(x); });
  detail::construct_in(scratch.values, [&] { return m.W_value.forward(x); });
  detail::attend<true>(scratch.queries, scratch.keys, scratch.values, 0, DOut, out, 0, nullptr, m.dropout,
                       counter_base);
}

//! Multi-head attention of one sequence `x` (`S` x `DIn`) into `out` (`S` x `DOut`), using
//! `scratch` for the projections and the head contexts: bit-identical to item `b` of
//! `m.forward(batch)` when `counter_base` is `b * NumHeads * S * S` (0 for one sequence).
//! The stack holds no tensor, only one row of `S` weights.
//! Shapes: `S` x `DIn` in, `S` x `DOut` out, `S <= ContextLength`.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! static cf::forward_scratch<decltype(mha), 6> scratch;
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 6, 2> out{};
//! cf::forward_into(mha, x, out, scratch);
//! \endcode
template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t ContextLength, std::size_t NumHeads,
          bool QkvBias, std::size_t S>
  requires(S <= ContextLength)
constexpr void forward_into(
    const multi_head_attention<T, DIn, DOut, ContextLength, NumHeads, QkvBias>& m, const matrix<T, S, DIn>& x,
    matrix<T, S, DOut>& out,
    forward_scratch<multi_head_attention<T, DIn, DOut, ContextLength, NumHeads, QkvBias>, S>& scratch,
    std::uint64_t counter_base = 0) noexcept {
  constexpr std::size_t head_dim = DOut / NumHeads;
  detail::construct_in(scratch.queries, [&] { return m.W_query.forward(x); });
  detail::construct_in(scratch.keys, [&] { return m.W_key.forward(x); });
  detail::construct_in(scratch.values, [&] { return m.W_value.forward(x); });
  for (std::size_t h = 0; h < NumHeads; ++h)
    detail::attend<true>(scratch.queries, scratch.keys, scratch.values, h * head_dim, head_dim, scratch.context,
                         h * head_dim, nullptr, m.dropout, counter_base + static_cast<std::uint64_t>(h * S * S));
  detail::construct_in(out, [&] { return m.out_proj.forward(scratch.context); });
}

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_MEMORY_HPP
