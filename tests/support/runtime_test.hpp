// Test support (run time): the preamble the GoogleTest files share. The namespace aliases
// `cf` and `fx`, a typed suite over float and double, and the compile-time value of a
// fixture case written once for both element types.
#ifndef CONSTFORMER_TESTS_SUPPORT_RUNTIME_TEST_HPP
#define CONSTFORMER_TESTS_SUPPORT_RUNTIME_TEST_HPP

#include <gtest/gtest.h>

#include "support/runtime_fixture.hpp"  // load_case, tensor_matrix, load_module, matrix_close

namespace cf = constformer;
// The headers generated from tests/fixtures/book/ (declared here, so the alias exists even in
// a file that includes none of them).
namespace constformer_fixtures {}
namespace fx = constformer_fixtures;

namespace cf_test {
//! The element types every typed suite runs with.
using scalar_types = ::testing::Types<float, double>;
}  // namespace cf_test

//! Declares the typed GoogleTest suite `Name`, run once for float and once for double
//! (`TypeParam` in its TYPED_TESTs).
#define CF_TEST_SCALAR_SUITE(Name)        \
  template <class T>                      \
  class Name : public ::testing::Test {}; \
  TYPED_TEST_SUITE(Name, ::cf_test::scalar_types)

//! The value of the expression `...` in which `ns` names the generated fixture namespace of
//! case `name` for element type `T` (`fx::name_f32` or `fx::name_f64`), so that a
//! compile-time reference is written once for both types:
//!   constexpr auto ct = CF_TEST_WITH_FIXTURE(T, causal_attention_seed123, to_matrix<6, 3>(ns::inputs));
#define CF_TEST_WITH_FIXTURE(T, name, ...)               \
  [] {                                                   \
    if constexpr (sizeof(T) == sizeof(float)) {          \
      namespace ns = ::constformer_fixtures::name##_f32; \
      return __VA_ARGS__;                                \
    } else {                                             \
      namespace ns = ::constformer_fixtures::name##_f64; \
      return __VA_ARGS__;                                \
    }                                                    \
  }()

#endif
