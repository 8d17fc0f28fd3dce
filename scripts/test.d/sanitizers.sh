# Builds the run-time tests (GoogleTest runtime tests, the -O2 bit-exactness tests and the
# examples) under AddressSanitizer + UndefinedBehaviorSanitizer and runs them; any report fails the step
# (-fno-sanitize-recover=all, halt_on_error). This is Clang 19's run of the GoogleTest runtime
# tests: test.sh's clang-19:sanitized pass leaves them out. The chapter-4 bit-identity executable is left out:
# its run-time code (the GPT's forward passes, cached and cropped generation) is what the
# runtime tests run. Uses the "sanitizers" preset (Clang 19, Debug, build/sanitizers): the
# GoogleTest files at -O0, the examples at -O1 (the -O2 bit-exactness tests keep their -O2),
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
echo "sanitizers: $compiler, -fsanitize=address,undefined (but object-size, pointer-overflow, vptr, function) -fno-sanitize-recover=all, tests -O0, examples -O1, in $build"
# The GoogleTest files at -O0 (CONSTFORMER_GTEST_OPTIONS: 40 % less compile time than at -O1,
# and unoptimised code for the sanitizers to check) and in unity batches
# (CONSTFORMER_UNITY_TESTS); the examples keep -O1, as their GPT-2-sized runs take four times
# as long at -O0.
cmake --preset sanitizers -DCMAKE_CXX_FLAGS_DEBUG="$debug -O1" -DCMAKE_C_FLAGS_DEBUG="$debug -O1" -DPython3_EXECUTABLE="$CONSTFORMER_PYTHON" \
  -DCONSTFORMER_GTEST_OPTIONS=-O0 -DCONSTFORMER_UNITY_TESTS=ON \
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
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
# The run-time tests in one process per core (GoogleTest's sharding), from the directory CTest
# runs them in, not one process per test as CTest runs them: a sanitized process takes 0.14 s
# to start, more than most tests take.
pids=()
for ((i = 0; i < jobs; i++)); do
  (cd "$build/tests" && GTEST_TOTAL_SHARDS=$jobs GTEST_SHARD_INDEX=$i ./constformer_runtime_tests --gtest_brief=1) \
    >"$log/shard$i" 2>&1 &
  pids+=($!)
done
failed=0
# Meanwhile, CTest runs the tests of the other executables built above (not the static,
# compile_fail, header or other bitexact entries, whose targets this step does not build, nor
# the Python tests, nor the bench.* checks of the constant-evaluation costs, which compile
# their own programs).
ctest --test-dir "$build" -j "$jobs" --output-on-failure --no-tests=error -LE '^constformer_runtime_tests$' \
  -E '^(static_tests_build|compile_fail\..*|header.*|O0\..*|O3_native\..*|.*_NOT_BUILT.*|tools\..*|fixtures\..*|bench\..*)$' | tee "$log/ctest" || failed=1
ran=0
for ((i = 0; i < jobs; i++)); do
  if ! wait "${pids[$i]}"; then
    echo "sanitizers: constformer_runtime_tests, shard $i of $jobs, failed:" >&2
    grep -E -A30 '^\[  FAILED  \]|ERROR: (Address|Leak)Sanitizer|runtime error:' "$log/shard$i" | head -n 60 >&2 || tail -n 30 "$log/shard$i" >&2
    failed=1
  fi
  n=$(sed -n 's/^\[==========\] \([0-9]*\) tests\? from .* ran\..*/\1/p' "$log/shard$i" | tail -n 1)
  ran=$((ran + ${n:-0}))
done
[ "$failed" -eq 0 ] || exit 1
[ "$ran" -gt 0 ] || { echo "sanitizers: constformer_runtime_tests ran no test" >&2; exit 1; }
echo "sanitizers: constformer_runtime_tests, $ran tests in $jobs shards, passed"
if cat "$log"/* | grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:'; then
  echo "sanitizers: reports found" >&2
  exit 1
fi
echo "sanitizers: $ran run-time tests and $(grep -Eo '[0-9]+ tests passed|100% tests passed, 0 tests failed out of [0-9]+' "$log/ctest" | tail -1), no sanitizer reports"
