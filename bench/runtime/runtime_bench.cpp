// Run-time speed of constformer (bench/runtime, docs/performance.md): causal multi-head
// attention forward (batch 1, D = 64, 4 heads), the matrix product, softmax rows and exp,
// against a naive triple loop and (when found) Eigen 3.4 fixed-size matrices doing the same
// math. Counters: GFLOP/s (MHA: 8*S*D^2 + 4*S^2*D flops, counted as if unmasked, as usual)
// or elements/s. Built twice: runtime_bench (bit-exact mode, -ffp-contract=off) and
// runtime_bench_contract (-ffp-contract=fast, results no longer equal the compile-time ones).
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "constformer/attention/multi_head.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/model/parameters.hpp"
#include "constformer/nn/gelu.hpp"
#include "constformer/nn/layer_norm.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"
#include "constformer/math/exp.hpp"
#include "constformer/nn/softmax.hpp"

#if CONSTFORMER_BENCH_EIGEN
#define EIGEN_STACK_ALLOCATION_LIMIT 0  // fixed-size matrices of any size (held on the heap here)
#include <Eigen/Dense>
#endif

namespace {

namespace cf = constformer;
constexpr std::size_t d_model = 64, num_heads = 4, head_dim = d_model / num_heads;

#if CONSTFORMER_BENCH_CONTRACT
constexpr const char* mode = "contract";
#else
constexpr const char* mode = "bitexact";
#endif

// Uniform values in [-scale, scale) from a 32-bit LCG (as the tests do).
template <class T>
T next(unsigned& seed, T scale) {
  seed = seed * 1664525u + 1013904223u;
  return (static_cast<T>(seed >> 8) / static_cast<T>(1 << 24) - T(0.5)) * (2 * scale);
}
template <class T, std::size_t R, std::size_t C>
void fill(cf::matrix<T, R, C>& m, unsigned& seed, T scale) {
  for (std::size_t i = 0; i < R; ++i)
    for (std::size_t j = 0; j < C; ++j) m.elems[i][j] = next(seed, scale);
}

double mha_flops(std::size_t s) { return 8.0 * double(s) * d_model * d_model + 4.0 * double(s) * double(s) * d_model; }

void set_gflops(benchmark::State& state, double flops_per_iter) {
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_iter * double(state.iterations()),
                                                 benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

template <class T, std::size_t S>
using mha_t = cf::multi_head_attention<T, d_model, d_model, S, num_heads>;

template <class T, std::size_t S>
struct mha_problem {
  mha_t<T, S> m{};
  cf::batch<T, 1, S, d_model> x{};
  mha_problem() {
    unsigned seed = 7;
    const T s = T(1) / T(8);
    fill(m.W_query.weight, seed, s);
    fill(m.W_key.weight, seed, s);
    fill(m.W_value.weight, seed, s);
    fill(m.out_proj.weight, seed, s);
    fill(m.out_proj.bias, seed, s);
    fill(x.items[0], seed, T(1));
  }
};

// --- causal multi-head attention -------------------------------------------------------

template <class T, std::size_t S>
void mha_constformer(benchmark::State& state) {
  auto p = std::make_unique<mha_problem<T, S>>();
  auto out = std::make_unique<cf::matrix<T, S, d_model>>();
  auto ws = std::make_unique<cf::workspace_t<mha_t<T, S>, S>>();
  for (auto _ : state) {
    benchmark::DoNotOptimize(p->x);
    p->m.forward_into(p->x.items[0], *out, *ws);
    benchmark::DoNotOptimize(out->elems[0][0]);
    benchmark::ClobberMemory();
  }
  set_gflops(state, mha_flops(S));
}

// The same math as plain loops: dot products for the projections and the scores, a full
// -inf mask, std::exp, context as a dot product over keys.
template <class T, std::size_t S>
void naive_mha(const mha_problem<T, S>& p, cf::matrix<T, S, d_model>& out) {
  static T q[S][d_model], k[S][d_model], v[S][d_model], ctx[S][d_model], sc[S][S];
  const auto& x = p.x.items[0].elems;
  const auto* W = &p.m.W_query.weight;
  T(*dst[3])[d_model] = {q, k, v};
  for (int w = 0; w < 3; ++w) {
    W = w == 0 ? &p.m.W_query.weight : w == 1 ? &p.m.W_key.weight : &p.m.W_value.weight;
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < d_model; ++j) {
        T s{};
        for (std::size_t c = 0; c < d_model; ++c) s += x[i][c] * W->elems[j][c];
        dst[w][i][j] = s;
      }
  }
  const T scale = T(1) / std::sqrt(T(head_dim));
  for (std::size_t h = 0; h < num_heads; ++h) {
    const std::size_t f = h * head_dim;
    for (std::size_t i = 0; i < S; ++i) {
      T m = -std::numeric_limits<T>::infinity();
      for (std::size_t j = 0; j < S; ++j) {
        T s{};
        for (std::size_t c = 0; c < head_dim; ++c) s += q[i][f + c] * k[j][f + c];
        sc[i][j] = j > i ? -std::numeric_limits<T>::infinity() : s * scale;
        m = sc[i][j] > m ? sc[i][j] : m;
      }
      T sum{};
      for (std::size_t j = 0; j < S; ++j) sum += (sc[i][j] = std::exp(sc[i][j] - m));
      for (std::size_t j = 0; j < S; ++j) sc[i][j] /= sum;
      for (std::size_t c = 0; c < head_dim; ++c) {
        T s{};
        for (std::size_t j = 0; j < S; ++j) s += sc[i][j] * v[j][f + c];
        ctx[i][f + c] = s;
      }
    }
  }
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t j = 0; j < d_model; ++j) {
      T s{};
      for (std::size_t c = 0; c < d_model; ++c) s += ctx[i][c] * p.m.out_proj.weight.elems[j][c];
      out.elems[i][j] = s + p.m.out_proj.bias.elems[0][j];
    }
}

template <class T, std::size_t S>
void mha_naive(benchmark::State& state) {
  auto p = std::make_unique<mha_problem<T, S>>();
  auto out = std::make_unique<cf::matrix<T, S, d_model>>();
  for (auto _ : state) {
    benchmark::DoNotOptimize(p->x);
    naive_mha(*p, *out);
    benchmark::DoNotOptimize(out->elems[0][0]);
    benchmark::ClobberMemory();
  }
  set_gflops(state, mha_flops(S));
}

#if CONSTFORMER_BENCH_EIGEN
// Eigen 3.4 fixed-size matrices, row-major like constformer: the projections as products
// with the transposed weights, per head a block product for the scores, the -inf mask, a
// row-wise softmax with Eigen's vectorised exp, and a block product for the context.
template <class T, std::size_t S>
struct eigen_mha {
  using mat_sd = Eigen::Matrix<T, int(S), int(d_model), Eigen::RowMajor>;
  using mat_dd = Eigen::Matrix<T, int(d_model), int(d_model), Eigen::RowMajor>;
  using mat_ss = Eigen::Matrix<T, int(S), int(S), Eigen::RowMajor>;
  mat_dd wq, wk, wv, wo;
  Eigen::Matrix<T, 1, int(d_model)> bo;
  mat_sd x, q, k, v, ctx, out;
  mat_ss sc;
  explicit eigen_mha(const mha_problem<T, S>& p) {
    for (std::size_t i = 0; i < d_model; ++i)
      for (std::size_t j = 0; j < d_model; ++j) {
        wq(i, j) = p.m.W_query.weight.elems[i][j];
        wk(i, j) = p.m.W_key.weight.elems[i][j];
        wv(i, j) = p.m.W_value.weight.elems[i][j];
        wo(i, j) = p.m.out_proj.weight.elems[i][j];
      }
    for (std::size_t j = 0; j < d_model; ++j) bo(int(j)) = p.m.out_proj.bias.elems[0][j];
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < d_model; ++j) x(int(i), int(j)) = p.x.items[0].elems[i][j];
  }
  void run() {
    q.noalias() = x * wq.transpose();
    k.noalias() = x * wk.transpose();
    v.noalias() = x * wv.transpose();
    const T scale = T(1) / std::sqrt(T(head_dim));
    for (int h = 0; h < int(num_heads); ++h) {
      const int f = h * int(head_dim);
      sc.noalias() = q.template middleCols<int(head_dim)>(f) * k.template middleCols<int(head_dim)>(f).transpose();
      for (int i = 0; i < int(S); ++i) {
        auto r = sc.row(i);
        r.head(i + 1) *= scale;
        r.tail(int(S) - 1 - i).setConstant(-std::numeric_limits<T>::infinity());
        const T m = r.maxCoeff();
        r = (r.array() - m).exp();
        r /= r.sum();
      }
      ctx.template middleCols<int(head_dim)>(f).noalias() = sc * v.template middleCols<int(head_dim)>(f);
    }
    out.noalias() = ctx * wo.transpose();
    out.rowwise() += bo;
  }
};

template <class T, std::size_t S>
void mha_eigen(benchmark::State& state) {
  auto p = std::make_unique<mha_problem<T, S>>();
  auto e = std::make_unique<eigen_mha<T, S>>(*p);
  for (auto _ : state) {
    benchmark::DoNotOptimize(e->x.data());
    e->run();
    benchmark::DoNotOptimize(e->out.data());
    benchmark::ClobberMemory();
  }
  set_gflops(state, mha_flops(S));
}
#endif

// --- the matrix product alone: (S x 64) * (64 x 64) ------------------------------------

template <class T, std::size_t S>
void matmul_constformer(benchmark::State& state) {
  auto a = std::make_unique<cf::matrix<T, S, d_model>>();
  auto b = std::make_unique<cf::matrix<T, d_model, d_model>>();
  auto c = std::make_unique<cf::matrix<T, S, d_model>>();
  unsigned seed = 3;
  fill(*a, seed, T(1));
  fill(*b, seed, T(1));
  for (auto _ : state) {
    benchmark::DoNotOptimize(a->elems[0][0]);
    *c = cf::matmul(*a, *b);
    benchmark::DoNotOptimize(c->elems[0][0]);
    benchmark::ClobberMemory();
  }
  set_gflops(state, 2.0 * double(S) * d_model * d_model);
}

//! `x W^T`, what linear (and so every projection) computes.
template <class T, std::size_t S>
void matmul_transposed_constformer(benchmark::State& state) {
  auto a = std::make_unique<cf::matrix<T, S, d_model>>();
  auto b = std::make_unique<cf::matrix<T, d_model, d_model>>();
  auto c = std::make_unique<cf::matrix<T, S, d_model>>();
  unsigned seed = 3;
  fill(*a, seed, T(1));
  fill(*b, seed, T(1));
  for (auto _ : state) {
    benchmark::DoNotOptimize(a->elems[0][0]);
    *c = cf::matmul_transposed(*a, *b);
    benchmark::DoNotOptimize(c->elems[0][0]);
    benchmark::ClobberMemory();
  }
  set_gflops(state, 2.0 * double(S) * d_model * d_model);
}

template <class T, std::size_t S>
void matmul_naive(benchmark::State& state) {
  auto a = std::make_unique<cf::matrix<T, S, d_model>>();
  auto b = std::make_unique<cf::matrix<T, d_model, d_model>>();
  auto c = std::make_unique<cf::matrix<T, S, d_model>>();
  unsigned seed = 3;
  fill(*a, seed, T(1));
  fill(*b, seed, T(1));
  for (auto _ : state) {
    benchmark::DoNotOptimize(a->elems[0][0]);
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < d_model; ++j) {
        T s{};
        for (std::size_t k = 0; k < d_model; ++k) s += a->elems[i][k] * b->elems[k][j];
        c->elems[i][j] = s;
      }
    benchmark::DoNotOptimize(c->elems[0][0]);
    benchmark::ClobberMemory();
  }
  set_gflops(state, 2.0 * double(S) * d_model * d_model);
}

#if CONSTFORMER_BENCH_EIGEN
template <class T, std::size_t S>
void matmul_eigen(benchmark::State& state) {
  using A = Eigen::Matrix<T, int(S), int(d_model), Eigen::RowMajor>;
  using B = Eigen::Matrix<T, int(d_model), int(d_model), Eigen::RowMajor>;
  auto a = std::make_unique<A>(A::Random());
  auto b = std::make_unique<B>(B::Random());
  auto c = std::make_unique<A>();
  for (auto _ : state) {
    benchmark::DoNotOptimize(a->data());
    c->noalias() = *a * *b;
    benchmark::DoNotOptimize(c->data());
    benchmark::ClobberMemory();
  }
  set_gflops(state, 2.0 * double(S) * d_model * d_model);
}
#endif

// --- softmax rows and exp --------------------------------------------------------------

template <class T, std::size_t S>
void softmax_constformer(benchmark::State& state) {
  auto x = std::make_unique<cf::matrix<T, S, S>>();
  auto y = std::make_unique<cf::matrix<T, S, S>>();
  unsigned seed = 5;
  fill(*x, seed, T(4));
  for (auto _ : state) {
    benchmark::DoNotOptimize(x->elems[0][0]);
    *y = cf::softmax(*x);
    benchmark::DoNotOptimize(y->elems[0][0]);
    benchmark::ClobberMemory();
  }
  state.counters["elements/s"] =
      benchmark::Counter(double(S * S) * double(state.iterations()), benchmark::Counter::kIsRate);
}

template <class T>
void exp_constformer(benchmark::State& state) {
  constexpr std::size_t n = 4096;
  auto x = std::make_unique<T[]>(n);
  auto y = std::make_unique<T[]>(n);
  unsigned seed = 9;
  for (std::size_t i = 0; i < n; ++i) x[i] = next(seed, T(20));
  for (auto _ : state) {
    benchmark::DoNotOptimize(x.get());
    for (std::size_t i = 0; i < n; ++i) y[i] = cf::math::exp(x[i]);
    benchmark::DoNotOptimize(y.get());
    benchmark::ClobberMemory();
  }
  state.counters["elements/s"] =
      benchmark::Counter(double(n) * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["ns/exp"] =
      benchmark::Counter(double(n) * double(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

template <class T>
void exp_std(benchmark::State& state) {
  constexpr std::size_t n = 4096;
  auto x = std::make_unique<T[]>(n);
  auto y = std::make_unique<T[]>(n);
  unsigned seed = 9;
  for (std::size_t i = 0; i < n; ++i) x[i] = next(seed, T(20));
  for (auto _ : state) {
    benchmark::DoNotOptimize(x.get());
    for (std::size_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
    benchmark::DoNotOptimize(y.get());
    benchmark::ClobberMemory();
  }
  state.counters["elements/s"] =
      benchmark::Counter(double(n) * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["ns/exp"] =
      benchmark::Counter(double(n) * double(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

// --- the GPT layers and a whole GPT forward ---------------------------------------------
// A small GPT (the book's architecture): vocabulary 256, context 128, width 128, 4 heads,
// 4 layers; the forward of a full window of S = 128 tokens, reported as tokens per second.
// report.py times the same model in PyTorch (one thread).

constexpr cf::gpt_config bench_gpt{
    .vocab_size = 256, .context_length = 128, .emb_dim = 128, .n_heads = 4, .n_layers = 4};
constexpr std::size_t gpt_tokens = 128;

template <class T>
void gpt_constformer(benchmark::State& state) {
  using model_t = cf::gpt_model<T, bench_gpt>;
  auto m = std::make_unique<model_t>();
  unsigned seed = 11;
  cf::for_each_parameter(*m, [&](std::string_view name, auto& p) {
    const bool norm = name.find("norm") != std::string_view::npos && name.find("scale") != std::string_view::npos;
    for (auto& row : p.elems)
      for (auto& e : row) e = norm ? T(1) + next(seed, T(0.1)) : next(seed, T(0.1));
  });
  auto ws = std::make_unique<cf::workspace_t<model_t, gpt_tokens>>();
  auto logits = std::make_unique<cf::matrix<T, gpt_tokens, bench_gpt.vocab_size>>();
  std::array<cf::token_id, gpt_tokens> ids{};
  for (std::size_t i = 0; i < gpt_tokens; ++i) ids[i] = static_cast<cf::token_id>((i * 37 + 5) % bench_gpt.vocab_size);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ids.data());
    const bool ok = m->forward_into(ids, *logits, *ws);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(logits->elems[0][0]);
    benchmark::ClobberMemory();
  }
  state.counters["tokens/s"] =
      benchmark::Counter(double(gpt_tokens) * double(state.iterations()), benchmark::Counter::kIsRate);
}

//! LayerNorm of S rows of width 128 (elements per second).
template <class T, std::size_t S>
void layer_norm_constformer(benchmark::State& state) {
  constexpr std::size_t width = bench_gpt.emb_dim;
  auto ln = std::make_unique<cf::layer_norm<T, width>>(cf::layer_norm<T, width>::initial());
  auto x = std::make_unique<cf::matrix<T, S, width>>();
  auto y = std::make_unique<cf::matrix<T, S, width>>();
  unsigned seed = 13;
  fill(*x, seed, T(2));
  for (auto _ : state) {
    benchmark::DoNotOptimize(x->elems[0][0]);
    ln->forward_rows(*x, *y, 0, S);
    benchmark::DoNotOptimize(y->elems[0][0]);
    benchmark::ClobberMemory();
  }
  state.counters["elements/s"] =
      benchmark::Counter(double(S * width) * double(state.iterations()), benchmark::Counter::kIsRate);
}

//! GELU (tanh form) over S rows of the feed-forward width 512 (elements per second).
template <class T, std::size_t S>
void gelu_constformer(benchmark::State& state) {
  constexpr std::size_t width = 4 * bench_gpt.emb_dim;
  auto x = std::make_unique<cf::matrix<T, S, width>>();
  auto y = std::make_unique<cf::matrix<T, S, width>>();
  unsigned seed = 17;
  fill(*x, seed, T(4));
  for (auto _ : state) {
    benchmark::DoNotOptimize(x->elems[0][0]);
    cf::gelu<T>{}.forward_rows(*x, *y, 0, S);
    benchmark::DoNotOptimize(y->elems[0][0]);
    benchmark::ClobberMemory();
  }
  state.counters["elements/s"] =
      benchmark::Counter(double(S * width) * double(state.iterations()), benchmark::Counter::kIsRate);
}

// --- registration: names are <kind>/<impl>/<type>/<S> ------------------------------------

template <class T>
constexpr const char* type_name = sizeof(T) == 4 ? "float" : "double";

template <class T, std::size_t S>
void register_size() {
  const std::string sfx = std::string("/") + type_name<T> + "/" + std::to_string(S);
  benchmark::RegisterBenchmark((std::string("mha/constformer_") + mode + sfx).c_str(), mha_constformer<T, S>);
  benchmark::RegisterBenchmark((std::string("matmul/constformer_") + mode + sfx).c_str(), matmul_constformer<T, S>);
  benchmark::RegisterBenchmark((std::string("matmul_transposed/constformer_") + mode + sfx).c_str(),
                               matmul_transposed_constformer<T, S>);
  benchmark::RegisterBenchmark((std::string("softmax/constformer_") + mode + sfx).c_str(), softmax_constformer<T, S>);
  benchmark::RegisterBenchmark((std::string("layer_norm/constformer_") + mode + sfx).c_str(),
                               layer_norm_constformer<T, S>);
  benchmark::RegisterBenchmark((std::string("gelu/constformer_") + mode + sfx).c_str(), gelu_constformer<T, S>);
#if !CONSTFORMER_BENCH_CONTRACT  // the baselines once, in the bit-exact binary
  benchmark::RegisterBenchmark(("mha/naive" + sfx).c_str(), mha_naive<T, S>);
  benchmark::RegisterBenchmark(("matmul/naive" + sfx).c_str(), matmul_naive<T, S>);
#if CONSTFORMER_BENCH_EIGEN
  benchmark::RegisterBenchmark(("mha/eigen" + sfx).c_str(), mha_eigen<T, S>);
  benchmark::RegisterBenchmark(("matmul/eigen" + sfx).c_str(), matmul_eigen<T, S>);
#endif
#endif
}

template <class T>
void register_type() {
  register_size<T, 16>();
  register_size<T, 64>();
  register_size<T, 128>();
  register_size<T, 256>();
  benchmark::RegisterBenchmark((std::string("exp/constformer_") + mode + "/" + type_name<T>).c_str(),
                               exp_constformer<T>);
  benchmark::RegisterBenchmark((std::string("gpt/constformer_") + mode + "/" + type_name<T>).c_str(),
                               gpt_constformer<T>);
#if !CONSTFORMER_BENCH_CONTRACT
  benchmark::RegisterBenchmark((std::string("exp/std/") + type_name<T>).c_str(), exp_std<T>);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  register_type<float>();
  register_type<double>();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
