// Misuse: loading a module at compile time from a safetensors file that lacks one of its
// parameters. The diagnostic names the tensor, with the prefix, in the template arguments of
// safetensors_missing_tensor.
// expect: safetensors_missing_tensor
// expect: tensor_name<'p', 'r', 'o', 'j', '\.', 'b', 'i', 'a', 's'>
#include "constformer/model/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "support/safetensors_builder.hpp"

namespace cf = constformer;

#ifdef CONSTFORMER_CONTROL
constexpr auto file =
    cf_test::safetensors_file<32>(R"({"proj.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                                  R"("proj.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})");
#else
constexpr auto file =
    cf_test::safetensors_file<24>(R"({"proj.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})");
#endif

constexpr auto layer =
    cf::load_safetensors_or_fail<cf::linear<float, 3, 2, true>, file, cf::safetensors_options{.prefix = "proj."}>();

int main() { return static_cast<int>(layer.weight(0, 0)); }
