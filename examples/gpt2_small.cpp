// GPT_CONFIG_124M at run time: the book's configuration with random weights (out_head untied,
// 163,009,536 parameters, 652 MB), model and workspace on the heap, greedy generation of 16
// tokens from a 64-token prompt with the key/value cache. Prints tokens per second and the
// peak memory. CTest runs it under a 1 MB stack.
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include "constformer.hpp"

namespace cf = constformer;

using gpt = cf::gpt_model<float, cf::gpt_config_124m>;
static_assert(cf::parameter_count_v<gpt> == 163'009'536);

int main() {
  auto model = std::make_unique<gpt>();  // zero-initialised on the heap
  auto ws = std::make_unique<cf::workspace_t<gpt, cf::gpt_config_124m.context_length>>();

  const auto t_init = std::chrono::steady_clock::now();
  std::uint64_t counter = 0;
  cf::for_each_parameter(*model, [&](std::string_view name, auto& p) {
    const bool norm_scale = name.ends_with("scale");
    for (auto& row : p.elems)
      for (auto& v : row) v = norm_scale ? 1.0f : (cf::uniform<float>(123, counter++) * 2.0f - 1.0f) * 0.02f;
  });
  const double init_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_init).count();

  std::array<cf::token_id, 64> prompt{};
  for (std::size_t i = 0; i < prompt.size(); ++i) prompt[i] = static_cast<cf::token_id>((i * 7919) % 50257);
  auto out = std::make_unique<cf::generated<64 + 16>>();
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  cf::generate_into<16>(*model, prompt, *out, *ws);
  const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("GPT_CONFIG_124M (%zu parameters, random weights, filled in %.1f s)\n", cf::parameter_count_v<gpt>,
              init_s);
  std::printf("prompt 64 tokens, 16 generated with the key/value cache: %.2f s, %.2f tokens/s\n", s, 16.0 / s);
  // On a shared machine the wall-clock figure counts other processes' time too; CPU time does not.
  std::printf("  CPU time of this process: %.2f s, %.2f tokens per CPU second\n", cpu, 16.0 / cpu);
  std::printf("peak memory %.0f MB (weights %zu MB, workspace %zu MB)\n", static_cast<double>(usage.ru_maxrss) / 1024.0,
              cf::parameter_bytes<gpt> >> 20, cf::workspace_bytes<gpt, cf::gpt_config_124m.context_length> >> 20);
  std::printf("generated ids:");
  for (std::size_t i = 64; i < out->ids.size(); ++i) std::printf(" %u", static_cast<unsigned>(out->ids[i]));
  std::printf("\n");
  return out->ok ? 0 : 1;
}
