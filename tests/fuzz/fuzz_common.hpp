// Shared by the libFuzzer targets: load a parsed file into small modules of both scalar types
// with several option sets, and abort if a failed load changed a module.
#ifndef CONSTFORMER_TESTS_FUZZ_COMMON_HPP
#define CONSTFORMER_TESTS_FUZZ_COMMON_HPP

#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "constformer/attention/multi_head.hpp"
#include "constformer/io/load_parameters.hpp"
#include "constformer/nn/linear.hpp"

namespace cf_fuzz {

namespace cf = constformer;
namespace io = constformer::io;

template <class M>
std::vector<unsigned char> bits(M& m) {
  std::vector<unsigned char> out;
  cf::for_each_parameter(m, [&](std::string_view, auto& leaf) {
    const auto* p = reinterpret_cast<const unsigned char*>(&leaf);
    out.insert(out.end(), p, p + sizeof leaf);
  });
  return out;
}

// Loads `file` into `m` with `o`; a failed load must leave `m` bit-identical, a successful one
// must report every parameter loaded.
template <class M, class File>
void load_checked(M& m, const File& file, const io::load_options& o) {
  const auto before = bits(m);
  const io::load_result r = io::load_parameters(m, file, o);
  if (!r.ok() && (bits(m) != before || r.error.empty())) std::abort();
  if (r.ok() && r.loaded != cf::parameter_tensor_count_v<M>) std::abort();
}

template <class File>
void load_all(const File& file) {
  // Names that fuzzed files can reach: weight, bias, W_query.weight, ..., out_proj.bias.
  static cf::linear<float, 2, 2, true> lin{};
  static cf::linear<double, 3, 1, true> lin64{};
  static cf::multi_head_attention<float, 2, 2, 2, 1, true> mha{};
  load_checked(lin, file, {});
  load_checked(lin, file, {.strict = false, .allow_narrowing = true});
  load_checked(lin64, file, {.prefix = "a.", .strict = false});
  load_checked(mha, file, {.strict = false, .allow_narrowing = true, .ties = {{"W_key.weight", "W_query.weight"}}});
  load_checked(mha, file, {.ties = {{"nope", "weight"}}});
  cf::matrix<float, 2, 2> m{};
  (void)io::read_tensor(file, "weight", m, true);
}

}  // namespace cf_fuzz

#endif
