#!/usr/bin/python3
"""Checks that the compiler diagnostics quoted in docs/errors.md are what the compilers say.

    /usr/bin/python3 tools/check_diagnostics_doc.py [--gcc g++-12] [--clang clang++-19] [markdown files...]

A fenced block right after this HTML comment is checked:

  <!-- diagnostic: NAME COMPILER -->   NAME is a file of tests/compile_fail/ (without .cpp),
                                       COMPILER is gcc or clang.

The file is compiled (C++20, -fsyntax-only, LC_ALL=C, include/ and tests/ on the path) and its
diagnostic normalised: a location `path/include/constformer/core/ops.hpp:126:33: ` becomes
`core/ops.hpp: `, and a location in the test file itself is dropped. Every line of the
block must then be part of a line of the diagnostic (a quote may be cut short at either
end), the lines in order. So the page quotes no line numbers that go stale, and a change in
what a compiler says fails the check. Only the standard library is used.
"""

import argparse
import concurrent.futures
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARK_RE = re.compile(r"^<!--\s*diagnostic:\s*(\S+)\s+(gcc|clang)\s*-->\s*$")
FENCE_RE = re.compile(r"^(```+)\s*(\w*)\s*$")
LOCATION_RE = re.compile(r"^(\S+?):\d+:\d+: ")


def blocks(path):
    """(name, compiler, line number, lines of the block) for each marked block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = MARK_RE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        f = FENCE_RE.match(lines[j]) if j < len(lines) else None
        if not f:
            raise SystemExit(f"{path}:{i + 1}: a marker must be followed by a fenced block")
        k = j + 1
        while k < len(lines) and lines[k].strip() != f.group(1):
            k += 1
        yield m.group(1), m.group(2), i + 1, [l for l in lines[j + 1:k] if l.strip()]
        i = k + 1


def normalise(text, source):
    out = []
    for line in text.splitlines():
        m = LOCATION_RE.match(line)
        if m:
            where = m.group(1)
            rest = line[m.end():]
            if os.path.abspath(where) == str(source):
                line = rest
            else:
                marker = "include/constformer/"
                if marker in where:
                    where = where[where.index(marker) + len(marker):]
                line = f"{where}: {rest}"
        out.append(line)
    return out


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--gcc", default="g++-12")
    ap.add_argument("--clang", default="clang++-19")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("docs", nargs="*", type=pathlib.Path, default=[ROOT / "docs/errors.md"])
    args = ap.parse_args(argv)
    env = dict(os.environ, LC_ALL="C", LANG="C")
    found = [(doc, b) for doc in args.docs for b in blocks(doc)]

    def diagnose(key):
        """What the compiler says of tests/compile_fail/<name>.cpp (None: it compiles)."""
        name, compiler = key
        source = (ROOT / "tests/compile_fail" / f"{name}.cpp").resolve()
        cxx = args.gcc if compiler == "gcc" else args.clang
        run = subprocess.run([cxx, "-std=c++20", "-fsyntax-only", "-I", str(ROOT / "include"),
                              "-I", str(ROOT / "tests"), str(source)], capture_output=True, text=True, env=env)
        return None if run.returncode == 0 else normalise(run.stdout + run.stderr, source)

    # Every file once per compiler, `--jobs` at a time (one after the other took twice as long).
    keys = sorted({(name, compiler) for _, (name, compiler, _, _) in found
                   if (ROOT / "tests/compile_fail" / f"{name}.cpp").is_file()})
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        cache = dict(zip(keys, pool.map(diagnose, keys)))
    failures = checked = 0
    for doc, (name, compiler, line, quoted) in found:
        checked += 1
        where = f"{doc}:{line}"
        if (name, compiler) not in cache:
            print(f"{where}: no tests/compile_fail/{name}.cpp", file=sys.stderr)
            failures += 1
            continue
        said = cache[(name, compiler)]
        if said is None:
            cxx = args.gcc if compiler == "gcc" else args.clang
            print(f"{where}: tests/compile_fail/{name}.cpp compiles with {cxx}", file=sys.stderr)
            failures += 1
            continue
        pos = 0
        for q in quoted:
            while pos < len(said) and q not in said[pos]:
                pos += 1
            if pos == len(said):
                print(f"{where}: {compiler} does not (or no longer) say, in this order:\n  {q}\n"
                      f"It says:\n  " + "\n  ".join(l for l in said if "error:" in l or "note:" in l),
                      file=sys.stderr)
                failures += 1
                break
            pos += 1
    print(f"diagnostics: {checked} quoted blocks checked; {failures} failed")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
