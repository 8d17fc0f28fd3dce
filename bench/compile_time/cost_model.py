#!/usr/bin/env python3
"""Calibrate and check the constant-evaluation cost model (include/constformer/model/constexpr_cost.hpp).

The model counts what the evaluators are charged for (multiply-adds, dot products, attention
pairs, ...: detail::constexpr_work, computed by the header itself) and weighs each count with a
per-compiler coefficient. This script:

  --measure CSV   runs constexpr_cost.py on the calibration grid below (GCC 12, Clang 19)
                  and appends to CSV;
  --fit CSV...    fits the coefficients to the measurements (least squares on the relative
                  error) and writes them into the header;
  --check CSV...  compares the header's estimates (through the public constexpr_cost /
                  constexpr_cost_intermediates) with every measured row of the CSVs and prints
                  the worst relative error; fails above --max-error.

  /usr/bin/python3 bench/compile_time/cost_model.py --check bench/compile_time/cost_grid.csv
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEADER = os.path.join(ROOT, "include", "constformer", "model", "constexpr_cost.hpp")
sys.path.insert(0, HERE)
import constexpr_cost as driver  # noqa: E402

# (S, D, H): small and fast to compile, chosen so that every field of the work varies
# independently (head widths 1 to 64, rows of 16 to 128 for the 64-term blocks).
CALIBRATION = [(8, 16, 1), (8, 16, 2), (8, 16, 4), (8, 16, 16), (16, 16, 2), (16, 32, 4), (16, 32, 8),
               (32, 32, 4), (32, 16, 1), (8, 64, 4), (16, 64, 16), (24, 48, 3), (16, 96, 2), (8, 128, 2),
               (32, 128, 2), (32, 128, 8), (24, 96, 4)]
# (context S, D, H, new tokens N): GPTs of 2 layers, vocabulary 64, a 4-token prompt.
CALIBRATION_GPT = [(16, 32, 4, 8), (16, 16, 2, 8), (32, 32, 4, 20), (16, 64, 4, 4), (16, 32, 8, 12),
                   (16, 64, 8, 12), (16, 16, 4, 8), (32, 16, 2, 16), (16, 48, 4, 4), (24, 32, 4, 12), (16, 64, 2, 12)]
KERNELS = ["mha", "mha_intermediates", "gpt_generate"]
COMPILERS = ["g++-12", "clang++-19", "clang++-14"]
FIELDS = ["constant", "proj_macs", "proj_dots", "proj_blocks", "proj_chunks", "proj_prefix", "proj_rows",
          "proj_lane_blocks", "proj_lane_rest", "proj_transposes", "pairs", "pair_macs", "pair_lane_rest", "head_rows", "slice_rows",
          "kept_weights", "kept_context", "vector_elems", "tanh_calls", "tokens", "vocab_elems"]
# What each evaluator is not charged for. Clang 14 does a whole dot-product block in one statement
# whatever its length; GCC charges a 64-term block by its power-of-two vector pieces; Clang 19
# computes whole rows of outputs on vectors (detail/value_rows.hpp), so it is charged per row and
# per block of rows, not per output element.
LANES = {"proj_rows", "proj_lane_blocks", "proj_lane_rest", "proj_transposes", "pair_lane_rest"}
UNCHARGED = {"gcc": {"proj_blocks"} | LANES, "clang14": {"proj_chunks"} | LANES,
             "clang": {"proj_macs", "proj_dots", "proj_blocks", "proj_chunks", "proj_prefix"}}
# The header's coefficient sets: (family, marker tag).
SETS = (("gcc", "GCC"), ("clang", "CLANG"), ("clang14", "CLANG14"))


def family(compiler):
    """gcc, clang (19 and later: the vector kernels) or clang14 (an older Clang)."""
    if driver.family(compiler) == "gcc":
        return "gcc"
    m = re.search(r"(\d+)$", compiler)
    return "clang14" if m and int(m.group(1)) < 19 else "clang"


def run_program(body, compiler="g++-12"):
    """Compiles and runs a program that prints one line per row."""
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "m.cpp"), os.path.join(tmp, "m")
        with open(src, "w") as f:
            f.write('#include <cstdio>\n#include "constformer/model/constexpr_cost.hpp"\n'
                    "namespace cf = constformer;\nint main() {\n" + body + "}\n")
        subprocess.run([compiler, "-std=c++20", "-O0", "-I", os.path.join(ROOT, "include"), src, "-o", exe],
                       check=True)
        return subprocess.run([exe], check=True, capture_output=True, text=True).stdout.splitlines()


def rows_of(paths):
    rows = []
    for p in paths:
        with open(p) as f:
            for r in csv.DictReader(f):
                if r["kernel"] in KERNELS and r["dtype"] in ("float", "double"):
                    rows.append(r)
    return rows


def gpt_type(r):
    return (f"cf::gpt_model<{r['dtype']}, cf::gpt_config{{.vocab_size = 64, .context_length = {r['S']}, "
            f".emb_dim = {r['D']}, .n_heads = {r['H']}, .n_layers = 2}}>")


def work(rows):
    """The header's detail::constexpr_work of each row, as lists in FIELDS order."""
    body = ""
    for r in rows:
        inter = "true" if r["kernel"] == "mha_intermediates" else "false"
        s, d, h = r["S"], r["D"], r["H"]
        if r["kernel"] == "gpt_generate":
            expr = f"cf::detail::constexpr_cost_of<{gpt_type(r)}>::generate(4, {r['N']})"
        else:
            expr = f"cf::detail::attention_work({d}, {d}, {h}, true, {s}, 0, {s}, {inter})"
        body += (f"{{ const auto w = {expr};\n"
                 '  std::printf("1' + " %.17g" * (len(FIELDS) - 1) + '\\n", ' +
                 ", ".join(f"w.{f}" for f in FIELDS[1:]) + "); }\n")
    return [[float(v) for v in line.split()] for line in run_program(body)]


def estimates(rows, compiler="g++-12"):
    """(gcc_ops, clang_steps) of each row, from the public functions compiled by `compiler`."""
    body = ""
    for r in rows:
        fn = "constexpr_cost_intermediates" if r["kernel"] == "mha_intermediates" else "constexpr_cost"
        s, d, h = r["S"], r["D"], r["H"]
        call = f"cf::{fn}<cf::multi_head_attention<{r['dtype']}, {d}, {d}, {s}, {h}>>({s})"
        if r["kernel"] == "gpt_generate":
            call = f"cf::generation_cost<{gpt_type(r)}>(4, {r['N']})"
        body += (f"{{ constexpr auto e = {call};\n"
                 '  std::printf("%.17g %.17g\\n", e.gcc_ops, e.clang_steps); }\n')
    return [tuple(float(v) for v in line.split()) for line in run_program(body, compiler)]


def measure(path, kernels, compilers):
    for compiler in compilers:
        for kernel in kernels:
            for cfg in (CALIBRATION_GPT if kernel == "gpt_generate" else CALIBRATION):
                s, d, h = cfg[:3]
                n = cfg[3] if len(cfg) > 3 else 64
                r = driver.measure_one(compiler, kernel, "float", n=n, s=s, d=d, h=h, rel=1e-3, quick=True)
                # The count is the most expensive constant expression's: building the weights can
                # cost more than a small forward pass (hidden() leaves such rows out of the fit).
                r["inputs_limit"] = driver.inputs_cost(compiler, kernel, "float", n=n, s=s, d=d, h=h, rel=1e-3)
                print(driver.describe(r), flush=True)
                new = not os.path.exists(path)
                with open(path, "a", newline="") as f:
                    w = csv.DictWriter(f, fieldnames=driver.COLUMNS, extrasaction="ignore")
                    if new:
                        w.writeheader()
                    w.writerow({k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in r.items()})


def solve(a, b):
    """Least squares by the normal equations (Gaussian elimination, no numpy needed)."""
    n = len(a[0])
    m = [[sum(a[k][i] * a[k][j] for k in range(len(a))) for j in range(n)] +
         [sum(a[k][i] * b[k] for k in range(len(a)))] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-300:
            continue
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-300 else 0.0 for i in range(n)]


def hidden(r):
    """Rows whose count is that of building the inputs (the weights of a short sequence can cost
    more than its forward pass): their limit is within 1 % of the inputs' own."""
    return float(r["inputs_limit"] or 0) >= 0.99 * float(r["limit"])


def fit(paths):
    rows = rows_of(paths)
    feats = work(rows)
    text = open(HEADER).read()
    for fam, tag in SETS:
        sel = [(f, float(r["limit"])) for f, r in zip(feats, rows) if family(r["compiler"]) == fam and not hidden(r)]
        if not sel:
            continue
        # tanh_calls is proportional to vector_elems in every GPT (both grow as rows x width x
        # layers): fitted together, through vector_elems.
        used = [i for i, name in enumerate(FIELDS)
                if any(f[i] != 0 for f, _ in sel) and name != "tanh_calls" and name not in UNCHARGED[fam]]
        # Relative least squares: each row divided by its measurement.
        a = [[f[i] / y for i in used] for f, y in sel]
        coef = solve(a, [1.0] * len(sel))
        full = [0.0] * len(FIELDS)
        for i, c in zip(used, coef):
            full[i] = c
        print(fam, {FIELDS[i]: round(full[i], 4) for i in used})
        values = ", ".join(f"{c:.6g}" for c in full)
        text = re.sub(rf"(// CONSTFORMER-COST-{tag}-BEGIN\n).*?(\n\s*// CONSTFORMER-COST-{tag}-END)",
                      lambda m: m.group(1) + "    " + values + m.group(2), text, flags=re.S)
    with open(HEADER, "w") as f:
        f.write(text)


def check(paths, max_error):
    rows = rows_of(paths)
    # Clang 14's coefficients apply where Clang 14 compiles the estimate.
    est = estimates(rows)
    older = [r for r in rows if family(r["compiler"]) == "clang14"]
    if older:
        old_est = iter(estimates(older, "clang++-14"))
        est = [next(old_est) if family(r["compiler"]) == "clang14" else e for r, e in zip(rows, est)]
    worst = 0.0
    print("| kernel | compiler | S | D | H | measured | estimated | error |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r, (g, c) in zip(rows, est):
        if hidden(r):
            continue
        e = g if family(r["compiler"]) == "gcc" else c
        y = float(r["limit"])
        err = (e - y) / y
        worst = max(worst, abs(err))
        size = f"{r['S']} | {r['D']} | {r['H']}" + (f" (N={r['N']})" if r["kernel"] == "gpt_generate" else "")
        print(f"| {r['kernel']} | {r['compiler']} | {size} | {y:,.0f} | {e:,.0f} | "
              f"{100 * err:+.1f}% |")
    print(f"\nworst relative error: {100 * worst:.1f}% over {len(rows)} rows")
    return worst <= max_error


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measure", metavar="CSV")
    ap.add_argument("--kernels", default=",".join(KERNELS), help="measure: the kernels to measure")
    ap.add_argument("--compilers", default=",".join(COMPILERS), help="measure: the compilers to measure")
    ap.add_argument("--fit", nargs="+", metavar="CSV")
    ap.add_argument("--check", nargs="+", metavar="CSV")
    ap.add_argument("--max-error", type=float, default=0.15, help="check: largest relative error allowed")
    args = ap.parse_args()
    if args.measure:
        measure(args.measure, args.kernels.split(","), args.compilers.split(","))
    if args.fit:
        fit(args.fit)
    if args.check and not check(args.check, args.max_error):
        sys.exit(1)


if __name__ == "__main__":
    main()
