// The default-limits promise (S=64, D=64, 4 heads) for float; one dtype per
// file so each gets its own translation unit and the two build in parallel.
#include "cases/mha_default_limits.hpp"

CONSTFORMER_CHECK_MHA_DEFAULT_LIMITS(float, 64 * 0x1p-23f)
