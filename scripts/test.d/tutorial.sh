# The guides quote the examples and their output, and docs/tutorial.md holds whole programs:
# builds and runs them all, and fails if a quote or a printed output no longer matches
# (every docs/*.md page with <!-- program: / quote: / output: --> markers).
set -euo pipefail
. scripts/lib/deps.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$CONSTFORMER_PYTHON" tools/check_tutorial.py "$work" docs/*.md --cxx "${CXX:-g++}"
