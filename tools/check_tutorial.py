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
                                (built here), or of the tool tools/*.py PATH run with the
                                marker's further words as arguments (from the repository
                                root), with `...` lines eliding any number of lines.
  <!-- fragment: NAME [fails]          a piece of code: compiled (-fsyntax-only, warnings are errors
  hidden setup lines            but unused names are allowed) after the library's headers and
  -->                           `namespace cf = constformer;`, inside `int main()` unless it
                                defines `main` itself. The optional lines between the marker
                                and `-->` (not rendered) declare what the fragment uses (a line
                                `{{block}}` places the fragment among them); its
                                `#include` lines are moved to the top. `toplevel`: at namespace
                                scope instead; `fails`: it must not compile (a misuse whose
                                diagnostic check_diagnostics_doc.py quotes).
  <!-- declarations: PATH ... --> a synopsis: each declaration in the block (comments,
                                whitespace and its template head aside; `...` stands for any
                                text) must occur in one of the files PATH.
Only the standard library is used. With --require-marked every ```cpp block of the given
files must carry one of these markers (or `diagnostic:`, checked by check_diagnostics_doc.py).
"""

import argparse
import concurrent.futures
import os
import pathlib
import re
import shlex
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARK_RE = re.compile(r"^<!--\s*(program|quote|output|fragment|declarations):\s*(\S+)((?:\s+\S+)*?)\s*(-->)?\s*$")
CPP_FENCE_RE = re.compile(r"^```+\s*(cpp|c\+\+)\s*$")
PRELUDE = """#include <array>
#include <cassert>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>
#include <constformer.hpp>
#include <constformer/io/json_tensors.hpp>
#include <constformer/io/load_parameters.hpp>
#include <constformer/io/print.hpp>
#include <constformer/io/safetensors.hpp>
"""
FRAGMENT_FLAGS = ["-fsyntax-only", "-Wno-unused-variable", "-Wno-unused-but-set-variable",
                  "-Wno-unused-result", "-Wno-unused-value", "-Wno-unused-local-typedefs"]
FENCE_RE = re.compile(r"^(```+)\s*(\w*)\s*$")
FLAGS = ["-std=c++20", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-Wpedantic",
         "-Wconversion", "-Wshadow", "-Werror"]


def unmarked_cpp_blocks(path):
    """Line numbers of ```cpp blocks that no marker precedes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found, fence = [], None
    for i, line in enumerate(lines):
        if fence:
            if line.strip() == fence:
                fence = None
            continue
        f = FENCE_RE.match(line)
        if not f:
            continue
        fence = f.group(1)
        if CPP_FENCE_RE.match(line):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            if j < 0 or not lines[j].rstrip().endswith("-->"):
                found.append(i + 1)
    return found


def blocks(path):
    """(kind, target, arguments, setup lines, line number, lines of the block) per marked block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = MARK_RE.match(lines[i])
        if not m:
            i += 1
            continue
        setup = []
        if not m.group(4):  # setup lines up to a closing -->
            i += 1
            while i < len(lines) and lines[i].strip() != "-->":
                setup.append(lines[i])
                i += 1
            if i == len(lines):
                raise SystemExit(f"{path}: a marker comment is not closed")
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        f = FENCE_RE.match(lines[j]) if j < len(lines) else None
        if not f:
            raise SystemExit(f"{path}:{i + 1}: a marker must be followed by a fenced block")
        k = j + 1
        while k < len(lines) and lines[k].strip() != f.group(1):
            k += 1
        yield m.group(1), m.group(2), shlex.split(m.group(3)), setup, i + 1, lines[j + 1:k]
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


def normalise(text):
    """C++ text without comments, with single spaces and none around punctuation."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ?([^\w ]) ?", r"\1", text).strip()


def declarations(text):
    """The declarations of a synopsis: statements ending in ; or {, braces and access labels aside."""
    flat = normalise("\n".join(t for t in text if not t.lstrip().startswith("#")))
    parts = re.split(r"(?<=[;{}])", flat)
    out = []
    for part in parts:
        part = re.sub(r"^(public|private|protected):", "", part.strip())
        part = part.rstrip(";{}").strip()
        if part and part not in ("}", "};") and part != "...":
            out.append(part)
    return out


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir", type=pathlib.Path)
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--include-dir", type=pathlib.Path, default=ROOT / "include",
                    help="the library's include directory (default: include/)")
    ap.add_argument("--require-marked", action="store_true",
                    help="fail on a ```cpp block without a marker")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="compilations at a time (default: one per core)")
    ap.add_argument("docs", nargs="*", type=pathlib.Path, default=[ROOT / "docs/tutorial.md"])
    args = ap.parse_intermixed_args(argv)
    args.build_dir.mkdir(parents=True, exist_ok=True)
    # Compilations run `--jobs` at a time; results are collected in document order. A
    # program's or example's output is a Future (None inside when it failed), read where an
    # `output:` block needs it.
    pool = concurrent.futures.ThreadPoolExecutor(args.jobs)
    outputs = {}
    programs = []  # the Futures of programs and examples: a None result is a failure
    fragments = []  # (Future of the compilation, where, target, extra)
    failures = 0
    counts = {"program": 0, "quote": 0, "output": 0, "fragment": 0, "declarations": 0}

    def done(value):
        f = concurrent.futures.Future()
        f.set_result(value)
        return f

    def submit_program(name, source, where):
        f = pool.submit(run_program, name, source, where)
        programs.append(f)
        return f

    def run_program(name, source, where):
        exe = args.build_dir / (re.sub(r"\W", "_", f"{source.parent.name}_{source.stem}") + ".exe")
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
        shown = doc.resolve()
        shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
        if args.require_marked:
            for line in unmarked_cpp_blocks(doc):
                print(f"{shown}:{line}: a C++ block with no program/quote/fragment/declarations/"
                      "diagnostic marker, so nothing checks it", file=sys.stderr)
                failures += 1
        for kind, target, extra, setup, line, text in blocks(doc):
            where = f"{shown}:{line}"
            counts[kind] += 1
            if kind == "fragment":
                body = (setup[:setup.index("{{block}}")] + text + setup[setup.index("{{block}}") + 1:]
                        if "{{block}}" in setup else setup + text)
                includes = [t for t in body if t.lstrip().startswith("#include")]
                code = [t for t in body if not t.lstrip().startswith("#include")]
                top = "toplevel" in extra or any(re.match(r"^\s*int main\(", t) for t in code)
                # One file per block: blocks of one target compile at the same time.
                src = args.build_dir / (re.sub(r"\W", "_", f"{doc.stem}_{line}_{target}") + ".cpp")
                src.write_text(PRELUDE + "\n".join(includes) + "\nnamespace cf = constformer;\n"
                               + ("\n".join(code) if top else
                                  "int main() {\n" + "\n".join(code) + "\n  return 0;\n}") + "\n",
                               encoding="utf-8")
                fragments.append((pool.submit(subprocess.run, [args.cxx, *FLAGS, *FRAGMENT_FLAGS, "-I",
                                                               str(args.include_dir.resolve()), str(src)],
                                              capture_output=True, text=True), where, target, extra))
            elif kind == "declarations":
                headers = [target, *extra]
                missing = [h for h in headers if not (ROOT / h).is_file()]
                if missing:
                    print(f"{where}: declares from {missing}, which do not exist", file=sys.stderr)
                    failures += 1
                    continue
                haystack = " ".join(normalise((ROOT / h).read_text(encoding="utf-8")) for h in headers)
                for decl in declarations(text):
                    # a template head may carry a requires-clause in the header; `...` is any text
                    body = re.sub(r"^template<[^;]*?>(?=[a-z])", "", decl)
                    pattern = ".*?".join(re.escape(piece) for piece in body.split("..."))
                    if not re.search(pattern, haystack):
                        print(f"{where}: not declared (so) in {' '.join(headers)}: {decl}",
                              file=sys.stderr)
                        failures += 1
            elif kind == "program":
                src = args.build_dir / (re.sub(r"\W", "_", f"{doc.stem}_{line}_{target}") + ".cpp")
                src.write_text("\n".join(text) + "\n", encoding="utf-8")
                outputs[target] = submit_program(target, src, where)
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
                key = " ".join([target, *extra])
                if key not in outputs and target.startswith("tools/") and target.endswith(".py"):
                    run = subprocess.run([sys.executable, str(ROOT / target), *extra], cwd=ROOT,
                                         capture_output=True, text=True, timeout=120)
                    outputs[key] = done(run.stdout.splitlines() if run.returncode == 0 else None)
                    if run.returncode != 0:
                        print(f"{where}: {target} failed:\n{run.stderr}", file=sys.stderr)
                        failures += 1
                        continue
                elif key not in outputs and target.startswith("examples/"):
                    outputs[key] = submit_program(target, ROOT / target, where)
                if key not in outputs:
                    print(f"{where}: output of {target}, which is not a program above", file=sys.stderr)
                    failures += 1
                    continue
                out = outputs[key].result()
                if out is None:
                    continue
                ok, chunk = find_in_order(out, runs(text, "..."))
                if not ok:
                    print(f"{where}: {target} does not (or no longer) print:\n  "
                          + "\n  ".join(chunk), file=sys.stderr)
                    failures += 1
    for build, where, target, extra in fragments:
        build = build.result()
        if (build.returncode != 0) != ("fails" in extra):
            print(f"{where}: fragment {target} "
                  + ("compiles, but is shown as a misuse" if "fails" in extra else
                     f"does not compile:\n{build.stderr}"), file=sys.stderr)
            failures += 1
    failures += sum(f.result() is None for f in programs)
    pool.shutdown()
    print(f"docs: {counts['program']} programs, {counts['fragment']} fragments, "
          f"{counts['quote']} quotes, {counts['declarations']} synopses, "
          f"{counts['output']} outputs checked; {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
