// A by-value forward whose output and workspace would exceed CONSTFORMER_STACK_BUDGET (512 KiB
// on hosted builds): 1 MiB of workspace plus 256 KiB of output. The diagnostic gives the frame
// size and names forward_into; the control computes the same into static storage.
// expect: this by-value call needs a stack frame of FrameBytes bytes, over CONSTFORMER_STACK_BUDGET
// expect: call m.forward_into\(x, out, ws\)
// expect-gcc: FrameBytes = 1310720; long unsigned int BudgetBytes = 524288
// expect-clang: check_stack_frame<1310720UL, 524288UL>
#include "constformer.hpp"

namespace cf = constformer;
using attention = cf::multi_head_attention<float, 64, 64, 1024, 4>;

static attention model{};
static cf::matrix<float, 1024, 64> x, y;
#ifdef CONSTFORMER_CONTROL
static cf::workspace_t<attention, 1024> ws;
#endif

int main() {
#ifdef CONSTFORMER_CONTROL
  model.forward_into(x, y, ws);
#else
  y = model.forward(x);
#endif
  return static_cast<int>(y(0, 0));
}
