#!/usr/bin/env python3
"""Measure the constant-evaluation cost of a constformer kernel, exactly.

Clang counts evaluation steps (-fconstexpr-steps, default 1048576), GCC counts operations
(-fconstexpr-ops-limit, default 2**25). Both counts are deterministic and both budgets apply
to each constant expression separately (each constexpr variable's initialiser starts from
zero), so the smallest limit that compiles a file is the cost of its most expensive
constant expression. The kernels below build their inputs in separate constexpr variables;
the driver bisects the smallest passing limit of the whole file (the kernel's cost) and of
the file without the kernel (the inputs' cost), and warns when the second hides the first.

One measurement:
  constexpr_cost.py --compiler clang++-19 --kernel matmul --size 64 --dtype float
  constexpr_cost.py --compiler g++-12 --kernel mha --seq 64 --dim 64 --heads 4
The cost of one call of a math function (exp, tanh, erf, sqrt): N calls on arguments spread
evenly over --range, minus the same loop without the call, divided by N:
  constexpr_cost.py --compiler g++-12 --kernel tanh --size 200 --range=0.7,9 --dtype float
A grid (every combination), written as a Markdown table and a CSV:
  constexpr_cost.py --grid --kernel mha --seq 16,32,64 --dim 64 --heads 4 \
      --dtype float,double --compiler g++-12,clang++-14,clang++-19 --csv results.csv

A headroom check (one compile, exit status 1 if it does not compile under 60 % of the default):
  constexpr_cost.py --fits --under 60 --kernel mha_intermediates --heads 16 --compiler g++-12

Also records wall time and peak memory (/usr/bin/time -v) of one compile: at the default
limit when the kernel fits, else at the smallest passing limit.
"""
import argparse
import csv
import itertools
import os
import re
import subprocess
import time
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_LIMIT = {"clang": 1048576, "gcc": 33554432}
MAX_LIMIT = 2**31 - 1

KERNELS = {
    # One constant expression each; the result is used so nothing is skipped.
    "matmul": """
#include "constformer/core/ops.hpp"
namespace cf = constformer;
constexpr cf::matrix<T, N, N> make(unsigned seed) {{
  cf::matrix<T, N, N> m{{}};
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < N; ++j) {{
      seed = seed * 1664525u + 1013904223u;
      m.elems[i][j] = static_cast<T>(seed >> 8) / static_cast<T>(1 << 24);
    }}
  return m;
}}
constexpr auto a = make(1);
constexpr auto b = make(2);
//MEASURED
constexpr auto c = cf::matmul(a, b);
static_assert(c(N - 1, N - 1) == c(N - 1, N - 1));
//END
static_assert(a(0, 0) != b(0, 0));
""",
    "mha": """
#include <utility>
#include "constformer/attention/multi_head.hpp"
namespace cf = constformer;
using mha_t = cf::multi_head_attention<T, D, D, S, H>;
// Inputs and weights from a 32-bit LCG, uniform in [-scale, scale), in row order. Up to 32
// elements per statement: building the weights must cost less than the pass measured, which
// Clang 19 evaluates in few steps (budgets are per constant expression).
template <std::size_t Off, std::size_t C, std::size_t... J>
constexpr void fill_block(T (&row)[C], unsigned& seed, T scale, std::index_sequence<J...>) {{
  ((seed = seed * 1664525u + 1013904223u,
    row[Off + J] = (static_cast<T>(seed >> 8) / static_cast<T>(1 << 24) - T(0.5)) * (2 * scale)), ...);
}}
template <std::size_t C, std::size_t... B>
constexpr void fill_row(T (&row)[C], unsigned& seed, T scale, std::index_sequence<B...>) {{
  (fill_block<B * 32>(row, seed, scale, std::make_index_sequence<32>{{}}), ...);
  fill_block<C / 32 * 32>(row, seed, scale, std::make_index_sequence<C % 32>{{}});
}}
template <std::size_t R, std::size_t C>
constexpr void fill(cf::matrix<T, R, C>& m, unsigned& seed, T scale) {{
  for (std::size_t i = 0; i < R; ++i) fill_row(m.elems[i], seed, scale, std::make_index_sequence<C / 32>{{}});
}}
constexpr mha_t make_mha() {{
  mha_t m{{}};
  unsigned seed = 7;
  const T s = T(1) / T(8);
  fill(m.W_query.weight, seed, s);
  fill(m.W_key.weight, seed, s);
  fill(m.W_value.weight, seed, s);
  fill(m.out_proj.weight, seed, s);
  fill(m.out_proj.bias, seed, s);
  return m;
}}
constexpr cf::batch<T, 1, S, D> make_x() {{
  cf::batch<T, 1, S, D> x{{}};
  unsigned seed = 11;
  fill(x.items[0], seed, T(1));
  return x;
}}
constexpr mha_t mha = make_mha();
constexpr auto x = make_x();
//MEASURED
constexpr auto y = mha.forward(x);
static_assert(y.items[0](S - 1, D - 1) == y.items[0](S - 1, D - 1));
//END
static_assert(mha.W_query.weight(0, 0) != x.items[0](0, 0));
""",
}
# The same module and input, through forward_intermediates (it also keeps the [1, H, S, S]
# weights and the context before out_proj).
KERNELS["mha_intermediates"] = KERNELS["mha"].replace(
    """constexpr auto y = mha.forward(x);
static_assert(y.items[0](S - 1, D - 1) == y.items[0](S - 1, D - 1));""",
    """constexpr auto y = mha.forward_intermediates(x);
static_assert(y.output.items[0](S - 1, D - 1) == y.output.items[0](S - 1, D - 1));""")

# Greedy generation of N tokens after a 4-token prompt by a 2-layer GPT of width D, H heads,
# context S and vocabulary 64, with LCG weights (layer norms at scale 1, shift 0).
KERNELS["gpt_generate"] = """
#include <array>
#include "constformer/model/generate.hpp"
#include "constformer/model/parameters.hpp"
namespace cf = constformer;
constexpr cf::gpt_config cfg{{.vocab_size = 64, .context_length = S, .emb_dim = D, .n_heads = H, .n_layers = 2}};
using model_t = cf::gpt_model<T, cfg>;
constexpr model_t make_model() {{
  model_t m{{}};
  unsigned seed = 7;
  cf::for_each_parameter(m, [&](auto name, auto& p) {{
    const bool norm = name.find("norm") != name.npos;
    const bool scale = norm && name.find("scale") != name.npos;
    for (std::size_t i = 0; i < p.rows; ++i)
      for (std::size_t j = 0; j < p.cols; ++j) {{
        seed = seed * 1664525u + 1013904223u;
        p.elems[i][j] = norm ? T(scale ? 1 : 0) : (static_cast<T>(seed >> 8) / static_cast<T>(1 << 24) - T(0.5)) / T(4);
      }}
  }});
  return m;
}}
constexpr model_t model = make_model();
//MEASURED
constexpr auto g = cf::generate<N>(model, std::array<cf::token_id, 4>{{1, 2, 3, 4}});
static_assert(g.ok);
//END
static_assert(model.out_head.weight(0, 0) == model.out_head.weight(0, 0));
"""

# One call per argument, N arguments evenly spaced over [LO, HI]; the inputs' cost (the
# same loop adding the arguments themselves) is subtracted to give the cost per call.
MATH_KERNEL = """
#include "constformer/math/{header}.hpp"
namespace cf = constformer;
constexpr T arg(std::size_t i) {{ return T(LO) + (T(HI) - T(LO)) * T(i) / T(N > 1 ? N - 1 : 1); }}
constexpr T sum_calls() {{
  T s = 0;
  for (std::size_t i = 0; i < N; ++i) s += cf::math::{function}(arg(i));
  return s;
}}
constexpr T sum_args() {{
  T s = 0;
  for (std::size_t i = 0; i < N; ++i) s += arg(i);
  return s;
}}
//MEASURED
constexpr T calls = sum_calls();
static_assert(calls == calls || calls != calls);
//END
constexpr T args = sum_args();
static_assert(args == args);
"""
MATH_FUNCTIONS = {"exp": "exp", "tanh": "tanh", "erf": "erf", "sqrt": "sqrt"}
MATH_DEFAULT_RANGE = {"exp": "-10,10", "tanh": "-3,3", "erf": "-3,3", "sqrt": "0.5,100"}
for _name, _header in MATH_FUNCTIONS.items():
    KERNELS[_name] = MATH_KERNEL.format(header=_header, function=_name).replace("{", "{{").replace("}", "}}")


def is_math(kernel):
    return kernel in MATH_FUNCTIONS


def is_mha(kernel):
    return kernel.startswith("mha") or kernel == "gpt_generate"


def family(compiler):
    return "clang" if "clang" in compiler else "gcc"


def base_cmd(compiler, src):
    return [compiler, "-std=c++20", "-fsyntax-only", "-I", os.path.join(ROOT, "include"), src]


def limit_flag(compiler, value):
    if family(compiler) == "clang":
        return f"-fconstexpr-steps={value}"
    return f"-fconstexpr-ops-limit={value}"


class DoesNotCompile(Exception):
    """The kernel does not compile at any limit (a shape refused, a stack budget exceeded)."""


PASS_SECONDS = {}  # (src, limit) -> wall seconds of a passing compile


def compile_once(compiler, src, limit):
    cmd = base_cmd(compiler, src)
    if limit is not None:
        cmd.append(limit_flag(compiler, limit))
    t0 = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode == 0:
        PASS_SECONDS[(src, limit)] = time.monotonic() - t0
    return r.returncode == 0, r.stderr


def smallest_limit(compiler, src, guess, rel):
    """Smallest passing limit, to within a relative `rel` (0: exact). Gallops up from `guess`."""
    hi = max(guess, 1024)
    while not compile_once(compiler, src, hi)[0]:
        if hi >= MAX_LIMIT:
            return None
        hi = min(hi * 4, MAX_LIMIT)
    lo = 0
    if hi > max(guess, 1024):
        lo = hi // 4
    elif not compile_once(compiler, src, hi // 4)[0]:
        lo = hi // 4
    else:
        hi, lo = hi // 4, 0
        while hi > 1024 and compile_once(compiler, src, hi // 4)[0]:
            hi //= 4
        lo = hi // 4
    while hi - lo > max(1, int(hi * rel)):
        mid = (lo + hi) // 2
        if compile_once(compiler, src, mid)[0]:
            hi = mid
        else:
            lo = mid
    return hi


def timed(compiler, src, limit):
    cmd = ["/usr/bin/time", "-v"] + base_cmd(compiler, src)
    if limit is not None:
        cmd.append(limit_flag(compiler, limit))
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    seconds = 0.0
    if wall:
        seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    mem = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return seconds, int(mem.group(1)) // 1024 if mem else 0


def macs(kernel, n, s, d, h):
    """Multiply-adds of one evaluation (the causal MHA counts only the unmasked keys); for a
    math function, the number of calls."""
    if is_math(kernel):
        return n
    if kernel == "matmul":
        return n ** 3
    if kernel == "gpt_generate":  # one position per step (the prompt at once), 2 layers, vocabulary 64
        rows = 4 + (n - 1)
        keys = sum(range(1, 5)) + sum(range(5, 4 + n))
        return 2 * (rows * 12 * d * d + 2 * keys * d) + n * d * 64
    pairs = s * (s + 1) // 2  # (i, j) with j <= i
    return 4 * s * d * d + 2 * pairs * d  # Q, K, V, out_proj; Q K^T and weights V over heads


def source(kernel, dtype, n, s, d, h, measured=True, arg_range="0,1"):
    lo, hi = arg_range.split(",")
    body = (f"#include <cstddef>\nusing T = {dtype};\nconstexpr std::size_t N = {n};\n"
            f"constexpr std::size_t S = {s}, D = {d}, H = {h};\n"
            f"#define LO ({lo})\n#define HI ({hi})\n" + KERNELS[kernel].format())
    if not measured:
        body = re.sub(r"//MEASURED.*?//END", "", body, flags=re.S)
    return body


def inputs_cost(compiler, kernel, dtype, n=64, s=64, d=64, h=4, rel=0.0):
    """The smallest passing limit of the file without the kernel: what building the inputs costs."""
    with tempfile.TemporaryDirectory() as tmp:
        base_src = os.path.join(tmp, "base.cpp")
        with open(base_src, "w") as f:
            f.write(source(kernel, dtype, n, s, d, h, measured=False))
        return smallest_limit(compiler, base_src, 100000, rel)


def measure_one(compiler, kernel, dtype, n=64, s=64, d=64, h=4, rel=0.0, arg_range=None, quick=False,
                guess_per_mac=None):
    """A dict of the figures of one configuration."""
    fam = family(compiler)
    default = DEFAULT_LIMIT[fam]
    arg_range = arg_range or MATH_DEFAULT_RANGE.get(kernel, "0,1")
    row = dict(kernel=kernel, compiler=compiler, dtype=dtype, N=n if not kernel.startswith("mha") else "",
               S=s if is_mha(kernel) else "", D=d if is_mha(kernel) else "",
               H=h if is_mha(kernel) else "", macs=macs(kernel, n, s, d, h),
               unit="steps" if fam == "clang" else "ops", default_limit=default)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "k.cpp")
        base_src = os.path.join(tmp, "base.cpp")
        with open(src, "w") as f:
            f.write(source(kernel, dtype, n, s, d, h, arg_range=arg_range))
        with open(base_src, "w") as f:
            f.write(source(kernel, dtype, n, s, d, h, measured=False, arg_range=arg_range))
        guess = int(row["macs"] * (guess_per_mac or (1 if fam == "clang" else 30)))
        if quick:
            # No check at the largest limit, no inputs' cost, no separate timed compile: the
            # counts are deterministic, so "fits" is cost <= default, and the wall time is that
            # of the smallest passing compile (peak memory not measured).
            cost = smallest_limit(compiler, src, guess, rel)
            if cost is None:
                raise DoesNotCompile(f"{compiler}: does not compile even with the largest limit")
            base, fits, mib = 0, cost <= default, 0
            seconds = PASS_SECONDS.get((src, cost), 0.0)
        else:
            ok, err = compile_once(compiler, src, MAX_LIMIT)
            if not ok:
                raise DoesNotCompile(f"{compiler}: does not compile even with the largest limit:\n{err}")
            cost = smallest_limit(compiler, src, guess, rel)
            base = smallest_limit(compiler, base_src, max(guess // 16, 1024), rel)
            fits = compile_once(compiler, src, None)[0]
            seconds, mib = timed(compiler, src, None if fits else cost)
    if is_math(kernel):
        row.update(range=arg_range, per_call=(cost - base) / n)
    row.update(limit=cost, inputs_limit=base, per_mac=cost / row["macs"],
               fits_default=fits, percent_of_default=100.0 * cost / default,
               seconds=seconds, peak_mib=mib, hidden=base >= cost)
    return row


def describe(r):
    if is_math(r["kernel"]):
        return (f"{r['kernel']}({r['dtype']}) on [{r['range']}], {r['N']} calls, {r['compiler']}: "
                f"{r['per_call']:.1f} {r['unit']} per call ({r['limit']} - {r['inputs_limit']} for the loop)")
    size = f"N={r['N']}" if r["kernel"] == "matmul" else f"S={r['S']} D={r['D']} H={r['H']}"
    warn = " (inputs cost as much: kernel cost hidden)" if r["hidden"] else ""
    return (f"{r['kernel']} {size} {r['dtype']} {r['compiler']}: {r['limit']} {r['unit']}{warn}, "
            f"{r['per_mac']:.3f} {r['unit']}/MAC, {r['percent_of_default']:.1f}% of default "
            f"({'fits' if r['fits_default'] else 'does not fit'}), {r['seconds']:.2f} s, {r['peak_mib']} MiB")


COLUMNS = ["kernel", "compiler", "dtype", "N", "S", "D", "H", "range", "per_call", "macs", "unit", "limit", "inputs_limit",
           "per_mac", "default_limit", "percent_of_default", "fits_default", "seconds", "peak_mib"]


def markdown(rows):
    if all(is_math(r["kernel"]) for r in rows):
        out = ["| function | compiler | dtype | arguments | calls | per call |", "|---|---|---|---|---:|---:|"]
        for r in rows:
            out.append(f"| {r['kernel']} | {r['compiler']} | {r['dtype']} | [{r['range']}] | {r['N']} | "
                       f"{r['per_call']:.1f} {r['unit']} |")
        return "\n".join(out)
    out = ["| compiler | dtype | size | MACs | smallest limit | per MAC | % of default | fits default | wall s | peak MiB |",
           "|---|---|---|---:|---:|---:|---:|---|---:|---:|"]
    for r in rows:
        size = f"N={r['N']}" if r["kernel"] == "matmul" else f"S={r['S']} D={r['D']} H={r['H']}"
        out.append(f"| {r['compiler']} | {r['dtype']} | {size} | {r['macs']:,} | {r['limit']:,} {r['unit']} | "
                   f"{r['per_mac']:.3f} | {r['percent_of_default']:.1f} | {'yes' if r['fits_default'] else 'no'} | "
                   f"{r['seconds']:.2f} | {r['peak_mib']} |")
    return "\n".join(out)


def ints(text):
    return [int(v) for v in text.split(",")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compiler", default="clang++-19", help="one, or a comma list with --grid")
    ap.add_argument("--kernel", default="matmul",
                    help="one of " + ", ".join(sorted(KERNELS)) + ", or a comma list with --grid")
    ap.add_argument("--size", default="64", help="matmul: N (N x N times N x N); exp/tanh/erf/sqrt: number of calls")
    ap.add_argument("--range", default=None,
                    help="exp/tanh/erf/sqrt: LO,HI, the arguments' range (write --range=-3,3 for a negative LO)")
    ap.add_argument("--seq", default="64", help="mha: sequence length S")
    ap.add_argument("--dim", default="64", help="mha: d_in = d_out = D")
    ap.add_argument("--heads", default="4", help="mha: number of heads H")
    ap.add_argument("--dtype", default="float", help="float, double, or a comma list with --grid")
    ap.add_argument("--rel", type=float, default=0.0,
                    help="stop bisecting at this relative precision (0: exact; 1e-3 is ~3x faster)")
    ap.add_argument("--grid", action="store_true", help="every combination of the comma lists")
    ap.add_argument("--csv", default=None,
                    help="grid: CSV output (appended if it exists); with --fits, one row per compile")
    ap.add_argument("--markdown", default=None, help="grid: Markdown table output")
    ap.add_argument("--quick", action="store_true",
                    help="bisect the kernel's cost only (no inputs' cost, no separate timed compile)")
    ap.add_argument("--guess", type=float, default=None,
                    help="expected limit per multiply-add (default 1 for Clang, 30 for GCC): a close "
                         "guess saves compiles")
    ap.add_argument("--fits", action="store_true",
                    help="only check whether each combination compiles under the default limits "
                         "(one compile each, no bisection): the quick table of what fits")
    ap.add_argument("--under", type=float, default=None, metavar="PERCENT",
                    help="with --fits: under PERCENT %% of each compiler's default limit instead, and "
                         "exit with status 1 if a combination does not compile (a headroom check)")
    args = ap.parse_args()

    kernels = args.kernel.split(",")
    for k in kernels:
        if k not in KERNELS:
            sys.exit(f"unknown kernel {k}: choose from {', '.join(sorted(KERNELS))}")
    combos = list(itertools.product(kernels, args.compiler.split(","), args.dtype.split(","), ints(args.size),
                                    ints(args.seq), ints(args.dim), ints(args.heads)))
    if not args.grid and len(combos) > 1:
        sys.exit("comma lists need --grid")
    if args.fits:
        what = "fits default limit" if args.under is None else f"fits {args.under:g} % of the default"
        print(f"| kernel | compiler | dtype | S | D | H | multiply-adds | {what} | compile s |")
        print("|---|---|---|---:|---:|---:|---:|---|---:|")
        misses = 0
        for kernel, compiler, dtype, n, s, d, h in combos:
            limit = None if args.under is None else int(DEFAULT_LIMIT[family(compiler)] * args.under / 100)
            with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as f:
                f.write(source(kernel, dtype, n, s, d, h))
            try:
                t0 = time.monotonic()
                ok, err = compile_once(compiler, f.name, limit)
                secs = time.monotonic() - t0
            finally:
                os.unlink(f.name)
            print(f"| {kernel} | {compiler} | {dtype} | {s} | {d} | {h} | "
                  f"{macs(kernel, n, s, d, h):,} | {'yes' if ok else 'no'} | {secs:.1f} |", flush=True)
            if args.csv:
                new = not os.path.exists(args.csv)
                with open(args.csv, "a", newline="") as out:
                    w = csv.writer(out)
                    if new:
                        w.writerow(["kernel", "compiler", "dtype", "S", "D", "H", "macs", "percent", "fits", "seconds"])
                    w.writerow([kernel, compiler, dtype, s, d, h, macs(kernel, n, s, d, h),
                                100 if args.under is None else args.under, ok, f"{secs:.1f}"])
            if not ok and args.under is not None:
                misses += 1
                print(err[-2000:], file=sys.stderr)
        sys.exit(1 if misses else 0)
    rows = []
    for kernel, compiler, dtype, n, s, d, h in combos:
        try:
            r = measure_one(compiler, kernel, dtype, n, s, d, h, args.rel, args.range, args.quick, args.guess)
        except DoesNotCompile as e:
            if not args.grid:
                sys.exit(str(e))
            print(f"{kernel} S={s} D={d} H={h} {dtype} {str(e).splitlines()[0]}", flush=True)
            continue
        print(describe(r), flush=True)
        rows.append(r)
        if args.grid and args.csv:  # row by row, so that an interrupted grid keeps what it measured
            new = not os.path.exists(args.csv)
            with open(args.csv, "a", newline="") as f:
                w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
                if new:
                    w.writeheader()
                w.writerow({k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in r.items()})
    if args.grid:
        table = markdown(rows)
        print()
        print(table)
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(table + "\n")


if __name__ == "__main__":
    main()
