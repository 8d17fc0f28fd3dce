#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test with each supported compiler.
# CONSTFORMER_COMPILERS overrides the list (default: "gcc clang-19 clang-14:frontend"). A
# compiler named with ":frontend" gets the front-end pass: every translation unit with
# -fsyntax-only (warnings as errors, every static_assert and its constant evaluation), then
# only the bit-identity tests (tests/bitexact at -O2, the chapter-4 GptBits) are built and
# run, and the compile_fail cases. The others build and run everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

compilers=(${CONSTFORMER_COMPILERS:-gcc clang-19 clang-14:frontend})
packages=("${CONSTFORMER_BASE_PACKAGES[@]}" "${CONSTFORMER_TEST_PACKAGES[@]}")
for spec in "${compilers[@]}"; do
  c=${spec%:frontend}
  case "$c" in
    gcc) packages+=(g++-12) ;;
    clang-*) packages+=("$c") ;;
  esac
done
require_packages "${packages[@]}"

jobs=$(nproc)
start=$(date +%s)
for spec in "${compilers[@]}"; do
  c=${spec%:frontend}
  case "$c" in
    gcc) cxx=g++-12 ;;
    clang-*) cxx="clang++-${c#clang-}" ;;
    *) echo "unknown compiler $c" >&2; exit 2 ;;
  esac
  build="build/test-$c"
  echo "=== $spec ($cxx) ==="
  t0=$(date +%s)
  # Tests ON explicitly: a missing GoogleTest or Python is then an error, not a quiet skip.
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
    -DCONSTFORMER_BUILD_TESTS=ON -DPython3_EXECUTABLE="$CONSTFORMER_PYTHON" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  if [ "$spec" != "$c" ]; then
    # The generated headers (fixtures, embedded weights) first: the translation units include them.
    mapfile -t generated < <(ninja -C "$build" -t targets rule CUSTOM_COMMAND | grep -E '\.(h|hpp)$')
    ninja -C "$build" -j "$jobs" "${generated[@]}" >/dev/null
    "$CONSTFORMER_PYTHON" scripts/lib/frontend_check.py "$build" -j "$jobs"
    # Clang's generated code against its constant evaluation: the bit-identity tests.
    cmake --build "$build" -j "$jobs" --target constformer_bitexact_O2 constformer_gpt_bits_tests
    ctest --test-dir "$build" -j "$jobs" --output-on-failure --no-tests=error -R '^(compile_fail\.|O2\.|GptBits\.)'
  else
    cmake --build "$build" -j "$jobs"
    ctest --test-dir "$build" -j "$jobs" --output-on-failure
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
