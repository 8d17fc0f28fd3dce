# Formatting: every C++ file of include/, tests/, examples/, bench/ and cmake/firmware/ must be
# as clang-format 19 leaves it (.clang-format at the top, and the nested ones of the 4-space
# math code). Fix with: clang-format-19 -i <file>.
# `pending` lists files that were being rewritten elsewhere when the style was introduced:
# they are reported, not failed; format each one with its next change and drop it here.
set -euo pipefail
. scripts/lib/deps.sh
require_packages clang-format-19
pending=(
  include/constformer/attention/causal.hpp
  include/constformer/attention/multi_head.hpp
  include/constformer/attention/self_attention.hpp
  include/constformer/core/ops.hpp
  include/constformer/io/load_parameters.hpp
  include/constformer/model/memory.hpp
  include/constformer/nn/linear.hpp
  tests/runtime/math/exp_test.cpp
  tests/runtime/math/sqrt_test.cpp
  bench/math/exp_ulp_sweep.cpp
)
is_pending() {
  local p
  for p in "${pending[@]}"; do [ "$p" = "$1" ] && return 0; done
  return 1
}
checked=0 bad=0 waiting=0
while IFS= read -r f; do
  if clang-format-19 --dry-run --Werror "$f" >/dev/null 2>&1; then
    is_pending "$f" && echo "  $f is formatted now: remove it from 'pending' in $0"
    checked=$((checked + 1))
  elif is_pending "$f"; then
    waiting=$((waiting + 1))
  else
    echo "not formatted: $f (clang-format-19 -i $f)" >&2
    clang-format-19 "$f" | diff -u "$f" - | head -n 20 >&2 || true
    bad=$((bad + 1))
  fi
done < <(find include tests examples bench cmake/firmware \( -name '*.hpp' -o -name '*.cpp' \) -not -path '*/fixtures/*' | sort)
if [ "$bad" -ne 0 ]; then
  echo "format: $bad file(s) not formatted" >&2
  exit 1
fi
echo "format: $checked files as clang-format-19 leaves them; $waiting pending"
