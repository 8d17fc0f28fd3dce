// Safetensors loading (model/safetensors.hpp), written once as constexpr functions: comparing a
// loaded module with a fixture's tensors bit for bit, and the book's multi-head attention run on
// the fixture's inputs. Used by static/safetensors_*.cpp and runtime/safetensors_test.cpp and
// safetensors_parser_test.cpp.
#ifndef CONSTFORMER_TESTS_CASES_SAFETENSORS_HPP
#define CONSTFORMER_TESTS_CASES_SAFETENSORS_HPP

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "cases/batch_fixture.hpp"
#include "constformer/attention/multi_head.hpp"
#include "constformer/model/parameters.hpp"
#include "constformer/model/safetensors.hpp"

namespace constformer_fixtures {
template <class T>
struct fixture_entry;
}

namespace cf_test {

namespace cf = constformer;

template <class T>
using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

//! True when every parameter of `m` has the bits of the fixture tensor named `prefix` + its
//! state_dict name, converted to the parameter's type (exact for float into double), and
//! every parameter has such a tensor.
template <class M, class U, std::size_t N>
constexpr bool parameters_bit_equal(const M& m, const constformer_fixtures::fixture_entry<U> (&table)[N],
                                    std::string_view prefix = {}) {
  bool ok = true;
  std::size_t matched = 0;
  cf::for_each_parameter(m, [&](std::string_view name, const auto& leaf) {
    using L = std::remove_cvref_t<decltype(leaf)>;
    using T = typename L::value_type;
    for (const auto& e : table) {
      const std::string_view n(e.name);
      if (n.size() != prefix.size() + name.size() || n.substr(0, prefix.size()) != prefix ||
          n.substr(prefix.size()) != name)
        continue;
      ++matched;
      if (e.size != L::size) ok = false;
      for (std::size_t r = 0; ok && r < L::rows; ++r)
        for (std::size_t c = 0; c < L::cols; ++c)
          if (std::bit_cast<bits_t<T>>(leaf.elems[r][c]) !=
              std::bit_cast<bits_t<T>>(static_cast<T>(e.data[r * L::cols + c])))
            ok = false;
    }
  });
  return ok && matched == cf::parameter_tensor_count_v<M>;
}

//! Two multi-head attention modules with the same bits in every parameter.
template <class T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t H>
constexpr bool mha_bit_equal(const cf::multi_head_attention<T, DIn, DOut, Ctx, H>& a,
                             const cf::multi_head_attention<T, DIn, DOut, Ctx, H>& b) {
  return cf::bit_equal(a.W_query.weight, b.W_query.weight) && cf::bit_equal(a.W_key.weight, b.W_key.weight) &&
         cf::bit_equal(a.W_value.weight, b.W_value.weight) && cf::bit_equal(a.out_proj.weight, b.out_proj.weight) &&
         cf::bit_equal(a.out_proj.bias, b.out_proj.bias);
}

//! The module's output on the fixture's [2, 6, 3] inputs equals, bit for bit, that of the
//! reference module (weights from the fixture by name), and matches PyTorch's `output`.
template <class M, class T, std::size_t NIn, std::size_t NOut>
constexpr bool forward_matches(const M& m, const M& reference, const T (&inputs)[NIn], const T (&output)[NOut]) {
  const auto x = to_batch<2, 6, 3>(inputs);
  const auto y = m.forward(x);
  const auto y_ref = reference.forward(x);
  for (std::size_t b = 0; b < 2; ++b)
    if (!cf::bit_equal(y.items[b], y_ref.items[b])) return false;
  return all_close(flatten(y), output);
}

//! The error of loading module type M from `bytes` (for the error-path tests).
template <class M, class Bytes>
constexpr cf::safetensors_error load_error(const Bytes& bytes, const cf::safetensors_options& options = {}) {
  M m{};
  return cf::load_safetensors(m, bytes, options);
}

}  // namespace cf_test

#endif
