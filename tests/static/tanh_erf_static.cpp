// tests/static/tanh_erf_static.cpp
// Compile-time tests of constformer::math::tanh and constformer::math::erf: every check
// is a static_assert, so building this file is the test. References: correctly rounded
// values (tests/fixtures/math, from tools/gen_math_reference.py) and PyTorch's tanh inside
// the GELU of the book's chapter 4 (tests/fixtures/gpt/gelu_sweep.*.json).
#include <constformer/detail/fp_bits.hpp>
#include <constformer/math/erf.hpp>
#include <constformer/math/tanh.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>

#include "fixtures/gelu_sweep_f32.hpp"
#include "fixtures/gelu_sweep_f64.hpp"
#include "fixtures/math_reference_f32.hpp"
#include "fixtures/math_reference_f64.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;
using cf::detail::from_bits;
using cf::detail::same_bits;
using cf::detail::to_bits;
using cf::detail::ulp_distance;
using flim = std::numeric_limits<float>;
using dlim = std::numeric_limits<double>;

constexpr bool is_nan(auto x) { return x != x; }

// (The API shape of tanh and erf is checked with exp and sqrt in math_static.cpp.)

// ---- Special values -----------------------------------------------------------------
// The sign of zero is kept.
static_assert(same_bits(cf::math::tanh(0.0f), 0.0f) && same_bits(cf::math::tanh(-0.0f), -0.0f));
static_assert(same_bits(cf::math::tanh(0.0), 0.0) && same_bits(cf::math::tanh(-0.0), -0.0));
static_assert(same_bits(cf::math::erf(0.0f), 0.0f) && same_bits(cf::math::erf(-0.0f), -0.0f));
static_assert(same_bits(cf::math::erf(0.0), 0.0) && same_bits(cf::math::erf(-0.0), -0.0));
// Infinities and large arguments give +-1 exactly; no arithmetic overflows inside, so these
// are constant expressions.
static_assert(cf::math::tanh(flim::infinity()) == 1.0f && cf::math::tanh(-flim::infinity()) == -1.0f);
static_assert(cf::math::tanh(dlim::infinity()) == 1.0 && cf::math::tanh(-dlim::infinity()) == -1.0);
static_assert(cf::math::erf(flim::infinity()) == 1.0f && cf::math::erf(-flim::infinity()) == -1.0f);
static_assert(cf::math::erf(dlim::infinity()) == 1.0 && cf::math::erf(-dlim::infinity()) == -1.0);
static_assert(cf::math::tanh(flim::max()) == 1.0f && cf::math::tanh(flim::lowest()) == -1.0f);
static_assert(cf::math::tanh(dlim::max()) == 1.0 && cf::math::tanh(dlim::lowest()) == -1.0);
static_assert(cf::math::erf(flim::max()) == 1.0f && cf::math::erf(dlim::lowest()) == -1.0);
static_assert(cf::math::tanh(9.5f) == 1.0f && cf::math::tanh(19.5) == 1.0);
static_assert(cf::math::erf(4.0f) == 1.0f && cf::math::erf(6.0) == 1.0);
// NaN in, NaN out: quiet, sign and payload kept.
static_assert(is_nan(cf::math::tanh(flim::quiet_NaN())) && is_nan(cf::math::tanh(-dlim::quiet_NaN())));
static_assert(is_nan(cf::math::erf(dlim::quiet_NaN())) && is_nan(cf::math::erf(-flim::quiet_NaN())));
static_assert(to_bits(cf::math::tanh(flim::signaling_NaN())) ==
              (to_bits(flim::signaling_NaN()) | cf::detail::fp_traits<float>::quiet_bit));
static_assert(to_bits(cf::math::erf(dlim::signaling_NaN())) ==
              (to_bits(dlim::signaling_NaN()) | cf::detail::fp_traits<double>::quiet_bit));
static_assert(to_bits(cf::math::tanh(-dlim::quiet_NaN())) == to_bits(-dlim::quiet_NaN()));
// Subnormal arguments: tanh(x) rounds to x.
static_assert(cf::math::tanh(flim::denorm_min()) == flim::denorm_min());
static_assert(cf::math::tanh(-dlim::denorm_min()) == -dlim::denorm_min());
static_assert(cf::math::tanh(from_bits<float>(0x0040'0000u)) == from_bits<float>(0x0040'0000u));
// Odd: f(-x) = -f(x) bit for bit.
static_assert(same_bits(cf::math::tanh(-0.3f), -cf::math::tanh(0.3f)));
static_assert(same_bits(cf::math::tanh(-3.0), -cf::math::tanh(3.0)));
static_assert(same_bits(cf::math::erf(-0.3), -cf::math::erf(0.3)));
static_assert(same_bits(cf::math::erf(-2.5f), -cf::math::erf(2.5f)));

// ---- Against correctly rounded values (every piece, its boundaries, tiny and huge) ----
// The result is at most 2 representable values away from the correctly rounded one
// (the measured maximum error is below 1.3 ULP; docs/math.md); zeros keep their sign.
template <class T, std::size_t N, class F>
constexpr std::uint64_t max_distance(const T (&x)[N], const T (&ref)[N], F f) {
  std::uint64_t worst = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const T got = f(x[i]);
    const std::uint64_t d = ulp_distance(got, ref[i]);
    worst = d > worst ? d : worst;
    if (x[i] == T(0) && !same_bits(got, x[i])) return 1000;
  }
  return worst;
}

constexpr auto tanh_f = [](float v) { return cf::math::tanh(v); };
constexpr auto tanh_d = [](double v) { return cf::math::tanh(v); };
constexpr auto erf_f = [](float v) { return cf::math::erf(v); };
constexpr auto erf_d = [](double v) { return cf::math::erf(v); };

namespace ref32 = fx::math_reference_f32;
namespace ref64 = fx::math_reference_f64;
static_assert(max_distance(ref32::x, ref32::tanh, tanh_f) <= 2);
static_assert(max_distance(ref64::x, ref64::tanh, tanh_d) <= 2);
static_assert(max_distance(ref32::x, ref32::erf, erf_f) <= 2);
static_assert(max_distance(ref64::x, ref64::erf, erf_d) <= 2);

// ---- Against PyTorch: the tanh inside the book's GELU ---------------------------------
// torch computed tanh_value = tanh(tanh_arg) with its own tanh (float32: vectorised, within
// about 1 ULP); ours is within 1.3 ULP, so the two are at most 2 values apart.
namespace gelu32 = fx::gelu_sweep_f32;
namespace gelu64 = fx::gelu_sweep_f64;
static_assert(max_distance(gelu32::tanh_arg, gelu32::tanh_value, tanh_f) <= 2);
static_assert(max_distance(gelu64::tanh_arg, gelu64::tanh_value, tanh_d) <= 2);

}  // namespace
