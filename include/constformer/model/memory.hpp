// constformer/model/memory.hpp: the memory a module needs, known at compile time:
// parameter_bytes, and the names the first firmware examples used for a module's workspace
// (forward_scratch, scratch_bytes, the free forward_into).
#ifndef CONSTFORMER_MODEL_MEMORY_HPP
#define CONSTFORMER_MODEL_MEMORY_HPP

#include <cstddef>  // std::size_t

#include "constformer/model/module.hpp"      // workspace_t, workspace_bytes
#include "constformer/model/parameters.hpp"  // parameter_count_v

namespace constformer {

//! Bytes of the parameters of module type `M` (`parameter_count_v<M>` elements of its
//! `value_type`), from the type alone. This is what the weights occupy in flash or RAM;
//! `sizeof(M)` is a little larger, because a module also holds its `dropout` settings.
//! \code
//! static_assert(cf::parameter_bytes<cf::linear<float, 3, 2, true>> == 8 * sizeof(float));
//! \endcode
template <class M>
inline constexpr std::size_t parameter_bytes = parameter_count_v<M> * sizeof(typename M::value_type);

//! The workspace of module type `M` for `S` tokens: another name for `workspace_t<M, S>`.
//! \code
//! using mha_t = cf::multi_head_attention<float, 3, 2, 6, 2>;
//! static cf::forward_scratch<mha_t, 6> scratch;  // S = 6; e.g. in .bss
//! \endcode
template <class M, std::size_t S>
using forward_scratch = workspace_t<M, S>;

//! Bytes of the workspace of module type `M` for `S` tokens: `workspace_bytes<M, S>`.
//! Besides it, `forward_into` uses the caller's input and output and a stack frame of fixed
//! size with one row of `S` attention weights.
//! \code
//! using mha_t = cf::multi_head_attention<float, 3, 2, 6, 2>;
//! static_assert(cf::scratch_bytes<mha_t, 6> == 4 * 6 * 2 * sizeof(float));
//! \endcode
template <class M, std::size_t S>
inline constexpr std::size_t scratch_bytes = workspace_bytes<M, S>;

//! `m.forward_into(x, out, ws)`, as a free function.
//! Shapes: as the module's `forward_into`.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! static cf::workspace_t<decltype(mha), 6> ws;
//! cf::matrix<float, 6, 3> x{};
//! cf::matrix<float, 6, 2> out{};
//! cf::forward_into(mha, x, out, ws);
//! \endcode
template <class M, class X, class Out, class Ws>
constexpr void forward_into(const M& m, const X& x, Out& out, Ws& ws) noexcept
  requires requires { m.forward_into(x, out, ws); }
{
  m.forward_into(x, out, ws);
}

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_MEMORY_HPP
