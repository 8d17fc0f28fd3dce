// libFuzzer target: the safetensors reader (cf::io::parse_safetensors) and loading what it
// accepts. Build and run: scripts/test.d/fuzz.sh (docs/testing.md has the long-run command).
#include <cstddef>
#include <cstdint>
#include <span>

#include "constformer/io/safetensors.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = constformer::io;
  const io::safetensors_result r =
      io::parse_safetensors(std::span(reinterpret_cast<const std::byte*>(data), size), "fuzz");
  if (!r.ok()) {
    if (r.error.empty()) __builtin_trap();  // a failure always says why
    return 0;
  }
  double sum = 0;
  for (const io::safetensors_tensor& t : r.file.tensors()) {
    if (t.count() > 0) sum += t.value(0) + t.value(t.count() - 1);
    if (t.check_into<double>(false).empty() && t.count() > 0 && t.count() < 4096) {
      double buf[4096];
      t.copy_into(buf, 0, t.count());
      sum += buf[t.count() - 1];
    }
    if (r.file.find(t.name) != &t) __builtin_trap();  // names are unique
  }
  volatile double sink = sum;
  (void)sink;
  cf_fuzz::load_all(r.file);
  return 0;
}
