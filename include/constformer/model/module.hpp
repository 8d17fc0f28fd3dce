// constformer/model/module.hpp: what every module shares. A module computes in one place,
// `forward_into(x, out, ws)`, into storage the caller owns (the output and a workspace whose
// type and size follow from the module type and the sequence length); `forward(x)` on a
// matrix and on a batch are thin wrappers over it, refused at compile time when their
// by-value storage would exceed the stack budget.
#ifndef CONSTFORMER_MODEL_MODULE_HPP
#define CONSTFORMER_MODEL_MODULE_HPP

#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits: modules without a context length

#include "constformer/config.hpp"       // CONSTFORMER_HOSTED
#include "constformer/core/batch.hpp"   // batch
#include "constformer/core/matrix.hpp"  // matrix

//! The most bytes a by-value convenience (`forward(x)`, `forward_intermediates(x)`) may put
//! in its stack frame: its output plus the module's workspace. Above it the call does not
//! compile and the message names `forward_into`. Default 512 KiB on hosted builds (a thread
//! stack is 8 MiB on Linux) and 2 KiB on freestanding ones; define it before including
//! constformer to change it.
#ifndef CONSTFORMER_STACK_BUDGET
#if CONSTFORMER_HOSTED
#define CONSTFORMER_STACK_BUDGET (512u * 1024u)
#else
#define CONSTFORMER_STACK_BUDGET 2048u
#endif
#endif

namespace constformer {

//! The workspace of module type `M` for sequences of `S` tokens: `typename M::template
//! workspace<S>`, a literal aggregate (zero-initialise it with `{}`). Make it `static` or
//! `constinit` (firmware: it lands in .bss), put it on the heap, or on the stack when small.
//! Its contents between calls mean nothing, except that attention keeps the keys and
//! values of the rows it computed (what incremental decoding reads back).
//! \code
//! using mha_t = cf::multi_head_attention<float, 3, 2, 6, 2>;
//! static cf::workspace_t<mha_t, 6> ws;  // in .bss
//! \endcode
template <class M, std::size_t S>
using workspace_t = typename M::template workspace<S>;

//! Bytes of `workspace_t<M, S>`, from the type alone.
//! \code
//! static_assert(cf::workspace_bytes<cf::linear<float, 3, 2>, 6> <= 1);  // a linear needs none
//! \endcode
template <class M, std::size_t S>
inline constexpr std::size_t workspace_bytes = sizeof(workspace_t<M, S>);

//! The workspace of a module that needs none (an empty literal aggregate).
//! \code
//! cf::no_workspace ws{};
//! cf::linear<float, 3, 2>{}.forward_into(cf::matrix<float, 6, 3>{}, out, ws);  // out: 6 x 2
//! \endcode
struct no_workspace {};

//! The member that stands for a parameter a configuration leaves out (`linear`'s `bias`
//! when `Bias` is false): no storage to speak of, no state_dict entry, not counted.
//! \code
//! static_assert(cf::parameter_tensor_count_v<cf::linear<float, 3, 2, false>> == 1);
//! \endcode
struct absent {
  //! Two absent parameters are equal (so a module with one stays equality-comparable).
  friend constexpr bool operator==(absent, absent) noexcept = default;
};

//! Sequence lengths a module accepts when it has no context length of its own.
inline constexpr std::size_t unbounded_context = std::numeric_limits<std::size_t>::max();

namespace detail {

//! A Hana accessor for the data member `Member`: what a module that lists its members by hand
//! (to leave an optional one out, or to name one "0") puts beside each name.
template <auto Member>
struct member_accessor {
  template <class S>
  constexpr decltype(auto) operator()(S&& s) const noexcept {
    return (static_cast<S&&>(s).*Member);
  }
};

//! Fails to compile when a by-value call would need `FrameBytes` of stack, more than
//! `BudgetBytes` (`CONSTFORMER_STACK_BUDGET`). The two numbers appear in the diagnostic as
//! this function's template arguments.
template <std::size_t FrameBytes, std::size_t BudgetBytes>
constexpr void check_stack_frame() noexcept {
  static_assert(FrameBytes <= BudgetBytes,
                "this by-value call needs a stack frame of FrameBytes bytes, over CONSTFORMER_STACK_BUDGET "
                "(BudgetBytes): call m.forward_into(x, out, ws) with the output and a cf::workspace_t<M, S> in "
                "static or heap storage instead (see docs/memory.md), or raise CONSTFORMER_STACK_BUDGET");
}

//! `m.forward_into(x, out, ws)` with the output and workspace in this frame.
template <std::size_t DOut, class M, class T, std::size_t S, std::size_t DIn>
constexpr matrix<T, S, DOut> forward_value(const M& m, const matrix<T, S, DIn>& x) noexcept {
  check_stack_frame<sizeof(matrix<T, S, DOut>) + sizeof(workspace_t<M, S>), CONSTFORMER_STACK_BUDGET>();
  // Default-initialised, not zeroed: forward_into writes every element before reading it,
  // and zeroing would cost the constant evaluator as much as a small layer.
  matrix<T, S, DOut> out;
  workspace_t<M, S> ws;
  m.forward_into(x, out, ws);
  return out;
}

//! `m.forward_into` on each sequence of a batch, reusing one workspace; attention modules
//! get the item's index, which seeds its dropout counters.
template <std::size_t DOut, class M, class T, std::size_t Batch, std::size_t S, std::size_t DIn>
constexpr batch<T, Batch, S, DOut> forward_batch(const M& m, const batch<T, Batch, S, DIn>& x) noexcept {
  check_stack_frame<sizeof(batch<T, Batch, S, DOut>) + sizeof(workspace_t<M, S>), CONSTFORMER_STACK_BUDGET>();
  batch<T, Batch, S, DOut> out;
  workspace_t<M, S> ws;
  for (std::size_t b = 0; b < Batch; ++b) {
    if constexpr (requires { m.forward_into(x.items[b], out.items[b], ws, b); })
      m.forward_into(x.items[b], out.items[b], ws, b);
    else
      m.forward_into(x.items[b], out.items[b], ws);
  }
  return out;
}

}  // namespace detail
}  // namespace constformer

//! Defines a module's `forward(x)` for a matrix (`S` x `DIN`) and for a batch
//! ([B, `S`, `DIN`]), and `operator()`, as wrappers over its `forward_into`, for sequences of
//! at most `MAX_S` tokens. The output width is `DOUT`.
#define CONSTFORMER_FORWARD_BY_VALUE(T_, DIN, DOUT, MAX_S)                                               \
  /** `forward_into` with the output and workspace returned by value (stack-budget checked). */         \
  template <std::size_t S>                                                                            \
    requires(S <= MAX_S)                                                                            \
  constexpr ::constformer::matrix<T_, S, DOUT> forward(const ::constformer::matrix<T_, S, DIN>& x)   \
      const noexcept {                                                                                 \
    return ::constformer::detail::forward_value<DOUT>(*this, x);                                       \
  }                                                                                                    \
  /** `forward` on each sequence of a batch. */                                                        \
  template <std::size_t Batch, std::size_t S>                                                            \
    requires(S <= MAX_S)                                                                            \
  constexpr ::constformer::batch<T_, Batch, S, DOUT> forward(                                            \
      const ::constformer::batch<T_, Batch, S, DIN>& x) const noexcept {                                 \
    return ::constformer::detail::forward_batch<DOUT>(*this, x);                                       \
  }                                                                                                    \
  /** Same as `forward`, so a module is called like torch's `module(x)`. */                           \
  template <class X>                                                                                  \
  constexpr auto operator()(const X& x) const noexcept -> decltype(this->forward(x)) {                \
    return forward(x);                                                                                 \
  }

#endif  // CONSTFORMER_MODEL_MODULE_HPP
