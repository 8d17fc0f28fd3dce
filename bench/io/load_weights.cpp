// Measures loading large weight files (run under /usr/bin/time -v for the peak memory):
//   load_weights module FILE.safetensors   into a static 8 x linear(4096, 4096) float module (537 MB)
//   load_weights tensors FILE.safetensors  every tensor into its own std::vector<float> (lower-level API)
//   load_weights json FILE.json            parse a JSON tensor file
// Files: bench/io/make_weights.py. Figures: docs/weights.md.
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "constformer/io/json_tensors.hpp"
#include "constformer/io/safetensors.hpp"
#include "constformer/nn/linear.hpp"

namespace cf = constformer;
using layers_t = std::array<cf::linear<float, 4096, 4096, true>, 8>;
static layers_t layers{};

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s module|tensors|json FILE\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1], path = argv[2];
  const auto t0 = std::chrono::steady_clock::now();
  double check = 0;
  if (mode == "module") {
    const cf::io::load_result r = cf::io::load_safetensors(layers, path);
    if (!r.ok()) return std::fprintf(stderr, "%s\n", r.error.c_str()), 1;
    check = layers[7].weight(4095, 4095);
  } else if (mode == "tensors") {
    const cf::io::safetensors_result f = cf::io::open_safetensors(path);
    if (!f.ok()) return std::fprintf(stderr, "%s\n", f.error.c_str()), 1;
    std::vector<std::vector<float>> all;
    for (const cf::io::safetensors_tensor& t : f.file.tensors()) {
      if (const std::string why = t.check_into<float>(false); !why.empty())
        return std::fprintf(stderr, "%s\n", why.c_str()), 1;
      all.emplace_back(t.count());
      t.copy_into(all.back().data(), 0, t.count());
      f.file.release(t);
    }
    check = all.back().back();
  } else if (mode == "json") {
    const cf::io::tensor_file_result r = cf::io::load_json_tensors(path);
    if (!r.ok()) return std::fprintf(stderr, "%s\n", r.error.c_str()), 1;
    check = r.file.tensors[0].data.back();
  } else {
    return 2;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s %s: %.3f s (check %g)\n", mode.c_str(), path.c_str(), s, check);
  return 0;
}
