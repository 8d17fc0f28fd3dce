// The notebook's section 3.3 (simplified self-attention) on "Your journey starts with one
// step": every tensor the notebook prints, computed at compile time and checked by
// static_assert, then computed again at run time and compared bit for bit.
#include <bit>
#include <cstdint>
#include <cstdio>
#include <string>

#include "constformer.hpp"
#include "constformer/io/print.hpp"

namespace cf = constformer;

// The notebook's embedded tokens: Your, journey, starts, with, one, step.
constexpr cf::matrix<float, 6, 3> inputs{{{0.43f, 0.15f, 0.89f},
                                          {0.55f, 0.87f, 0.66f},
                                          {0.57f, 0.85f, 0.64f},
                                          {0.22f, 0.58f, 0.33f},
                                          {0.77f, 0.25f, 0.10f},
                                          {0.05f, 0.80f, 0.55f}}};

// One query (the second token) against all tokens, then all queries at once.
struct results {
  cf::vector<float, 6> scores_2, by_sum, naive, weights_2;
  float by_sum_total, naive_total, weights_total;
  cf::vector<float, 3> context_2;
  cf::matrix<float, 6, 6> scores, weights;
  cf::vector<float, 6> row_sums;
  cf::matrix<float, 6, 3> context;
};

constexpr results compute(const cf::matrix<float, 6, 3>& x) {
  results r{};
  const auto query = cf::row(x, 1);
  r.scores_2 = cf::attention_scores(x, query);
  r.by_sum = cf::normalize_by_sum(r.scores_2);
  r.by_sum_total = cf::sum(r.by_sum);
  r.naive = cf::softmax_naive(r.scores_2);
  r.naive_total = cf::sum(r.naive);
  r.weights_2 = cf::softmax(r.scores_2);
  r.weights_total = cf::sum(r.weights_2);
  r.context_2 = cf::context_vectors(r.weights_2, x);
  r.scores = cf::attention_scores(x);
  r.weights = cf::softmax(r.scores);
  r.row_sums = cf::row_sum(r.weights);
  r.context = cf::context_vectors(r.weights, x);
  return r;
}

constexpr results ct = compute(inputs);

constexpr bool near(float a, float b, float tol) { return (a - b <= tol) && (b - a <= tol); }

// What the compiler proves before the program exists.
static_assert(near(ct.scores_2(0, 1), 1.4950f, 5e-5f), "the notebook prints 1.4950");
static_assert(near(ct.context_2(0, 0), 0.4419f, 5e-5f), "the notebook prints 0.4419");
static_assert(near(ct.by_sum_total, 1.0f, 1e-6f) && near(ct.weights_total, 1.0f, 1e-6f));
static_assert(
    [] {
      for (std::size_t i = 0; i < 6; ++i)
        if (!near(ct.row_sums(0, i), 1.0f, 1e-6f)) return false;
      return true;
    }(),
    "every row of the attention weights sums to 1");
static_assert(cf::bit_equal(cf::row(ct.scores, 1), ct.scores_2), "row 2 of X X^T is the query-2 scores");
static_assert(cf::bit_equal(cf::row(ct.context, 1), ct.context_2), "row 2 of the context vectors is z(2)");

namespace {

bool all_identical = true;

template <class M>
void show(const char* label, const M& compile_time, const M& run_time) {
  const bool same = cf::bit_equal(compile_time, run_time);
  all_identical = all_identical && same;
  std::printf("%s%s\n", label, cf::io::format_tensor(compile_time).c_str());
  std::printf("    [compile time, static_assert-verified; run time: %s]\n",
              same ? "bit-identical" : ("DIFFERENT: " + cf::io::format_tensor(run_time)).c_str());
}

void show_sum(float compile_time, float run_time) {
  const bool same = std::bit_cast<std::uint32_t>(compile_time) == std::bit_cast<std::uint32_t>(run_time);
  all_identical = all_identical && same;
  std::printf("Sum: %s\n", cf::io::format_tensor(compile_time).c_str());
  std::printf("    [compile time; run time: %s]\n", same ? "bit-identical" : "DIFFERENT");
}

}  // namespace

int main() {
  // The run-time inputs pass through volatile, so the optimiser cannot reuse the constants.
  cf::matrix<float, 6, 3> x{};
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      volatile float v = inputs(i, j);
      x(i, j) = v;
    }
  const results rt = compute(x);

  std::printf("== 3.3.1 Simplified self-attention: one query (\"journey\") ==\n\n");
  show("", ct.scores_2, rt.scores_2);
  std::printf("\n");
  show("Attention weights (divided by their sum): ", ct.by_sum, rt.by_sum);
  show_sum(ct.by_sum_total, rt.by_sum_total);
  std::printf("\n");
  show("Attention weights (naive softmax): ", ct.naive, rt.naive);
  show_sum(ct.naive_total, rt.naive_total);
  std::printf("\n");
  show("Attention weights (stable softmax): ", ct.weights_2, rt.weights_2);
  show_sum(ct.weights_total, rt.weights_total);
  std::printf("\n");
  show("", ct.context_2, rt.context_2);
  std::printf("\n== 3.3.2 All queries at once ==\n\n");
  show("", ct.scores, rt.scores);
  std::printf("\n");
  show("", ct.weights, rt.weights);
  std::printf("\n");
  show("All row sums: ", ct.row_sums, rt.row_sums);
  std::printf("\n");
  show("", ct.context, rt.context);
  std::printf("\nCompile-time and run-time results %s.\n", all_identical ? "are bit-identical" : "DIFFER");
  return all_identical ? 0 : 1;
}
