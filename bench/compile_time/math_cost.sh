#!/usr/bin/env bash
# Constant-evaluation cost of one call of math::exp, tanh, erf and sqrt, per argument
# range (the paths differ) and per compiler: Clang steps (-fconstexpr-steps) and GCC
# operations (-fconstexpr-ops-limit), exact, from constexpr_cost.py (100 calls, minus the
# same loop without the call). Prints a Markdown table (docs/math.md).
#   bench/compile_time/math_cost.sh [compilers = "clang++-19 clang++-14 g++-12"]
set -euo pipefail
cd "$(dirname "$0")/../.."
compilers=(${1:-clang++-19 clang++-14 g++-12})
python=${CONSTFORMER_PYTHON:-/usr/bin/python3}

# function | dtype | LO,HI | what the range exercises
cases=(
  "exp float -10,10 normal results"
  "exp double -10,10 normal results"
  "exp float -103.9,-87.4 subnormal results"
  "exp double -745,-709 subnormal results"
  "exp float -1e30,-1e29 0 (as for -inf)"
  "tanh float -0.6,0.6 \\|x\\| < 0.625"
  "tanh double -0.6,0.6 \\|x\\| < 0.625"
  "tanh float 0.7,9 0.625 <= x < 9.5"
  "tanh double 0.7,19 0.625 <= x < 19.5"
  "tanh float -9,-0.7 -9.5 < x <= -0.625"
  "tanh double -19,-0.7 -19.5 < x <= -0.625"
  "erf float -0.85,0.85 \\|x\\| < 0.875"
  "erf double -0.85,0.85 \\|x\\| < 0.875"
  "erf float 0.9,3.9 0.875 <= x < 4"
  "erf double 0.9,5.9 0.875 <= x < 6"
  "erf float -3.9,-0.9 -4 < x <= -0.875"
  "erf double -5.9,-0.9 -6 < x <= -0.875"
  "sqrt float 0.5,100 x > 0"
  "sqrt double 0.5,100 x > 0"
)

header="| function | type | arguments | path |"
rule="|---|---|---|---|"
for c in "${compilers[@]}"; do
  unit=ops; [[ $c == clang* ]] && unit=steps
  header+=" $c ($unit) |"
  rule+="---:|"
done
echo "$header"
echo "$rule"
for case in "${cases[@]}"; do
  read -r fn dtype range what <<<"$case"
  row="| \`$fn\` | $dtype | [${range/,/, }] | $what |"
  for c in "${compilers[@]}"; do
    out=$("$python" bench/compile_time/constexpr_cost.py --compiler "$c" --kernel "$fn" --size 100 \
           --range="$range" --dtype "$dtype")
    row+=" $(sed -E 's/.*: ([0-9.]+) (steps|ops) per call.*/\1/' <<<"$out") |"
  done
  echo "$row"
done
