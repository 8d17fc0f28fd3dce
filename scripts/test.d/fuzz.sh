# Fuzz smoke run: builds the libFuzzer targets of tests/fuzz/ (the safetensors reader and the
# JSON tensor reader, each also loading what it accepts into small modules) with Clang 19 and
# -fsanitize=fuzzer,address,undefined, then runs each for CONSTFORMER_FUZZ_SECONDS (default
# 10) from the committed seed corpus. Any crash, sanitizer report or broken invariant fails the
# step and leaves the input in build/fuzz/. Long runs: see docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/deps.sh
require_packages clang-19 libclang-rt-19-dev "${CONSTFORMER_BASE_PACKAGES[@]}"

seconds=${CONSTFORMER_FUZZ_SECONDS:-10}
out=build/fuzz
mkdir -p "$out"
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -ffp-contract=off
       -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror -Iinclude -Itests/fuzz)
# One target per core, each built then run (building and fuzzing them one after the other took
# twice as long).
fuzz_one() {
  local target=$1
  clang++-19 "${flags[@]}" "tests/fuzz/fuzz_$target.cpp" -o "$out/fuzz_$target"
  # New inputs go to build/fuzz/corpus_<target>; the committed seeds are only read.
  mkdir -p "$out/corpus_$target"
  (cd "$out" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "./fuzz_$target" -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="../../tests/fuzz/$target.dict" "corpus_$target" "../../tests/fuzz/corpus/$target") >"$out/fuzz_$target.log" 2>&1
}
targets=(safetensors json_tensors)
pids=()
for target in "${targets[@]}"; do
  fuzz_one "$target" &
  pids+=($!)
done
fail=0
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  log="$out/fuzz_$target.log"
  if ! wait "${pids[$i]}"; then
    tail -n 60 "$log" >&2 2>/dev/null || true
    echo "fuzz: $target failed; the crashing input (if any) is in $out/ (crash-*)" >&2
    fail=1
    continue
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
  echo "fuzz: $target: $runs runs in ${seconds} s, no crash"
done
exit "$fail"
