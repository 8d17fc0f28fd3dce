// bench/math/sweep.hpp
// Shared pieces of the accuracy tools in bench/math/: per-thread statistics, a parallel
// loop over an index range, the command line, and wall time.
#ifndef CONSTFORMER_BENCH_MATH_SWEEP_HPP
#define CONSTFORMER_BENCH_MATH_SWEEP_HPP

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <vector>

namespace cf_bench {

//! What one sweep found: the largest error and its input, and counts of failures.
struct stats {
    double max_ulp = 0;
    std::uint64_t worst_bits = 0;
    std::uint64_t not_rounded = 0;       // differs from the reference rounded to the type
    std::uint64_t mismatched = 0;        // wrong NaN, sign or bits (what depends on the tool)
    std::uint64_t max_estimate_off = 0;  // sqrt: |estimate - result| in units of the last place

    void record(double err, std::uint64_t bits) {
        if (err > max_ulp || (err != err)) {
            max_ulp = err;
            worst_bits = bits;
        }
    }
    void merge(const stats& o) {
        if (o.max_ulp > max_ulp || (o.max_ulp != o.max_ulp)) {
            max_ulp = o.max_ulp;
            worst_bits = o.worst_bits;
        }
        not_rounded += o.not_rounded;
        mismatched += o.mismatched;
        max_estimate_off = std::max(max_estimate_off, o.max_estimate_off);
    }
};

//! Runs fn(begin, end, stats&) on `threads` threads over [0, total), merges the results.
template <class Fn>
stats run_parallel(std::uint64_t total, unsigned threads, Fn fn) {
    std::vector<stats> parts(threads);
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) {
        const std::uint64_t b = total * i / threads;
        const std::uint64_t e = total * (i + 1) / threads;
        pool.emplace_back([=, &parts] { fn(b, e, parts[i]); });
    }
    for (auto& t : pool) {
        t.join();
    }
    stats all;
    for (const auto& p : parts) {
        all.merge(p);
    }
    return all;
}

//! The command line of the tools: [double_samples = 10^8] [threads = 2] [seed = 20240601]
//! [exhaustive_float = 1].
struct options {
    std::uint64_t samples = 100'000'000u;
    unsigned threads = 2;
    std::uint64_t seed = 20240601u;
    bool exhaustive = true;
};

inline options parse_options(int argc, char** argv) {
    options o;
    if (argc > 1) o.samples = std::strtoull(argv[1], nullptr, 10);
    if (argc > 2) o.threads = static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10));
    if (argc > 3) o.seed = std::strtoull(argv[3], nullptr, 10);
    if (argc > 4) o.exhaustive = std::strtoul(argv[4], nullptr, 10) != 0;
    return o;
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace cf_bench

#endif  // CONSTFORMER_BENCH_MATH_SWEEP_HPP
