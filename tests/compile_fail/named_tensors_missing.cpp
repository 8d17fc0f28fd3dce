// Misuse: a model defined from a table of named tensors (what tools/safetensors_to_header.py
// writes) that lacks one of its parameters. The diagnostic names the tensor.
// expect: safetensors_missing_tensor
// expect: tensor_name<'b', 'i', 'a', 's'>
#include "constformer/model/safetensors.hpp"
#include "constformer/nn/linear.hpp"

namespace cf = constformer;

constexpr float weight[] = {0x1p-1f, 0x1p-2f, 0x1p-3f, 0x1p-4f, 0x1p-5f, 0x1p-6f};
constexpr float bias[] = {0x1p-7f, 0x1p-8f};
#ifdef CONSTFORMER_CONTROL
constexpr cf::named_tensor<float> table[] = {{"weight", 2, {2, 3}, weight}, {"bias", 1, {2}, bias}};
#else
constexpr cf::named_tensor<float> table[] = {{"weight", 2, {2, 3}, weight}};
#endif

constexpr auto layer = cf::load_named_tensors_or_fail<cf::linear<float, 3, 2, true>, table>();

int main() { return static_cast<int>(layer.weight(0, 0)); }
