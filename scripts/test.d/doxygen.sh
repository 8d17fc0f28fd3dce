# Builds the API reference (docs/Doxyfile) into build/doxygen/html and fails on any
# Doxygen warning: every public entity in include/ (outside detail) must have its `//!`
# comment, and every reference in one must resolve.
set -euo pipefail
. scripts/lib/deps.sh
require_packages doxygen
out=build/doxygen
rm -rf "$out"
mkdir -p "$out"
CONSTFORMER_VERSION=$(sed -nE 's/^project\(constformer VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
export CONSTFORMER_VERSION CONSTFORMER_DOXYGEN_OUTPUT="$out"
if ! doxygen docs/Doxyfile 2>"$out/warnings.log"; then
  cat "$out/warnings.log" >&2
  echo "doxygen: $(grep -c . "$out/warnings.log") warning(s) in the API reference (docs/Doxyfile)" >&2
  exit 1
fi
echo "doxygen: API reference in $out/html, no warnings"
