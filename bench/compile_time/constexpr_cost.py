#!/usr/bin/env python3
"""Bisect the smallest constant-evaluation budget that compiles a kernel.

Clang counts evaluation steps (-fconstexpr-steps, default 1048576), GCC counts operations
(-fconstexpr-ops-limit, default 2**25). Both counts are deterministic, so the smallest
passing limit is an exact cost figure. Also records wall time and peak memory of the
compile at a generous limit (/usr/bin/time -v).

  constexpr_cost.py --compiler clang++-19 --kernel matmul --size 64 --dtype float
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

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
}


def compile_once(compiler, src, flag):
    cmd = [compiler, "-std=c++20", "-fsyntax-only", "-I", os.path.join(ROOT, "include"), src]
    if flag:
        cmd.append(flag)
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode == 0, r.stderr


def limit_flag(compiler, value):
    if "clang" in compiler:
        return f"-fconstexpr-steps={value}"
    return f"-fconstexpr-ops-limit={value}"


def smallest_limit(compiler, src):
    lo, hi = 1, 2**31 - 1  # lo fails (or untested), hi passes
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if compile_once(compiler, src, limit_flag(compiler, mid))[0]:
            hi = mid
        else:
            lo = mid
    return hi


def measure(compiler, src):
    cmd = ["/usr/bin/time", "-v", compiler, "-std=c++20", "-fsyntax-only", "-I",
           os.path.join(ROOT, "include"), src, limit_flag(compiler, 2**31 - 1)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    seconds = 0.0
    if wall:
        h = int(wall.group(1) or 0)
        seconds = h * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    mem = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return seconds, int(mem.group(1)) // 1024 if mem else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--kernel", default="matmul", choices=sorted(KERNELS))
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--dtype", default="float", choices=["float", "double"])
    args = ap.parse_args()

    body = f"using T = {args.dtype};\nconstexpr std::size_t N = {args.size};\n" + KERNELS[args.kernel].format()
    with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as f:
        f.write("#include <cstddef>\n" + body)
        src = f.name
    try:
        ok, err = compile_once(args.compiler, src, limit_flag(args.compiler, 2**31 - 1))
        if not ok:
            sys.exit("does not compile even with the largest limit:\n" + err)
        hi = smallest_limit(args.compiler, src)
        # The same file without the measured expression: its cost (building the inputs) is
        # subtracted, so the figure is the kernel's alone.
        base_body = re.sub(r"//MEASURED.*?//END", "", body, flags=re.S)
        with open(src, "w") as f:
            f.write("#include <cstddef>\n" + base_body)
        base = smallest_limit(args.compiler, src)
        with open(src, "w") as f:
            f.write("#include <cstddef>\n" + body)
        seconds, mib = measure(args.compiler, src)
        hi -= base
        macs = args.size ** 3 if args.kernel == "matmul" else 0
        unit = "steps" if "clang" in args.compiler else "ops"
        per = f", {hi / macs:.2f} {unit}/MAC" if macs else ""
        print(f"{args.kernel} N={args.size} {args.dtype} {args.compiler}: {hi} {unit}{per}, "
              f"{seconds:.2f} s, {mib} MiB")
    finally:
        os.unlink(src)


if __name__ == "__main__":
    main()
