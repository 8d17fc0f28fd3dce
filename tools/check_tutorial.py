#!/usr/bin/python3
"""Checks that docs/tutorial.md says what the code does.

    /usr/bin/python3 tools/check_tutorial.py BUILD_DIR [--cxx g++] [--include-dir DIR] [markdown files...]

A fenced block right after one of these HTML comments is checked:

  <!-- program: NAME -->        a whole C++ program: compiled against include/ (or
                                --include-dir, e.g. single_include; warnings are errors)
                                and run; it must exit 0.
  <!-- quote: PATH -->          lines quoted from the file PATH: each run of lines between
                                `// ...` elision lines must occur in PATH as consecutive
                                lines (leading/trailing blank lines ignored), runs in order.
  <!-- output: NAME or PATH --> text the program printed: consecutive lines of the output
                                of the program NAME above, or of examples/*.cpp PATH
                                (built here), with `...` lines eliding any number of lines.
Only the standard library is used.
"""

import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARK_RE = re.compile(r"^<!--\s*(program|quote|output):\s*(\S+)\s*-->\s*$")
FENCE_RE = re.compile(r"^(```+)\s*(\w*)\s*$")
FLAGS = ["-std=c++20", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-Wpedantic",
         "-Wconversion", "-Wshadow", "-Werror"]


def blocks(path):
    """(kind, target, line number, lines of the block) for each marked block."""
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
        yield m.group(1), m.group(2), i + 1, lines[j + 1:k]
        i = k + 1


def runs(lines, elision):
    """Splits lines at elision lines into runs, each stripped of blank edge lines."""
    out, cur = [], []
    for line in lines + [elision]:
        if line.strip() == elision:
            while cur and not cur[0].strip():
                cur.pop(0)
            while cur and not cur[-1].strip():
                cur.pop()
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(line)
    return out


def find_in_order(haystack, chunks):
    """True when each chunk occurs as consecutive lines of haystack, in order."""
    pos = 0
    for chunk in chunks:
        n = len(chunk)
        while pos + n <= len(haystack) and haystack[pos:pos + n] != chunk:
            pos += 1
        if pos + n > len(haystack):
            return False, chunk
        pos += n
    return True, None


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir", type=pathlib.Path)
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--include-dir", type=pathlib.Path, default=ROOT / "include",
                    help="the library's include directory (default: include/)")
    ap.add_argument("docs", nargs="*", type=pathlib.Path, default=[ROOT / "docs/tutorial.md"])
    args = ap.parse_args(argv)
    args.build_dir.mkdir(parents=True, exist_ok=True)
    outputs = {}
    failures = 0
    counts = {"program": 0, "quote": 0, "output": 0}

    def run_program(name, source, where):
        exe = args.build_dir / re.sub(r"\W", "_", name)
        build = subprocess.run([args.cxx, *FLAGS, "-I", str(args.include_dir.resolve()), str(source),
                                "-o", str(exe)],
                               capture_output=True, text=True)
        if build.returncode != 0:
            print(f"{where}: {name} does not compile:\n{build.stderr}", file=sys.stderr)
            return None
        run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            print(f"{where}: {name} exited with {run.returncode}", file=sys.stderr)
            return None
        return run.stdout.splitlines()

    for doc in args.docs:
        for kind, target, line, text in blocks(doc):
            shown = doc.resolve()
            shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
            where = f"{shown}:{line}"
            counts[kind] += 1
            if kind == "program":
                src = args.build_dir / (re.sub(r"\W", "_", target) + ".cpp")
                src.write_text("\n".join(text) + "\n", encoding="utf-8")
                outputs[target] = run_program(target, src, where)
                failures += outputs[target] is None
            elif kind == "quote":
                path = ROOT / target
                if not path.is_file():
                    print(f"{where}: quotes {target}, which does not exist", file=sys.stderr)
                    failures += 1
                    continue
                ok, chunk = find_in_order(path.read_text(encoding="utf-8").splitlines(),
                                          runs(text, "// ..."))
                if not ok:
                    print(f"{where}: not (or no longer) in {target}, in this order:\n  "
                          + "\n  ".join(chunk), file=sys.stderr)
                    failures += 1
            else:
                if target not in outputs and target.startswith("examples/"):
                    outputs[target] = run_program(target, ROOT / target, where)
                    failures += outputs[target] is None
                out = outputs.get(target)
                if out is None:
                    if target not in outputs:
                        print(f"{where}: output of {target}, which is not a program above",
                              file=sys.stderr)
                        failures += 1
                    continue
                ok, chunk = find_in_order(out, runs(text, "..."))
                if not ok:
                    print(f"{where}: {target} does not (or no longer) print:\n  "
                          + "\n  ".join(chunk), file=sys.stderr)
                    failures += 1
    print(f"tutorial: {counts['program']} programs, {counts['quote']} quotes, "
          f"{counts['output']} outputs checked; {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
