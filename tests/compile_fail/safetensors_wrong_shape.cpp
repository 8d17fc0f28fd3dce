// Misuse: a weight stored transposed ([in, out] instead of torch's [out, in]). The diagnostic
// names the tensor, the expected shape and the shape found.
// expect: safetensors_wrong_shape
// expect: tensor_name<'w', 'e', 'i', 'g', 'h', 't'>
// expect: shape<2, 3>.*shape<3, 2>
#include "constformer/model/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/safetensors_builder.hpp"

namespace cf = constformer;

#ifdef CONSTFORMER_CONTROL
constexpr auto file = cf_test::safetensors_file<32>(R"({"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                                                    R"("bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})");
#else
constexpr auto file = cf_test::safetensors_file<32>(R"({"weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},)"
                                                    R"("bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})");
#endif

constexpr auto layer = cf::load_safetensors_or_fail<cf::linear<float, 3, 2, true>, file>();

int main() { return static_cast<int>(layer.weight(0, 0)); }
