// bench/math/exp_ulp_sweep.cpp
// Accuracy tool for constformer::math::exp and constformer::math::sqrt (plain main,
// no test framework). Sweeps all 2^32 float inputs exhaustively and a seeded random
// sample of doubles, and prints the maximum error in ULPs and the number of results
// that are not correctly rounded.
//
//   exp_ulp_sweep [double_samples = 100000000] [threads = 2] [seed = 20240601] [exhaustive_float = 1]
//
// References: float exp against std::exp in double (error measured in double, in
// float ULPs of the reference); double exp against expl (x87 80-bit long double);
// sqrt against std::sqrt (IEEE correctly rounded). "Not correctly rounded" compares
// with the reference rounded to the target type, which for exp is itself rounded
// twice, so that count can be off by rare double-rounding cases.
#include <constformer/detail/fp_bits.hpp>
#include <constformer/math/exp.hpp>
#include <constformer/math/sqrt.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>

#include "support/ulp.hpp"  // tests/support: cf_test::ulp_error
#include "sweep.hpp"        // cf_bench::stats, run_parallel, seconds_since

namespace {

namespace cf = constformer;

using cf_bench::stats;
using cf_test::ulp_error;

template <class T>
std::uint64_t estimate_offset(T x, T result) {
    if (!(x > 0) || std::isinf(x)) {
        return 0;
    }
    const auto est = cf::detail::sqrt_reduce(x).estimate;
    const auto res = (cf::detail::to_bits(result) & cf::detail::fp_traits<T>::mantissa_mask) |
                     (decltype(est){1} << cf::detail::fp_traits<T>::mantissa_bits);
    // result's significand may have carried to 2^(p+1) (mantissa 0 of the next binade)
    const auto full = (res == (decltype(est){1} << cf::detail::fp_traits<T>::mantissa_bits) && est > res)
                          ? static_cast<decltype(est)>(res << 1)
                          : res;
    return est > full ? est - full : full - est;
}

void float_exp_range(std::uint64_t begin, std::uint64_t end, stats& st) {
    for (std::uint64_t b = begin; b < end; ++b) {
        const float x = cf::detail::from_bits<float>(static_cast<std::uint32_t>(b));
        const float got = cf::math::exp(x);
        if (x != x) {
            st.mismatched += (got == got) ? 1u : 0u;
            continue;
        }
        const double ref = std::exp(static_cast<double>(x));
        st.record(ulp_error(got, ref), b);
        st.not_rounded += cf::detail::same_bits(got, static_cast<float>(ref)) ? 0u : 1u;
    }
}

void float_sqrt_range(std::uint64_t begin, std::uint64_t end, stats& st) {
    for (std::uint64_t b = begin; b < end; ++b) {
        const float x = cf::detail::from_bits<float>(static_cast<std::uint32_t>(b));
        const float got = cf::math::sqrt(x);
        const float ref = std::sqrt(x);
        const bool ok = (ref != ref) ? (got != got) : cf::detail::same_bits(got, ref);
        st.mismatched += ok ? 0u : 1u;
        st.max_estimate_off = std::max(st.max_estimate_off, estimate_offset(x, got));
    }
}

}  // namespace

int main(int argc, char** argv) {
    const cf_bench::options opt = cf_bench::parse_options(argc, argv);
    int failures = 0;
    std::chrono::steady_clock::time_point t0;
    if (opt.exhaustive) {

    t0 = std::chrono::steady_clock::now();
    const stats fe = cf_bench::run_parallel(std::uint64_t{1} << 32, opt.threads, float_exp_range);
    std::printf("float  exp : all 2^32 inputs: max error %.6f ULP (x = %a), not correctly rounded: %" PRIu64
                " (%.4f%%), NaN failures: %" PRIu64 "  [%.1f s]\n",
                fe.max_ulp, static_cast<double>(cf::detail::from_bits<float>(static_cast<std::uint32_t>(fe.worst_bits))),
                fe.not_rounded, 100.0 * static_cast<double>(fe.not_rounded) / 4294967296.0, fe.mismatched,
                cf_bench::seconds_since(t0));
    failures += (fe.max_ulp <= 1.0 && fe.mismatched == 0) ? 0 : 1;

    t0 = std::chrono::steady_clock::now();
    const stats fs = cf_bench::run_parallel(std::uint64_t{1} << 32, opt.threads, float_sqrt_range);
    std::printf("float  sqrt: all 2^32 inputs: results differing from std::sqrt: %" PRIu64
                ", max |estimate - result| = %" PRIu64 " units  [%.1f s]\n",
                fs.mismatched, fs.max_estimate_off, cf_bench::seconds_since(t0));
    failures += (fs.mismatched == 0 && fs.max_estimate_off <= 2) ? 0 : 1;
    }

    // Double exp: the samples are split evenly over four sets: uniform in [-1, 1],
    // uniform over the finite-result domain [-745.14, 709.79], uniform over the
    // subnormal-result range [-745.14, -708.39], and random bit patterns (any
    // finite value, infinities, NaNs).
    struct range {
        const char* name;
        double lo;
        double hi;
    };
    constexpr range ranges[] = {{"[-1, 1]", -1.0, 1.0},
                                {"[-745.14, 709.79]", -745.14, 709.79},
                                {"[-745.14, -708.39] (subnormal)", -745.14, -708.39},
                                {"random bit patterns", 0.0, 0.0}};
    const std::uint64_t per_range = opt.samples / 4;
    for (std::size_t ri = 0; ri < 4; ++ri) {
        const range rg = ranges[ri];
        const bool bits = ri == 3;
        t0 = std::chrono::steady_clock::now();
        auto double_exp = [seed = opt.seed, rg, bits, ri](std::uint64_t b, std::uint64_t e, stats& st) {
            std::mt19937_64 rng(seed + 1000003u * ri + b);
            std::uniform_real_distribution<double> domain(rg.lo, rg.hi);
            for (std::uint64_t i = b; i < e; ++i) {
                const double x = bits ? cf::detail::from_bits<double>(rng()) : domain(rng);
                const double got = cf::math::exp(x);
                if (x != x) {
                    st.mismatched += (got == got) ? 1u : 0u;
                    continue;
                }
                const long double ref = expl(static_cast<long double>(x));
                st.record(ulp_error(got, ref), cf::detail::to_bits(x));
                st.not_rounded += cf::detail::same_bits(got, static_cast<double>(ref)) ? 0u : 1u;
            }
        };
        const stats de = cf_bench::run_parallel(per_range, opt.threads, double_exp);
        std::printf("double exp : %-31s %" PRIu64 " samples (seed %" PRIu64
                    "): max error %.6f ULP (x = %a), not correctly rounded: %.4f%%, NaN failures: %" PRIu64
                    "  [%.1f s]\n",
                    rg.name, per_range, opt.seed, de.max_ulp, cf::detail::from_bits<double>(de.worst_bits),
                    100.0 * static_cast<double>(de.not_rounded) / static_cast<double>(per_range), de.mismatched,
                    cf_bench::seconds_since(t0));
        failures += (de.max_ulp <= 1.0 && de.mismatched == 0) ? 0 : 1;
    }

    t0 = std::chrono::steady_clock::now();
    auto double_sqrt = [seed = opt.seed](std::uint64_t b, std::uint64_t e, stats& st) {
        std::mt19937_64 rng(seed + 7 * b + 1);
        for (std::uint64_t i = b; i < e; ++i) {
            // Random bit patterns; every other one near a perfect square or a
            // halfway point, where rounding is hardest.
            double x = cf::detail::from_bits<double>(rng() >> (i & 1u));
            if ((i & 3u) == 3u) {
                const double r = cf::detail::from_bits<double>((rng() >> 2) | 0x3FF0'0000'0000'0000u);
                x = r * r;
            }
            const double got = cf::math::sqrt(x);
            const double ref = std::sqrt(x);
            const bool ok = (ref != ref) ? (got != got) : cf::detail::same_bits(got, ref);
            st.mismatched += ok ? 0u : 1u;
            st.max_estimate_off = std::max(st.max_estimate_off, estimate_offset(x, got));
        }
    };
    const stats ds = cf_bench::run_parallel(opt.samples, opt.threads, double_sqrt);
    std::printf("double sqrt: %" PRIu64 " samples: results differing from std::sqrt: %" PRIu64
                ", max |estimate - result| = %" PRIu64 " units  [%.1f s]\n",
                opt.samples, ds.mismatched, ds.max_estimate_off, cf_bench::seconds_since(t0));
    failures += (ds.mismatched == 0 && ds.max_estimate_off <= 2) ? 0 : 1;

    std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
    return failures == 0 ? 0 : 1;
}
