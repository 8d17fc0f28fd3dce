# Bit identity for users who include the headers without the CMake target or the pkg-config
# flags: tests/bitexact (every compile-time vs run-time comparison, and
# cf::reproduces_compile_time()) built with a plain compiler command at -O3 -march=native and
# no -ffp-contract flag, with GCC 12, Clang 19 and Clang 14. config.hpp's pragmas must make
# every comparison hold. Control: the self-check (cf::reproduces_compile_time(), every kernel)
# built the same way with the pragmas disabled (-DCONSTFORMER_FP_CONTRACT_PRAGMA=0) must fail
# on a processor with FMA, or the first build proved nothing. Then the guards: -ffast-math
# and its relatives, and x87 excess precision, must stop the compilation with constformer's
# #error, unless the opt-out macro is defined.
# CONSTFORMER_HEADER_ONLY_COMPILERS overrides the compiler list.
set -euo pipefail
. scripts/lib/deps.sh
require_packages g++-12 clang-19 clang-14 libboost-dev libgtest-dev
compilers=(${CONSTFORMER_HEADER_ONLY_COMPILERS:-g++-12 clang++-19 clang++-14})
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$CONSTFORMER_PYTHON" tools/gen_fixture_header.py "$work/generated/fixtures" tests/fixtures/book/*.json >/dev/null
fma=0
grep -qw fma /proc/cpuinfo && fma=1

# What a user would type, plus our warnings; no -ffp-contract.
flags=(-std=c++20 -O3 -march=native -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror
       -I include -I tests -I "$work/generated")
jobs=${CONSTFORMER_JOBS:-$(nproc)}
# Checks of the headers alone (no test program): they run in the background from the start, on
# the core the bit-exactness builds leave idle while they precompile, link and run.
header_checks() {
  local status=0
  # Every public header with the pragmas active (GCC applies its optimize pragma only on a
  # target with FMA, hence -march=native): no warning with ours as errors.
  (cd include && find constformer -name '*.hpp' -not -path '*/detail/*' | sort | sed 's/.*/#include <&>/') >"$work/all.cpp"
  echo '#include <constformer.hpp>' >>"$work/all.cpp"
  for cxx in "${compilers[@]}"; do
    if ! "$cxx" "${flags[@]}" -fsyntax-only "$work/all.cpp" 2>"$work/all.err"; then
      head -n 20 "$work/all.err" >&2
      echo "FAIL $cxx: the headers, with their pragmas, do not compile cleanly" >&2
      status=1
    fi
  done
  echo "  every public header compiles without warnings with the pragmas active (${compilers[*]})"

  # The guards. Each flag must stop the build with constformer's message; the opt-out macro
  # must let it through (the control that the test program itself compiles).
  printf '#include <constformer.hpp>\nint main() { return 0; }\n' >"$work/guard.cpp"
  for cxx in "${compilers[@]}"; do
    # Excess precision: GCC computes in the x87 unit with -mfpmath=387; Clang (x86-64) refuses
    # that without -m32, whose headers this machine may lack, but from version 15 has
    # -ffp-eval-method=extended.
    case "$cxx" in
      g++*) excess=-mfpmath=387 ;;
      *) excess=-ffp-eval-method=extended ;;
    esac
    for flag in -ffast-math -Ofast -ffinite-math-only "-fassociative-math -fno-signed-zeros -fno-trapping-math" \
                -freciprocal-math -fno-signed-zeros "$excess"; do
      # shellcheck disable=SC2086  # flag may be several flags
      if ! echo | "$cxx" -x c++ -std=c++20 $flag -fsyntax-only - 2>/dev/null; then
        echo "  $cxx $flag: not supported by this compiler; skipped"
        continue
      fi
      # Clang defines no macro for some of these: they are checked only where one exists.
      # shellcheck disable=SC2086
      probe=$(echo | "$cxx" -x c++ -std=c++20 $flag -dM -E - 2>/dev/null \
        | grep -cE '__FAST_MATH__|__FINITE_MATH_ONLY__ 1|__ASSOCIATIVE_MATH__|__RECIPROCAL_MATH__|__NO_SIGNED_ZEROS__|__FLT_EVAL_METHOD__ [12]' || true)
      if [ "$probe" -eq 0 ] && [ "$flag" != "$excess" ]; then
        echo "  $cxx $flag: defines no macro; not detectable by the headers (reproduces_compile_time() is the check)"
        continue
      fi
      case "$flag" in
        "$excess") allow=-DCONSTFORMER_ALLOW_EXCESS_PRECISION; expect='excess precision' ;;
        *) allow=-DCONSTFORMER_ALLOW_FAST_MATH; expect='fast-math' ;;
      esac
      # shellcheck disable=SC2086  # flag may be several flags
      if out=$("$cxx" -std=c++20 $flag -I include -fsyntax-only "$work/guard.cpp" 2>&1); then
        echo "FAIL $cxx $flag: compiled, but the headers must refuse it" >&2
        status=1
      elif ! grep -q "constformer: .*$expect" <<<"$out"; then
        echo "FAIL $cxx $flag: failed without constformer's message:" >&2
        head -n 5 <<<"$out" >&2
        status=1
      # shellcheck disable=SC2086
      elif ! "$cxx" -std=c++20 $flag $allow -I include -fsyntax-only "$work/guard.cpp" 2>"$work/allow.err"; then
        echo "FAIL $cxx $flag $allow: does not compile:" >&2
        head -n 5 "$work/allow.err" >&2
        status=1
      else
        echo "  $cxx $flag: refused with constformer's #error; $allow lets it through"
      fi
    done
  done
  return "$status"
}
header_checks >"$work/header_checks.log" 2>&1 &
header_checks=$!

fail=0
for cxx in "${compilers[@]}"; do
  for variant in pragmas control; do
    extra=()
    [ "$variant" = control ] && extra=(-DCONSTFORMER_FP_CONTRACT_PRAGMA=0)
    exe="$work/bitexact-$cxx-$variant"
    objdir="$work/obj-$cxx-$variant"
    mkdir -p "$objdir"
    # The control needs one failure: cf::reproduces_compile_time() (self_check_bitexact.cpp)
    # runs every kernel.
    sources=(tests/bitexact/*.cpp)
    [ "$variant" = control ] && sources=(tests/bitexact/self_check_bitexact.cpp)
    # GoogleTest, which every file includes first, precompiled with the same flags: parsing it
    # is about a second per file. The library's headers are not in it.
    pch=()
    if [ "${#sources[@]}" -gt 1 ]; then
      printf '#include <gtest/gtest.h>\n' >"$objdir/gtest.hpp"
      case "$cxx" in
        clang*)
          "$cxx" "${flags[@]}" "${extra[@]}" -x c++-header "$objdir/gtest.hpp" -o "$objdir/gtest.hpp.pch"
          pch=(-include-pch "$objdir/gtest.hpp.pch") ;;
        *)
          "$cxx" "${flags[@]}" "${extra[@]}" -x c++-header "$objdir/gtest.hpp" -o "$objdir/gtest.hpp.gch"
          pch=(-include "$objdir/gtest.hpp" -Winvalid-pch) ;;
      esac
    fi
    # The files in up to four batches (a unity build: GoogleTest and the kernels they share are
    # then compiled a quarter as often), one compiler per core (xargs fails if any compilation
    # does).
    nb=$((${#sources[@]} < 4 ? ${#sources[@]} : 4))
    units=()
    for ((k = 0; k < nb; k++)); do
      : >"$objdir/batch$k.cpp"
      units+=("$objdir/batch$k.cpp")
    done
    for ((k = 0; k < ${#sources[@]}; k++)); do
      printf '#include "%s"\n' "$PWD/${sources[$k]}" >>"$objdir/batch$((k % nb)).cpp"
    done
    printf '%s\n' "${units[@]}" | xargs -P "$jobs" -I{} "$cxx" "${flags[@]}" "${extra[@]}" "${pch[@]}" -c {} -o {}.o
    objs=("${units[@]/%/.o}")
    "$cxx" "${objs[@]}" -lgtest_main -lgtest -pthread -o "$exe"
    status=0
    "$exe" --gtest_brief=1 >"$exe.log" 2>&1 || status=$?
    failed=$(grep -c '^\[  FAILED  \]' "$exe.log" || true)
    if [ "$variant" = pragmas ]; then
      if [ "$status" -ne 0 ]; then
        echo "FAIL $cxx -O3 -march=native without -ffp-contract=off: run-time bits differ" >&2
        grep -E '^\[  FAILED  \]|first_mismatch|differs' "$exe.log" | head -n 20 >&2
        fail=1
      else
        echo "  $cxx -O3 -march=native, no -ffp-contract flag: every bit-exactness test passes"
      fi
    else
      summary=$(grep -Eo 'reproduces_compile_time|[a-z]+ [a-z_:]+ differs from its compile-time result' "$exe.log" | grep differs | head -n 1 || true)
      if [ "$status" -ne 0 ]; then
        echo "  control ($cxx, pragmas disabled): $failed test(s) fail, as they must${summary:+ (self-check: $summary)}"
      elif [ "$fma" = 1 ]; then
        echo "FAIL control ($cxx, pragmas disabled): every test passed, so the build above did not show that the pragmas matter" >&2
        fail=1
      else
        echo "  control ($cxx): no FMA on this processor, nothing to contract; control not informative"
      fi
    fi
  done
done

# The header and guard checks (above, in the background since the start) finish.
if ! wait "$header_checks"; then fail=1; fi
cat "$work/header_checks.log"
if [ "$fail" -ne 0 ]; then
  echo "header_only_bitexact: FAILED" >&2
  exit 1
fi
echo "header_only_bitexact: bit-identical without -ffp-contract=off on ${compilers[*]}; fast-math and x87 guards fire"
