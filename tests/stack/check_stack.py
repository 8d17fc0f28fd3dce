#!/usr/bin/python3
"""The stack `forward_into` needs, measured by GCC, and a check that it does not grow with S.

    check_stack.py --cxx g++-12 --out DIR [--table] -- [compiler flags: -I..., -D...]

Compiles tests/stack/stack_probes.cpp with `-fstack-usage -fcallgraph-info=su` at -O0 and
-O2, once with S = 1000 tokens and once with S = 6000, and takes for each probe (one per
module) the deepest call path: the sum of the static frames of the functions along it, over
every function of the translation unit the probe can reach. Fails when
- a frame is dynamic and unbounded, the call graph recurses, or a probe calls a function
  outside the translation unit other than memcpy/memset/memmove;
- a probe's stack at S = 6000 exceeds its stack at S = 1000 by more than one row of 5000
  more attention weights (5000 * sizeof(float)) plus SLACK (64 bytes: GCC may align or
  spill differently around a larger frame): only that row may depend on S;
- a probe's stack at S = 1000, less one row of 1000 weights, exceeds BOUND (24 KiB: the
  16 KiB panel of the hosted matrix product, plus the tiles of the attention kernel that -O0
  keeps in its frame), whatever D is.
With --table it prints the Markdown table of docs/memory.md. With --control it also compiles
the control probe (an S x 8 temporary in its frame) and succeeds only if the check rejects
that probe and nothing else.
"""
import argparse
import os
import re
import subprocess
import sys

SEQ = (1000, 6000)
LEVELS = ("-O0", "-O2")
ROW = 4  # sizeof(float): the probes are float modules
BOUND = 24 * 1024  # -O0 keeps the run-time attention kernel's register tiles in its frame
SLACK = 64
LEAF_OK = {"memcpy", "memset", "memmove"}


def parse(path):
    nodes, edges = {}, {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for m in re.finditer(r'node: \{ title: "([^"]*)" label: "((?:[^"\\]|\\.)*)"', text):
        parts = m.group(2).split("\\n")
        size = None
        for p in parts:
            s = re.match(r"(\d+) bytes \(([^)]*)\)", p)
            if s:
                size = (int(s.group(1)), s.group(2))
        nodes[m.group(1)] = (parts[0], size)
    for m in re.finditer(r'edge: \{ sourcename: "([^"]*)" targetname: "([^"]*)"', text):
        edges.setdefault(m.group(1), []).append(m.group(2))
    return nodes, edges


def probe_depths(path, errors):
    nodes, edges = parse(path)
    memo = {}

    def depth(n, active):
        if n in memo:
            return memo[n]
        name, size = nodes.get(n, (n, None))
        if n in active:
            errors.append(f"{path}: recursion through {name}")
            return 0
        if size is None:
            if n not in LEAF_OK and not n.startswith("__builtin"):
                errors.append(f"{path}: call out of the translation unit: {name}")
            return 0
        if "dynamic" in size[1] and "bounded" not in size[1]:
            errors.append(f"{path}: unbounded dynamic frame: {name}")
        active.add(n)
        d = size[0] + max((depth(t, active) for t in edges.get(n, [])), default=0)
        active.discard(n)
        memo[n] = d
        return d

    out = {}
    for n, (name, _) in nodes.items():
        m = re.search(r"\bstack_probe_(\w+)\(", name)
        if m:
            out[m.group(1)] = depth(n, set())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--control", action="store_true")
    ap.add_argument("flags", nargs="*")
    a = ap.parse_args()
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stack_probes.cpp")
    os.makedirs(a.out, exist_ok=True)
    errors, depths = [], {}
    for level in LEVELS:
        for s in SEQ:
            base = os.path.join(a.out, f"probes_S{s}{level}")
            cmd = [a.cxx, "-std=c++20", level, "-ffp-contract=off", "-fstack-usage", "-fcallgraph-info=su",
                   f"-DCONSTFORMER_PROBE_S={s}", *(["-DCONSTFORMER_STACK_CONTROL"] if a.control else []), *a.flags, "-c", src, "-o", base + ".o", "-dumpbase", base]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                print(" ".join(cmd))
                print(r.stderr)
                return 1
            depths[(level, s)] = probe_depths(base + ".ci", errors)
    probes = sorted(depths[(LEVELS[0], SEQ[0])])
    if len(probes) < 10:
        errors.append(f"only {len(probes)} probes found")
    for level in LEVELS:
        lo, hi = depths[(level, SEQ[0])], depths[(level, SEQ[1])]
        for p in probes:
            if hi.get(p, 1 << 60) - lo[p] > (SEQ[1] - SEQ[0]) * ROW + SLACK:
                errors.append(f"{p} {level}: {lo[p]} bytes at S = {SEQ[0]}, {hi.get(p)} at S = {SEQ[1]}: "
                              "more than one row of weights depends on S")
            if lo[p] - SEQ[0] * ROW > BOUND:
                errors.append(f"{p} {level}: {lo[p]} bytes at S = {SEQ[0]}, over {BOUND} + one row")
    if a.table:
        print("| module (float) | " + " | ".join(f"{lv}, S = {s}" for lv in LEVELS for s in SEQ) + " |")
        print("|---|" + "---:|" * (len(LEVELS) * len(SEQ)))
    for p in probes:
        cells = [str(depths[(lv, s)].get(p, "?")) for lv in LEVELS for s in SEQ]
        print(f"| `{p}` | " + " | ".join(cells) + " |" if a.table else f"{p}: " + " ".join(cells))
    for e in errors:
        print("error:", e)
    if a.control:
        caught = [e for e in errors if e.startswith("control_temporary ")]
        others = [e for e in errors if not e.startswith("control_temporary ")]
        print("control:", "rejected, as it must be" if caught else "NOT rejected: the check cannot see S-sized frames")
        return 0 if caught and not others else 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
