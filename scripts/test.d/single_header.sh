# The single-header amalgamation (single_include/): it must be what tools/amalgamate.py
# makes from include/ now, and every example must build and run against it with
# `-I single_include` alone (plus the system's Boost), its includes rewritten:
#   "constformer.hpp"            -> single_include/constformer.hpp    (the core)
#   "constformer/io/<any>.hpp"   -> single_include/constformer_io.hpp (hosted io/)
# CXX picks the compiler (default g++).
set -euo pipefail
. scripts/lib/deps.sh
cxx=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# (a) Up to date.
"$CONSTFORMER_PYTHON" tools/amalgamate.py --output-dir "$work/fresh" >/dev/null
for f in constformer.hpp constformer_io.hpp; do
  if ! diff -u "single_include/$f" "$work/fresh/$f" >"$work/diff"; then
    head -n 40 "$work/diff" >&2
    echo "single_include/$f is stale: run '/usr/bin/python3 tools/amalgamate.py' and commit the result." >&2
    exit 1
  fi
done
echo "single_include/ is up to date"

# (b) Each example, with only -I single_include. Flags as for our own code (warnings are
# errors), plus the -ffp-contract=off that the CMake target would add.
flags=(-std=c++20 -O2 -ffp-contract=off -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror)
mkdir -p "$work/examples"
count=0
for src in examples/*.cpp; do
  name=$(basename "$src" .cpp)
  copy="$work/examples/$name.cpp"
  sed -E -e 's@^([[:space:]]*#[[:space:]]*include[[:space:]]*)[<"]constformer/io/[^>"]+[>"]@\1"constformer_io.hpp"@' \
         -e 's@^([[:space:]]*#[[:space:]]*include[[:space:]]*)[<"]constformer\.hpp[>"]@\1"constformer.hpp"@' \
         "$src" >"$copy"
  if grep -En '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]constformer/' "$copy" >&2; then
    echo "$src includes a header that the single headers do not stand for; include the umbrella" \
         "constformer.hpp or an io/ header, or extend tools/amalgamate.py" >&2
    exit 1
  fi
  "$cxx" "${flags[@]}" -I single_include "$copy" -o "$work/examples/$name"
  "$work/examples/$name" >/dev/null
  echo "  $name: built with -I single_include only, and ran"
  count=$((count + 1))
done

# Both single headers in one TU, in either order, and next to include/'s headers.
for order in "constformer.hpp constformer_io.hpp" "constformer_io.hpp constformer.hpp"; do
  {
    for h in $order; do echo "#include \"$h\""; done
    echo '#include "constformer/io/print.hpp"'
    echo 'int main() { return constformer::io::format_tensor(constformer::matrix<float, 1, 1>{}).empty() ? 1 : 0; }'
  } >"$work/both.cpp"
  "$cxx" "${flags[@]}" -I single_include -I include "$work/both.cpp" -o "$work/both"
  "$work/both"
done
echo "single headers: $count examples built and ran against -I single_include; OK"
