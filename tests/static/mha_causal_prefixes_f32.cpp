// The default-limits module (S=64, D=64, 4 heads) over 16 tokens, float: its weights' rows sum
// to 1 and are zero above the diagonal, and a shorter run is a prefix of a longer one.
#include "cases/mha_default_limits.hpp"

CONSTFORMER_CHECK_MHA_CAUSAL_PREFIXES(float, 64 * 0x1p-23f)
