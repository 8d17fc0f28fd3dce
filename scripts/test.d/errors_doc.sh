# docs/errors.md and docs/compile-time-weights.md quote what GCC 12 and Clang 19 say for the
# misuses of tests/compile_fail/:
# compiles every case and fails when a quoted line is no longer part of the diagnostic
# (tools/check_diagnostics_doc.py; the page quotes no line numbers).
set -euo pipefail
. scripts/lib/deps.sh
require_packages g++-12 clang-19 libboost-dev
"$CONSTFORMER_PYTHON" tools/check_diagnostics_doc.py --gcc g++-12 --clang clang++-19 docs/errors.md docs/compile-time-weights.md
