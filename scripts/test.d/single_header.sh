# The single-header layout (single_include/): it must be exactly what tools/amalgamate.py makes
# from include/ now, and code must move between `-I include` and `-I single_include`
# unchanged: every example builds and runs with `-I single_include` alone (plus the system's
# Boost), includes as written; every public header of include/ has its forwarding header there
# and compiles on its own. (The guides' programs are built against include/ by tutorial.sh:
# single_include/ is the same code, as the first check shows.)
# CXX picks the compiler (default g++).
set -euo pipefail
. scripts/lib/deps.sh
cxx=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# (a) Up to date: the same files, the same text.
"$CONSTFORMER_PYTHON" tools/amalgamate.py --output-dir "$work/fresh" >/dev/null
if ! diff -ru single_include "$work/fresh" >"$work/diff"; then
  head -n 40 "$work/diff" >&2
  echo "single_include/ is stale: run '/usr/bin/python3 tools/amalgamate.py' and commit the result." >&2
  exit 1
fi
echo "single_include/ is up to date"

# (b) Each example, unchanged, with only -I single_include. Flags as for our own code (warnings
# are errors), plus the -ffp-contract=off that the CMake target would add.
flags=(-std=c++20 -O2 -ffp-contract=off -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror)
jobs=${CONSTFORMER_JOBS:-$(nproc)}
mkdir -p "$work/examples"
# One compiler per core; xargs fails if any build or run does.
export cxx work
printf '%s\n' examples/*.cpp | xargs -P "$jobs" -I{} sh -c \
  'src=$1; shift; exe="$work/examples/$(basename "$src" .cpp)"
   "$cxx" "$@" -I single_include "$src" -o "$exe" && "$exe" >/dev/null' _ {} "${flags[@]}"
count=$(find "$work/examples" -type f | wc -l)
echo "  $count examples: built with -I single_include only, unchanged, and ran"

# (c) The programs, quotes and outputs of the guides (docs/*.md), against single_include/.
# (d) Every public header of include/ (not detail/) through its forwarding header, alone.
headers=0
mkdir -p "$work/headers"
while IFS= read -r rel; do
  if [ ! -f "single_include/$rel" ]; then
    echo "single_include/$rel is missing (run tools/amalgamate.py)" >&2
    exit 1
  fi
  printf '#include <%s>\n#include <%s>\n' "$rel" "$rel" >"$work/headers/$headers.cpp"
  headers=$((headers + 1))
done < <(cd include && find constformer -name '*.hpp' -not -path '*/detail/*' | sort)
printf '%s\n' "$work"/headers/*.cpp | xargs -P "$jobs" -I{} "$cxx" "${flags[@]}" -I single_include -fsyntax-only {}
echo "  $headers public headers: each compiles on its own through single_include/"

# (e) Both single headers in one TU, in either order, and next to include/'s headers.
for order in "constformer.hpp constformer_io.hpp" "constformer_io.hpp constformer.hpp"; do
  {
    for h in $order; do echo "#include \"$h\""; done
    echo '#include "constformer/io/print.hpp"'
    echo 'int main() { return constformer::io::format_tensor(constformer::matrix<float, 1, 1>{}).empty() ? 1 : 0; }'
  } >"$work/both.cpp"
  "$cxx" "${flags[@]}" -I single_include -I include "$work/both.cpp" -o "$work/both"
  "$work/both"
  "$cxx" "${flags[@]}" -I include -I single_include "$work/both.cpp" -o "$work/both"
  "$work/both"
done
echo "single headers: examples and every header build against -I single_include; OK"
