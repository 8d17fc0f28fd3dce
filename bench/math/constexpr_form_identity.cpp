// bench/math/constexpr_form_identity.cpp
// Proof tool: constformer::math::exp, tanh and erf have two forms, one for constant
// evaluation (`*_select`: `?:` selects, only the path taken is evaluated, which keeps the
// compiler's constant-evaluation cost low) and one for run time (`*_blend`: branch-free,
// vectorisable). The library is right only if both give the same bits for every input.
// This tool runs both forms at run time and compares their bit patterns for all 2^32
// floats and a seeded sample of doubles. (That a form gives the same bits at compile
// time as at run time is what every static_assert-vs-run-time test of the suite checks.)
//
//   constexpr_form_identity [double_samples = 100000000] [threads = 2] [seed = 20240601]
//
// Exit status 0 when no pair of results differs.
#include <constformer/detail/fp_bits.hpp>
#include <constformer/detail/odd_function.hpp>
#include <constformer/math/erf.hpp>
#include <constformer/math/exp.hpp>
#include <constformer/math/tanh.hpp>

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>

#include "sweep.hpp"  // cf_bench::stats, run_parallel, seconds_since

namespace {

namespace cf = constformer;
namespace cd = constformer::detail;
using cf_bench::stats;

// Out of line, so that the optimiser cannot merge the two forms of one call.
template <class T>
[[gnu::noinline]] T exp_select(T x) {
    return cd::exp_select(x);
}
template <class T>
[[gnu::noinline]] T exp_blend(T x) {
    return cd::exp_blend(x);
}
template <class T>
[[gnu::noinline]] T tanh_select(T x) {
    return cd::odd_select<cd::tanh_pieces<T>>(x);
}
template <class T>
[[gnu::noinline]] T tanh_blend(T x) {
    return cd::odd_blend<cd::tanh_pieces<T>>(x);
}
template <class T>
[[gnu::noinline]] T erf_select(T x) {
    return cd::odd_select<cd::erf_pieces<T>>(x);
}
template <class T>
[[gnu::noinline]] T erf_blend(T x) {
    return cd::odd_blend<cd::erf_pieces<T>>(x);
}

struct forms {
    const char* name;
    float (*select32)(float);
    float (*blend32)(float);
    double (*select64)(double);
    double (*blend64)(double);
    double double_range;  // uniform samples in [-range, range]
};

const forms all_forms[] = {
    {"exp", exp_select<float>, exp_blend<float>, exp_select<double>, exp_blend<double>, 750.0},
    {"tanh", tanh_select<float>, tanh_blend<float>, tanh_select<double>, tanh_blend<double>, 20.0},
    {"erf", erf_select<float>, erf_blend<float>, erf_select<double>, erf_blend<double>, 6.5},
};

}  // namespace

int main(int argc, char** argv) {
    const cf_bench::options opt = cf_bench::parse_options(argc, argv);
    int failures = 0;
    for (const forms& f : all_forms) {
        auto t0 = std::chrono::steady_clock::now();
        const stats s32 = cf_bench::run_parallel(
            std::uint64_t{1} << 32, opt.threads, [&f](std::uint64_t b, std::uint64_t e, stats& st) {
                for (std::uint64_t i = b; i < e; ++i) {
                    const float x = cd::from_bits<float>(static_cast<std::uint32_t>(i));
                    if (!cd::same_bits(f.select32(x), f.blend32(x))) {
                        st.worst_bits = i;
                        ++st.mismatched;
                    }
                }
            });
        std::printf("float  %-4s: all 2^32 inputs, select vs blend: %" PRIu64 " differing%s  [%.1f s]\n", f.name,
                    s32.mismatched, s32.mismatched ? " (FAIL)" : "", cf_bench::seconds_since(t0));
        if (s32.mismatched) {
            std::printf("  e.g. x = %a\n",
                        static_cast<double>(cd::from_bits<float>(static_cast<std::uint32_t>(s32.worst_bits))));
        }
        t0 = std::chrono::steady_clock::now();
        // Half random bit patterns (any value, NaNs and infinities included), half uniform
        // over the range where the pieces and their boundaries are.
        const auto sample = [&f, seed = opt.seed](std::uint64_t b, std::uint64_t e, stats& st) {
            std::mt19937_64 rng(seed + b);
            std::uniform_real_distribution<double> range(-f.double_range, f.double_range);
            for (std::uint64_t i = b; i < e; ++i) {
                const double x = (i & 1u) ? range(rng) : cd::from_bits<double>(rng());
                if (!cd::same_bits(f.select64(x), f.blend64(x))) {
                    st.worst_bits = cd::to_bits(x);
                    ++st.mismatched;
                }
            }
        };
        const stats s64 = cf_bench::run_parallel(opt.samples, opt.threads, sample);
        std::printf("double %-4s: %" PRIu64 " samples (seed %" PRIu64 "), select vs blend: %" PRIu64
                    " differing%s  [%.1f s]\n",
                    f.name, opt.samples, opt.seed, s64.mismatched, s64.mismatched ? " (FAIL)" : "",
                    cf_bench::seconds_since(t0));
        if (s64.mismatched) {
            std::printf("  e.g. x = %a\n", cd::from_bits<double>(s64.worst_bits));
        }
        failures += (s32.mismatched == 0 && s64.mismatched == 0) ? 0 : 1;
    }
    std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
    return failures == 0 ? 0 : 1;
}
