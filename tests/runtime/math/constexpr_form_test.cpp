// tests/runtime/math/constexpr_form_test.cpp
// exp, tanh and erf have a form for constant evaluation (`*_select`, `?:` selects: only the
// path taken is evaluated, which keeps the compile-time cost low) and one for run time
// (`*_blend`, branch-free). They must give the same bits for every input: this test runs
// both at run time on 10^6 seeded samples per function and type (random bit patterns and
// values over the pieces). The check over all 2^32 floats and 10^8 doubles is
// bench/math/constexpr_form_identity.cpp (minutes; results in docs/math.md).
#include <constformer/detail/fp_bits.hpp>
#include <constformer/detail/odd_function.hpp>
#include <constformer/math/erf.hpp>
#include <constformer/math/exp.hpp>
#include <constformer/math/tanh.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>

#include "support/opaque.hpp"  // cf_test::opaque

namespace {

namespace cd = constformer::detail;

constexpr std::size_t samples = 1'000'000;

// Half random bit patterns (NaNs, infinities, subnormals included), half uniform in
// [-range, range]; both forms through a value the optimiser cannot fold.
template <class T, class Select, class Blend>
void expect_same_bits(Select select, Blend blend, T range, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<T> uniform(-range, range);
    std::size_t differing = 0;
    for (std::size_t i = 0; i < samples; ++i) {
        const T x = cf_test::opaque((i & 1u) ? uniform(rng) : cd::from_bits<T>(static_cast<cd::bits_t<T>>(rng())));
        if (!cd::same_bits(select(x), blend(x))) {
            if (++differing <= 5) ADD_FAILURE() << "select and blend differ at x = " << x;
        }
    }
    EXPECT_EQ(differing, 0u);
}

}  // namespace

TEST(MathForms, ExpSelectEqualsBlend) {
    expect_same_bits<float>([](float x) { return cd::exp_select(x); }, [](float x) { return cd::exp_blend(x); }, 110.0f,
                            11);
    expect_same_bits<double>([](double x) { return cd::exp_select(x); }, [](double x) { return cd::exp_blend(x); },
                             750.0, 12);
}

TEST(MathForms, TanhSelectEqualsBlend) {
    expect_same_bits<float>([](float x) { return cd::odd_select<cd::tanh_pieces<float>>(x); },
                            [](float x) { return cd::odd_blend<cd::tanh_pieces<float>>(x); }, 10.0f, 21);
    expect_same_bits<double>([](double x) { return cd::odd_select<cd::tanh_pieces<double>>(x); },
                             [](double x) { return cd::odd_blend<cd::tanh_pieces<double>>(x); }, 20.0, 22);
}

TEST(MathForms, ErfSelectEqualsBlend) {
    expect_same_bits<float>([](float x) { return cd::odd_select<cd::erf_pieces<float>>(x); },
                            [](float x) { return cd::odd_blend<cd::erf_pieces<float>>(x); }, 4.5f, 31);
    expect_same_bits<double>([](double x) { return cd::odd_select<cd::erf_pieces<double>>(x); },
                             [](double x) { return cd::odd_blend<cd::erf_pieces<double>>(x); }, 6.5, 32);
}
