// libFuzzer target: the JSON tensor reader (cf::io::parse_json_tensors) and loading what it
// accepts. Build and run: scripts/test.d/fuzz.sh (docs/testing.md has the long-run command).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "constformer/io/json_tensors.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = constformer::io;
  const io::tensor_file_result r =
      io::parse_json_tensors(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  if (!r.ok()) {
    if (r.error.empty() || !r.file.tensors.empty()) __builtin_trap();  // says why, keeps nothing
    return 0;
  }
  for (const io::tensor_data& t : r.file.tensors) {
    std::size_t count = 1;
    for (std::size_t e : t.shape) count *= e;
    if (count != t.data.size()) __builtin_trap();  // the shape always matches the data
    (void)t.check_into<float>(true);
  }
  cf_fuzz::load_all(r.file);
  return 0;
}
