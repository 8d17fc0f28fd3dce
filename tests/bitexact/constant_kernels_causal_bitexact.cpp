// Causal attention's constant-evaluation form against its run-time form
// (bitexact/constant_kernels.hpp). Multi-head attention not causal and with dropout:
// constant_kernels_not_causal_bitexact.cpp.
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t

#include "bitexact/constant_kernels.hpp"

namespace {

namespace cf = constformer;
using cf_test::opaque;
using cf_test::constant_kernels::random_binade_matrix;

TEST(ConstantKernels, CausalAttention) {
  constexpr std::size_t s = 7, d_in = 5, d_out = 6;
  constexpr auto make = [](std::uint32_t seed) {
    cf::causal_attention<float, d_in, d_out, s> a{};
    a.W_query.weight = random_binade_matrix<float, d_out, d_in>(seed + 1, 0.5f);
    a.W_key.weight = random_binade_matrix<float, d_out, d_in>(seed + 2, 0.5f);
    a.W_value.weight = random_binade_matrix<float, d_out, d_in>(seed + 3, 0.5f);
    return a;
  };
  constexpr auto x = cf::batch<float, 1, s, d_in>{{random_binade_matrix<float, s, d_in>(99, 1.0f)}};
  constexpr auto ct = make(3).forward_intermediates(x);
  const auto rt = make(opaque(3u)).forward_intermediates(cf::batch<float, 1, s, d_in>{{opaque(x.items[0])}});
  EXPECT_TRUE(cf::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(cf::bit_equal(rt.output, ct.output));
}

}  // namespace
