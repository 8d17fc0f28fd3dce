#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test with each supported compiler.
# CONSTFORMER_COMPILERS overrides the list (default: "gcc clang-19:sanitized clang-14:frontend").
# A compiler named with ":frontend" gets the front-end pass: every translation unit with
# -fsyntax-only (warnings as errors, every static_assert and its constant evaluation; not the
# double twins of the generated GPT-model checks), then only the bit-identity tests
# (tests/bitexact at -O2, the chapter-4 GptBits) are built and run, and the compile_fail cases.
# One named with ":sanitized" builds and runs everything but the run-time GoogleTest
# executable, which scripts/test.d/sanitizers.sh builds with the same compiler (Clang 19) at
# -O0 under AddressSanitizer and UndefinedBehaviorSanitizer and runs: building it twice took
# about 90 s. The others build and run everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

compilers=(${CONSTFORMER_COMPILERS:-gcc clang-19:sanitized clang-14:frontend})
packages=("${CONSTFORMER_BASE_PACKAGES[@]}" "${CONSTFORMER_TEST_PACKAGES[@]}")
for spec in "${compilers[@]}"; do
  c=${spec%:*}
  case "$c" in
    gcc) packages+=(g++-12) ;;
    clang-*) packages+=("$c") ;;
  esac
  # sanitizers.sh falls back to GCC without Clang's sanitizer runtime: not for the run-time tests.
  [ "$spec" = clang-19:sanitized ] && packages+=(libclang-rt-19-dev)
done
require_packages "${packages[@]}"

# The targets a phony "all" of the build stands for, each directory's "all" expanded.
all_targets() {
  local t
  for t in $(ninja -C "$1" -t query "$2" | awk '/^  input:/ { f = 1; next } /^  outputs:/ { f = 0 } f { print $1 }'); do
    case "$t" in
      all | */all) all_targets "$1" "$t" ;;
      *) echo "$t" ;;
    esac
  done
}

jobs=$(nproc)
start=$(date +%s)
# The Python tests (tools.*: the exporter, the character model; fixtures.*: the fixtures are
# what their generators write) do not depend on the C++ compiler: the first pass that builds
# everything runs them, the others leave them out.
python_tests='^(tools|fixtures)\.'
once=
for spec in "${compilers[@]}"; do
  c=${spec%:*}
  case "$c" in
    gcc) cxx=g++-12 ;;
    clang-*) cxx="clang++-${c#clang-}" ;;
    *) echo "unknown compiler $c" >&2; exit 2 ;;
  esac
  build="build/test-$c"
  # tests/bitexact's freestanding-defaults build is GCC's (the firmware's compiler), the
  # portable-vector build Clang 19's: each is built by one compiler, not both. The default
  # kernels at -O2: Clang 19's in sanitizers.sh (with the sanitizers), Clang 14's in the
  # front-end pass; GCC's at -O3 -march=native in header_only_bitexact.sh, as are the others'.
  case "$spec" in
    gcc) levels="O0;O2_nopanel" ;;
    clang-19:sanitized) levels="O0;O2_portable" ;;
    clang-19) levels="O0;O2;O2_portable" ;;
    *:frontend) levels="O2" ;;
    *) levels="O0;O2;O2_nopanel;O2_portable" ;;
  esac
  echo "=== $spec ($cxx) ==="
  t0=$(date +%s)
  # Tests ON explicitly: a missing GoogleTest or Python is then an error, not a quiet skip.
  # The GoogleTest executables in unity batches: 2.5 times less CPU for the run-time tests on
  # GCC, and 40 % less time for the front-end pass.
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
    -DCONSTFORMER_BUILD_TESTS=ON -DCONSTFORMER_BITEXACT_LEVELS="$levels" -DCONSTFORMER_UNITY_TESTS=ON -DPython3_EXECUTABLE="$CONSTFORMER_PYTHON" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  if [ "$spec" = "$c:frontend" ]; then
    # The generated headers (fixtures, embedded weights) first: the translation units include them.
    mapfile -t generated < <(ninja -C "$build" -t targets rule CUSTOM_COMMAND | grep -E '\.(h|hpp)$')
    ninja -C "$build" -j "$jobs" "${generated[@]}" >/dev/null
    # The chapter-4 GPT-model checks in double (generated static_gpt/*_f64_*.cpp) are left to
    # the other compilers: their float twins check the same cases on this constant evaluator.
    "$CONSTFORMER_PYTHON" scripts/lib/frontend_check.py "$build" -j "$jobs" --skip '/static_gpt/.*_f64_'
    # Clang's generated code against its constant evaluation: the bit-identity tests.
    cmake --build "$build" -j "$jobs" --target constformer_bitexact_O2 constformer_gpt_bits_tests
    ctest --test-dir "$build" -j "$jobs" --output-on-failure --no-tests=error -R '^(compile_fail\.|O2\.|GptBits\.)'
  elif [ "$spec" = clang-19:sanitized ]; then
    # What "all" builds, less the run-time tests (their placeholder test is then left out too),
    # and no run-time tests left from an earlier build in this directory.
    rm -f "$build/tests/constformer_runtime_tests" "$build/tests/constformer_runtime_tests["*"]_tests.cmake"
    mapfile -t targets < <(all_targets "$build" all | grep -vx 'tests/constformer_runtime_tests')
    ninja -C "$build" -j "$jobs" "${targets[@]}"
    ctest --test-dir "$build" -j "$jobs" --output-on-failure -E "^constformer_runtime_tests_NOT_BUILT\$${once:+|$once}"
    once=$python_tests
  elif [ "$spec" = "$c" ]; then
    cmake --build "$build" -j "$jobs"
    ctest --test-dir "$build" -j "$jobs" --output-on-failure ${once:+-E "$once"}
    once=$python_tests
  else
    echo "unknown compiler pass $spec" >&2; exit 2
  fi
  echo "=== $spec: passed in $(( $(date +%s) - t0 )) s ==="
done

for extra in scripts/test.d/*.sh; do
  [ -e "$extra" ] || continue
  echo "=== $(basename "$extra") ==="
  t0=$(date +%s)
  bash "$extra"
  echo "=== $(basename "$extra"): passed in $(( $(date +%s) - t0 )) s ==="
done
echo "All tests passed in $(( $(date +%s) - start )) s."
