# Builds the API reference exactly as the README says (`doxygen docs/Doxyfile` from the
# repository root, into build/doxygen/html) and fails on any Doxygen warning: every public
# entity in include/ (outside detail) must have its `//!` comment, and every reference in
# one must resolve. It must also leave the source tree alone (no html/ or latex/ in it).
set -euo pipefail
. scripts/lib/deps.sh
require_packages doxygen
out=build/doxygen
rm -rf "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! doxygen docs/Doxyfile 2>"$log"; then
  cat "$log" >&2
  echo "doxygen: $(grep -c . "$log") warning(s) in the API reference (docs/Doxyfile)" >&2
  exit 1
fi
if [ ! -f "$out/html/index.html" ]; then
  echo "doxygen: no $out/html/index.html (OUTPUT_DIRECTORY in docs/Doxyfile)" >&2
  exit 1
fi
for stray in html latex docs/html docs/latex; do
  if [ -e "$stray" ]; then
    echo "doxygen: wrote $stray into the source tree" >&2
    exit 1
  fi
done
echo "doxygen: API reference in $out/html, no warnings"
