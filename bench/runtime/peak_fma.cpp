// The machine's fused peak: independent chains of a = a * b + c contracted to FMA (this file
// is compiled with -ffp-contract=fast). 2 flops per lane per FMA.
// GNU vector types (benchmark-only code, never the library) keep the chains in registers.
#include <benchmark/benchmark.h>

#include <cstddef>

namespace {
template <class T, std::size_t Bytes>
void peak_fma(benchmark::State& state) {
  typedef T vec __attribute__((vector_size(Bytes)));
  constexpr std::size_t lanes = Bytes / sizeof(T), chains = 12;  // >= latency x pipes
  vec acc[chains];
  for (std::size_t c = 0; c < chains; ++c)
    for (std::size_t l = 0; l < lanes; ++l) acc[c][l] = T(1) + T(c + l) * T(1e-6);
  vec b, cst;
  for (std::size_t l = 0; l < lanes; ++l) b[l] = T(0.999999), cst[l] = T(1e-7);
  constexpr long iters = 4096;
  for (auto _ : state) {
    for (long it = 0; it < iters; ++it) {
#pragma GCC unroll 12
      for (std::size_t c = 0; c < chains; ++c) acc[c] = acc[c] * b + cst;
    }
    benchmark::DoNotOptimize(acc);
  }
  state.counters["GFLOP/s"] = benchmark::Counter(double(iters) * chains * lanes * 2 * double(state.iterations()),
                                                 benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}
// The widest vector the target has: 64 bytes with AVX-512, else 32 (AVX2).
#ifdef __AVX512F__
constexpr std::size_t vector_bytes = 64;
#else
constexpr std::size_t vector_bytes = 32;
#endif
BENCHMARK(peak_fma<float, vector_bytes>)->Name("peak/fma/float");
BENCHMARK(peak_fma<double, vector_bytes>)->Name("peak/fma/double");
}  // namespace
