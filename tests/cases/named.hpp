// Loading a module's weights from a fixture through the named-parameter interface: every
// parameter is found under its state_dict name in the fixture's tensor table.
#ifndef CONSTFORMER_TESTS_CASES_NAMED_HPP
#define CONSTFORMER_TESTS_CASES_NAMED_HPP

#include <cstddef>
#include <string_view>
#include <type_traits>

#include "constformer/model/parameters.hpp"

namespace constformer_fixtures {
template <class T>
struct fixture_entry;
}

namespace cf_test {

namespace cf = constformer;

// Not constexpr on purpose: reaching it in a constant expression is a compile error naming it.
inline void fixture_lacks_a_parameter_of_the_module() {}

//! A module of type `M` whose every parameter is read from `table` by its PyTorch name
//! (optionally after `prefix`). A parameter missing from the table, or of another size, stops
//! constant evaluation; at run time it stays zero and the comparisons fail.
template <class M, class T, std::size_t N>
constexpr M load_named(const constformer_fixtures::fixture_entry<T> (&table)[N]) {
  M m{};
  std::size_t loaded = 0;
  cf::for_each_parameter(m, [&](std::string_view name, auto& leaf) {
    using L = std::remove_cvref_t<decltype(leaf)>;
    for (const auto& e : table) {
      if (std::string_view(e.name) != name || e.size != L::size) continue;
      for (std::size_t r = 0; r < L::rows; ++r)
        for (std::size_t c = 0; c < L::cols; ++c) leaf.elems[r][c] = e.data[r * L::cols + c];
      ++loaded;
    }
  });
  if (loaded != cf::parameter_tensor_count_v<M>) fixture_lacks_a_parameter_of_the_module();
  return m;
}

}  // namespace cf_test

#endif
