# Formatting: every C++ file of include/, tests/, examples/, bench/ and cmake/firmware/ must be
# as clang-format 19 leaves it (.clang-format at the top, and the nested ones of the 4-space
# math code). Fix with: clang-format-19 -i <file>.
# `pending` lists files that were being changed on other branches when the style came in
# (formatting them then would only have made conflicts): they are counted, not failed. Format
# each with its next change (clang-format-19 -i <file>) and drop it from the list; the step
# says when a listed file is clean.
set -euo pipefail
. scripts/lib/deps.sh
require_packages clang-format-19
pending=(
  bench/math/exp_ulp_sweep.cpp
  examples/large_attention.cpp
  include/constformer/attention/causal.hpp
  include/constformer/concepts.hpp
  include/constformer/core/batch.hpp
  include/constformer/io/detail/json.hpp
  include/constformer/io/detail/mapped_file.hpp
  include/constformer/io/dtype.hpp
  include/constformer/io/json_tensors.hpp
  include/constformer/io/load_parameters.hpp
  include/constformer/io/print.hpp
  include/constformer/io/safetensors.hpp
  include/constformer/model/generate.hpp
  include/constformer/model/gpt.hpp
  include/constformer/model/module.hpp
  include/constformer/model/transformer_block.hpp
  include/constformer/nn/dropout.hpp
  include/constformer/nn/linear.hpp
  tests/runtime/io_safetensors_test.cpp
  tests/runtime/math/exp_test.cpp
  tests/runtime/math/sqrt_test.cpp
  tests/static/misuse_static.cpp
)
is_pending() {
  local p
  for p in "${pending[@]}"; do [ "$p" = "$1" ] && return 0; done
  return 1
}
mapfile -t files < <(find include tests examples bench cmake/firmware \( -name '*.hpp' -o -name '*.cpp' \) -not -path '*/fixtures/*' | sort)
# The files clang-format would change: one process per batch of files (starting clang-format
# costs more than checking a file), a batch per core. Each file it would change is named in a
# "code should be clang-formatted" diagnostic; any other error fails the step. clang-format
# writes a diagnostic in pieces: each process's lines go through a grep of its own, which
# writes them whole, so that two processes' lines do not interleave.
declare -A unformatted=()
report=$(printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 40 sh -c 'clang-format-19 --dry-run --Werror "$@" 2>&1 | grep --line-buffered "error:" || true' _)
while IFS= read -r line; do
  case "$line" in
    *": error: code should be clang-formatted"*) unformatted[${line%%:*}]=1 ;;
    *"error:"*) echo "format: clang-format-19 failed: $line" >&2; exit 1 ;;
  esac
done <<<"$report"
checked=0 bad=0 waiting=0
for f in "${files[@]}"; do
  if [ -z "${unformatted[$f]:-}" ]; then
    is_pending "$f" && echo "  $f is formatted now: remove it from 'pending' in $0"
    checked=$((checked + 1))
  elif is_pending "$f"; then
    waiting=$((waiting + 1))
  else
    echo "not formatted: $f (clang-format-19 -i $f)" >&2
    clang-format-19 "$f" | diff -u "$f" - | head -n 20 >&2 || true
    bad=$((bad + 1))
  fi
done
if [ "$bad" -ne 0 ]; then
  echo "format: $bad file(s) not formatted" >&2
  exit 1
fi
echo "format: $checked files as clang-format-19 leaves them; $waiting pending"
