# docs/tutorial.md quotes the examples and their output, and holds whole programs: builds
# and runs them all, and fails if a quote or a printed output no longer matches.
set -euo pipefail
. scripts/lib/deps.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$CONSTFORMER_PYTHON" tools/check_tutorial.py "$work" --cxx "${CXX:-g++}"
