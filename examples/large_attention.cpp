// GPT-2 small's attention (width 768, 12 heads, context 1024) on a 1024-token sequence, with
// random weights: the model, the input, the output and the workspace in static storage (or on
// the heap), so the stack holds one row of attention weights. CTest runs it under a 1 MB stack.
#include <chrono>
#include <cstdio>
#include <memory>

#include "constformer.hpp"

namespace cf = constformer;

using attention = cf::multi_head_attention<float, 768, 768, 1024, 12>;
constexpr std::size_t seq_len = 1024;

static attention model;                              // 9.4 MB of weights, in .bss
static cf::workspace_t<attention, seq_len> ws;       // 12.6 MB of working storage, in .bss
static cf::matrix<float, seq_len, 768> x, y;

int main() {
  // Deterministic uniform(-0.036, 0.036) weights (torch's Linear init for 768 inputs) and inputs.
  std::uint64_t counter = 0;
  cf::for_each_parameter(model, [&](std::string_view, auto& p) {
    for (auto& row : p.elems)
      for (auto& v : row) v = (cf::uniform<float>(42, counter++) * 2.0f - 1.0f) * 0.036f;
  });
  for (auto& row : x.elems)
    for (auto& v : row) v = cf::uniform<float>(7, counter++) * 2.0f - 1.0f;

  // The heap works as well: auto heap_ws = std::make_unique<cf::workspace_t<attention, seq_len>>();
  constexpr int runs = 3;
  double best = 1e30;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    model.forward_into(x, y, ws);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = s < best ? s : best;
  }
  // 4 projections of S x 768 x 768, plus Q K^T and weights V over the causal half.
  const double flops = 2.0 * (4.0 * seq_len * 768 * 768 + 2.0 * (seq_len * (seq_len + 1) / 2.0) * 768);
  std::printf("GPT-2 small attention, S = %zu: %.3f s per forward (best of %d), %.1f GFLOP/s\n", seq_len, best,
              runs, flops / best * 1e-9);
  std::printf("weights %zu bytes, workspace %zu bytes, stack: one row of %zu weights\n",
              cf::parameter_bytes<attention>, cf::workspace_bytes<attention, seq_len>, seq_len);
  const bool finite = y(seq_len - 1, 767) == y(seq_len - 1, 767) && y(0, 0) == y(0, 0);
  return finite ? 0 : 1;
}
