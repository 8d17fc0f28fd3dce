// constformer/config.hpp: version, CONSTFORMER_* macros and the hosted/freestanding switch.
#ifndef CONSTFORMER_CONFIG_HPP
#define CONSTFORMER_CONFIG_HPP

#include <cstddef>  // std::size_t

#define CONSTFORMER_VERSION_MAJOR 0
#define CONSTFORMER_VERSION_MINOR 1
#define CONSTFORMER_VERSION_PATCH 0
//! Version as one integer: major * 10000 + minor * 100 + patch.
#define CONSTFORMER_VERSION \
  (CONSTFORMER_VERSION_MAJOR * 10000 + CONSTFORMER_VERSION_MINOR * 100 + CONSTFORMER_VERSION_PATCH)

//! 1 when the standard library is hosted (iostreams, files); 0 on freestanding/bare-metal
//! builds unless the user says otherwise. Headers under io/ require it.
#ifndef CONSTFORMER_HOSTED
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && !defined(__ARM_EABI__)
#define CONSTFORMER_HOSTED 1
#else
#define CONSTFORMER_HOSTED 0
#endif
#endif

//! 1: the run-time `matmul_transposed` (every `linear`) transposes its right operand a panel
//! (up to 64 x 64 elements, on the stack) at a time so the inner loop vectorises; 0: one dot
//! product per element, no stack buffer. Both give the same bits. Defaults to 1 on hosted
//! builds and 0 on freestanding/bare-metal ones, where a 16 KB stack frame is not welcome.
#ifndef CONSTFORMER_MATMUL_PANEL
#define CONSTFORMER_MATMUL_PANEL CONSTFORMER_HOSTED
#endif

namespace constformer {
//! Extents and indices.
using size_t = std::size_t;
}  // namespace constformer

#endif  // CONSTFORMER_CONFIG_HPP
