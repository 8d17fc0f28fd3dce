# Builds the run-time tests (GoogleTest runtime tests, the -O2 bit-exactness tests and the
# examples) under AddressSanitizer + UndefinedBehaviorSanitizer and runs them; any report fails the step
# (-fno-sanitize-recover=all, halt_on_error). This is Clang 19's run of the GoogleTest runtime
# tests: test.sh's clang-19:sanitized pass leaves them out. The chapter-4 bit-identity executable is left out:
# its run-time code (the GPT's forward passes, cached and cropped generation) is what the
# runtime tests run. Uses the "sanitizers" preset (Clang 19, Debug, build/sanitizers) at -O1,
# with line tables only for the reports' stack traces; falls back to GCC 12 when Clang 19's sanitizer runtime is absent
# and cannot be installed. The static (compile-only) tests are not built here: constant
# evaluation already rejects out-of-bounds reads and signed overflow in them.
# UBSan runs without four of its checks, which took half of the step's compile time (one file:
# 7.7 s with all, 4.1 s without them, 4.1 s with ASan alone): object-size (ASan catches every
# out-of-bounds access it would), pointer-overflow (only a wrap of the address space),
# vptr and function (the library has no virtual functions and no calls through function pointers).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/deps.sh

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

extra=()
debug=-gline-tables-only
if installed clang-19 && installed libclang-rt-19-dev; then
  compiler="clang++-19 (preset)"
elif [ "$(id -u)" -eq 0 ]; then
  require_packages clang-19 libclang-rt-19-dev
  compiler="clang++-19 (preset)"
else
  # GCC's sanitizer runtimes (libasan8, libubsan1) come with g++-12.
  require_packages g++-12 libasan8 libubsan1
  # GCC has no -fsanitize=function.
  sanitize="-fsanitize=address,undefined -fno-sanitize=pointer-overflow,object-size,vptr -fno-sanitize-recover=all -fno-omit-frame-pointer"
  extra+=(-DCMAKE_CXX_COMPILER=g++-12 -DCMAKE_C_COMPILER=gcc-12 "-DCMAKE_CXX_FLAGS=$sanitize" "-DCMAKE_C_FLAGS=$sanitize")
  debug=-g1
  compiler="g++-12"
fi
require_packages "${CONSTFORMER_BASE_PACKAGES[@]}"

build=build/sanitizers
jobs=${CONSTFORMER_JOBS:-$(nproc)}
echo "sanitizers: $compiler, -fsanitize=address,undefined (but object-size, pointer-overflow, vptr, function) -fno-sanitize-recover=all -O1, in $build"
cmake --preset sanitizers -DCMAKE_CXX_FLAGS_DEBUG="$debug -O1" -DCMAKE_C_FLAGS_DEBUG="$debug -O1" -DPython3_EXECUTABLE="$CONSTFORMER_PYTHON" \
  "${extra[@]}" >/dev/null
# The run-time tests, the -O2 bit-exactness tests, every example (an
# executable named example_* that CTest runs, wherever it lives) and the plain C baseline's
# check. Taken from the build graph, so an example added in a new directory is sanitized
# without editing this list.
targets=(constformer_runtime_tests constformer_bitexact_O2)
mapfile -t -O ${#targets[@]} targets < <(ninja -C "$build" -t targets all |
  sed -n 's/^\(example_[A-Za-z0-9_]*\|gpl3_char_speed\): phony$/\1/p')
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Only the tests of the executables built above (not the static, compile_fail, header or
# other bitexact entries, whose targets this step does not build, nor the Python tools tests,
# nor the bench.* checks of the constant-evaluation costs, which compile their own programs).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ctest --test-dir "$build" -j "$jobs" --output-on-failure --no-tests=error \
  -E '^(static_tests_build|compile_fail\..*|header.*|O0\..*|O3_native\..*|.*_NOT_BUILT.*|tools\..*|bench\..*)$' | tee "$log"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then
  echo "sanitizers: reports found" >&2
  exit 1
fi
echo "sanitizers: $(grep -Eo '[0-9]+ tests passed|100% tests passed, 0 tests failed out of [0-9]+' "$log" | tail -1), no sanitizer reports"
