// Firmware example (a): the notebook's simplified self-attention (section 3.3) on "Your
// journey starts with one step", on a Cortex-M. Built twice (examples/firmware/CMakeLists.txt):
// - CONSTFORMER_FIRMWARE_RUNTIME=0: the results are computed by the compiler; the image holds
//   only the answer (three small tables in flash) and the code that prints it;
// - CONSTFORMER_FIRMWARE_RUNTIME=1: the inputs go through volatile and the processor computes
//   the same results.
// Both print every result as hex bit patterns over semihosting; scripts/test.d/firmware.sh
// checks the output against the host compiler's compile-time results (this same file built
// for the host with CONSTFORMER_FIRMWARE_HOST=1), bit for bit.
#include <cstddef>  // std::size_t

#include "constformer/attention/simplified.hpp"  // attention_scores, context_vectors
#include "constformer/core/matrix.hpp"           // matrix
#include "constformer/nn/softmax.hpp"            // softmax
#include "report.hpp"                            // fw::print, fw::copy_opaque

namespace cf = constformer;

namespace {

// The notebook's embedded tokens: Your, journey, starts, with, one, step.
constexpr cf::matrix<float, 6, 3> inputs{{{0.43f, 0.15f, 0.89f},
                                          {0.55f, 0.87f, 0.66f},
                                          {0.57f, 0.85f, 0.64f},
                                          {0.22f, 0.58f, 0.33f},
                                          {0.77f, 0.25f, 0.10f},
                                          {0.05f, 0.80f, 0.55f}}};

struct results {
  cf::matrix<float, 6, 6> scores, weights;
  cf::matrix<float, 6, 3> context;
};

constexpr results compute(const cf::matrix<float, 6, 3>& x) noexcept {
  results r{};
  r.scores = cf::attention_scores(x);
  r.weights = cf::softmax(r.scores);
  r.context = cf::context_vectors(r.weights, x);
  return r;
}

constexpr results compile_time = compute(inputs);
static_assert(compile_time.context(1, 0) > 0.4418f && compile_time.context(1, 0) < 0.4420f,
              "the notebook prints 0.4419");

#if CONSTFORMER_FIRMWARE_RUNTIME
// The attention alone, out of line so that its code size can be read from the map file.
[[gnu::noinline, gnu::flatten]] void run_attention(const cf::matrix<float, 6, 3>& x, results& r) noexcept {
  r = compute(x);
}
results run_time;
#endif

}  // namespace

int main() {
  fw::write("simplified_attention (notebook 3.3), 6 tokens x 3\n");
#if CONSTFORMER_FIRMWARE_RUNTIME
  cf::matrix<float, 6, 3> x{};
  fw::copy_opaque(inputs, x);
  run_attention(x, run_time);
  const results& r = run_time;
#else
  const results& r = compile_time;
#endif
  fw::print("scores", r.scores);
  fw::print("weights", r.weights);
  fw::print("context", r.context);
  return 0;
}
