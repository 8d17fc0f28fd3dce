// bench/math/tanh_erf_ulp_sweep.cpp
// Accuracy tool for constformer::math::tanh and constformer::math::erf (plain main, no
// test framework). Sweeps all 2^32 float inputs exhaustively and a seeded random sample
// of doubles, and prints the maximum error in ULPs, the number of results that are not
// correctly rounded, and the failures of the special cases (a NaN must give a NaN, every
// other result must carry the sign of x, so that f(-0) = -0).
//
//   tanh_erf_ulp_sweep [double_samples = 100000000] [threads = 2] [seed = 20240601] [exhaustive_float = 1]
//
// References: float against std::tanh / std::erf in double (the error measured in double,
// in float ULPs of the reference); double against tanhq / erfq of libquadmath
// (__float128, 113-bit significand) with GCC, and against tanhl / erfl (x87 80-bit long
// double, 64-bit significand) otherwise. Either reference is within 2^-10 double ULP of
// the exact value, far below the 2 ULP bound checked here. Exit status 0 when every
// maximum is <= 2 ULP and nothing failed.
#include <constformer/detail/fp_bits.hpp>
#include <constformer/math/erf.hpp>
#include <constformer/math/tanh.hpp>

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>

#include "support/ulp.hpp"  // tests/support: cf_test::ulp_error
#include "sweep.hpp"        // cf_bench::stats, run_parallel, seconds_since

#if defined(__GNUC__) && !defined(__clang__) && defined(__SIZEOF_FLOAT128__) && defined(CONSTFORMER_BENCH_QUADMATH)
#include <quadmath.h>
#define CONSTFORMER_BENCH_QUAD 1
#endif

namespace {

namespace cf = constformer;
using cf_bench::stats;

#ifdef CONSTFORMER_BENCH_QUAD
__extension__ typedef __float128 wide;
constexpr const char* wide_name = "__float128 (libquadmath tanhq/erfq)";
wide wide_tanh(double x) { return tanhq(static_cast<wide>(x)); }
wide wide_erf(double x) { return erfq(static_cast<wide>(x)); }
#else
using wide = long double;
constexpr const char* wide_name = "long double (tanhl/erfl)";
wide wide_tanh(double x) { return std::tanh(static_cast<long double>(x)); }
wide wide_erf(double x) { return std::erf(static_cast<long double>(x)); }
#endif

struct function {
    const char* name;
    float (*f32)(float);
    double (*f64)(double);
    double (*ref32)(double);  // for float: the double function
    wide (*ref64)(double);
    double double_range;      // beyond it the result is +-1
};

float tanh_f(float x) { return cf::math::tanh(x); }
double tanh_d(double x) { return cf::math::tanh(x); }
float erf_f(float x) { return cf::math::erf(x); }
double erf_d(double x) { return cf::math::erf(x); }
double ref_tanh(double x) { return std::tanh(x); }
double ref_erf(double x) { return std::erf(x); }

const function functions[] = {
    {"tanh", tanh_f, tanh_d, ref_tanh, wide_tanh, 20.0},
    {"erf", erf_f, erf_d, ref_erf, wide_erf, 6.5},
};

// Checks one result: NaN in, NaN out; otherwise the error, correct rounding, and the
// sign (an odd function keeps the sign of x, including for zeros).
template <class T, class Ref>
void check(T x, T got, Ref ref, std::uint64_t bits, stats& st) {
    if (x != x) {
        st.mismatched += (got == got) ? 1u : 0u;
        return;
    }
    st.record(cf_test::ulp_error(got, ref), bits);
    st.not_rounded += cf::detail::same_bits(got, static_cast<T>(ref)) ? 0u : 1u;
    const bool sign_ok = (cf::detail::to_bits(got) & cf::detail::fp_traits<T>::sign_mask) ==
                         (cf::detail::to_bits(x) & cf::detail::fp_traits<T>::sign_mask);
    st.mismatched += sign_ok ? 0u : 1u;
}

}  // namespace

int main(int argc, char** argv) {
    const cf_bench::options opt = cf_bench::parse_options(argc, argv);
    int failures = 0;
    std::printf("double reference: %s\n", wide_name);
    for (const function& fn : functions) {
        if (opt.exhaustive) {
            const auto t0 = std::chrono::steady_clock::now();
            const stats s = cf_bench::run_parallel(
                std::uint64_t{1} << 32, opt.threads, [&fn](std::uint64_t b, std::uint64_t e, stats& st) {
                    for (std::uint64_t i = b; i < e; ++i) {
                        const float x = cf::detail::from_bits<float>(static_cast<std::uint32_t>(i));
                        check(x, fn.f32(x), fn.ref32(static_cast<double>(x)), i, st);
                    }
                });
            std::printf("float  %-4s: all 2^32 inputs: max error %.6f ULP (x = %a), not correctly rounded: %" PRIu64
                        " (%.4f%%), NaN/sign failures: %" PRIu64 "  [%.1f s]\n",
                        fn.name, s.max_ulp,
                        static_cast<double>(cf::detail::from_bits<float>(static_cast<std::uint32_t>(s.worst_bits))),
                        s.not_rounded, 100.0 * static_cast<double>(s.not_rounded) / 4294967296.0, s.mismatched,
                        cf_bench::seconds_since(t0));
            failures += (s.max_ulp <= 2.0 && s.mismatched == 0) ? 0 : 1;
        }
        // Doubles: four sets of samples/4 each: uniform in [-1, 1], uniform over the range
        // where the result is not yet +-1, magnitudes 2^u with u uniform in [-40, 5] (small
        // and subnormal-adjacent arguments, random sign), and random bit patterns.
        const char* set_names[] = {"[-1, 1]", "[-range, range]", "+-2^[-40, 5]", "random bit patterns"};
        const std::uint64_t per_set = opt.samples / 4;
        for (unsigned set = 0; set < 4; ++set) {
            const auto t0 = std::chrono::steady_clock::now();
            const stats s = cf_bench::run_parallel(
                per_set, opt.threads, [&fn, set, seed = opt.seed](std::uint64_t b, std::uint64_t e, stats& st) {
                    std::mt19937_64 rng(seed + 1000003u * set + b);
                    std::uniform_real_distribution<double> unit(-1.0, 1.0);
                    std::uniform_real_distribution<double> range(-fn.double_range, fn.double_range);
                    std::uniform_real_distribution<double> log2_magnitude(-40.0, 5.0);
                    for (std::uint64_t i = b; i < e; ++i) {
                        double x = 0;
                        switch (set) {
                            case 0: x = unit(rng); break;
                            case 1: x = range(rng); break;
                            case 2: x = std::copysign(std::exp2(log2_magnitude(rng)), unit(rng)); break;
                            default: x = cf::detail::from_bits<double>(rng()); break;
                        }
                        check(x, fn.f64(x), fn.ref64(x), cf::detail::to_bits(x), st);
                    }
                });
            std::printf("double %-4s: %-20s %" PRIu64 " samples (seed %" PRIu64
                        "): max error %.6f ULP (x = %a), not correctly rounded: %.4f%%, NaN/sign failures: %" PRIu64
                        "  [%.1f s]\n",
                        fn.name, set_names[set], per_set, opt.seed, s.max_ulp,
                        cf::detail::from_bits<double>(s.worst_bits),
                        100.0 * static_cast<double>(s.not_rounded) / static_cast<double>(per_set), s.mismatched,
                        cf_bench::seconds_since(t0));
            failures += (s.max_ulp <= 2.0 && s.mismatched == 0) ? 0 : 1;
        }
    }
    std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
    return failures == 0 ? 0 : 1;
}
