# Every C++ block of README.md and docs/ is checked: whole programs are built and run,
# fragments compiled, synopses matched against the headers, quotes and outputs compared.
# The guides quote the examples and their output, and docs/tutorial.md holds whole programs:
# builds and runs them all, and fails if a quote or a printed output no longer matches
# (every docs/*.md page with <!-- program: / quote: / output: --> markers).
set -euo pipefail
. scripts/lib/deps.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$CONSTFORMER_PYTHON" tools/check_tutorial.py "$work" --require-marked README.md docs/*.md --cxx "${CXX:-g++}"
