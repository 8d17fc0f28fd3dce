// The default-limits promise (S=64, D=64, 4 heads) for float; one dtype per file so each gets
// its own translation unit and the two build in parallel. Causality and weights over 16 tokens:
// mha_causal_prefixes_f32.cpp.
#include "cases/mha_default_limits.hpp"

CONSTFORMER_CHECK_MHA_DEFAULT_LIMITS(float)
