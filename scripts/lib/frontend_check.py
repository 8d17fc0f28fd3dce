#!/usr/bin/python3
"""Every translation unit of a build, through the compiler's front end only.

    frontend_check.py BUILD_DIR [-j N] [--skip REGEX]

Runs each command of BUILD_DIR/compile_commands.json (CMake's CMAKE_EXPORT_COMPILE_COMMANDS)
with -fsyntax-only instead of producing an object: the same flags, so every warning (all of
Clang's come from the front end; they are errors here), every template instantiation and
every static_assert, with its constant evaluation, is checked, and no code is generated.
The generated headers the translation units include must already be built. A precompiled
header (CMake's target_precompile_headers, e.g. the tests' CONSTFORMER_TEST_PCH) is left out,
so each file (or unity batch, CMake's UNITY_BUILD) is checked on its own includes, and the
precompiled headers' own entries are skipped. The files the build compiles with one (the
GoogleTest executables') get instead a header precompiled here with their flags that holds
GoogleTest alone (`<gtest/gtest.h>`, which each of them includes first), as parsing it is most
of such a file's front-end time.
A file compiled twice with flags that differ only in the optimisation level is checked once;
files whose path matches --skip are not checked.
Prints each failing command and its diagnostics, and exits 1 if any failed.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time


def is_pch(path):
    """Whether `path` is one of CMake's precompiled-header files (cmake_pch.hxx and its kin)."""
    return os.path.basename(path).startswith("cmake_pch")


def without_outputs(argv):
    """`argv` without its outputs: -o, the dependency-file options and their values."""
    out, skip = [], 0
    for a in argv:
        if skip:
            skip -= 1
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = 1
            continue
        if a in ("-MD", "-MMD"):
            continue
        out.append(a)
    return out


def frontend_only(argv):
    """`argv` without its outputs (-o, -c, dependency files) and without a precompiled header
    (GCC's `-include cmake_pch.hxx`, Clang's `-Xclang -include-pch -Xclang cmake_pch.hxx.pch
    -Xclang -include -Xclang cmake_pch.hxx`), with -fsyntax-only."""
    argv = without_outputs(argv)
    out, skip = [], 0
    for i, a in enumerate(argv):
        if skip:
            skip -= 1
            continue
        if a == "-include" and i + 1 < len(argv) and is_pch(argv[i + 1]):
            skip = 1
            continue
        if (a == "-Xclang" and i + 3 < len(argv) and argv[i + 1] in ("-include-pch", "-include")
                and is_pch(argv[i + 3])):
            skip = 3
            continue
        if a in ("-Winvalid-pch", "-c"):
            continue
        out.append(a)
    return out[:1] + ["-fsyntax-only"] + out[1:]


def uses_pch(argv):
    """Whether the build compiles `argv` with a precompiled header."""
    return any(is_pch(a) for a in argv)


def without_source(argv, entry):
    """`argv` without the entry's source file: what the files of one target share."""
    src = os.path.abspath(entry["file"])
    return [a for a in argv if os.path.abspath(os.path.join(entry["directory"], a)) != src]


def gtest_pch(flags, directory, stub):
    """Precompiles `stub` (it includes <gtest/gtest.h>) with the compiler and `flags` of a
    front-end command; returns the arguments that use it, or the compiler's output on failure."""
    clang = "clang" in os.path.basename(flags[0])
    out = stub + (".pch" if clang else ".gch")
    flags = [a for a in flags if a != "-fsyntax-only"]
    r = subprocess.run(flags + ["-x", "c++-header", stub, "-o", out], cwd=directory, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stdout + r.stderr
    # GCC takes stub.gch for `-include stub` (-Winvalid-pch: an unusable one is an error).
    return (["-include-pch", out] if clang else ["-include", stub, "-Winvalid-pch"]), ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--skip", help="leave out the files whose path matches this regular expression")
    args = ap.parse_args()
    with open(os.path.join(args.build, "compile_commands.json"), encoding="utf-8") as f:
        entries = [e for e in json.load(f) if not is_pch(e["file"])]
    if not entries:
        sys.exit(f"{args.build}/compile_commands.json lists no translation unit")
    skipped = 0
    if args.skip:
        kept = [e for e in entries if not re.search(args.skip, e["file"])]
        skipped, entries = len(entries) - len(kept), kept

    start = time.monotonic()
    failed = 0
    commands, groups, seen = [], {}, set()
    for e in entries:
        argv = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        fe = frontend_only(argv)
        # The same file with the same flags but the optimisation level (tests/bitexact at -O0
        # and -O2) is the same front-end work: checked once.
        same = (e["directory"], os.path.abspath(os.path.join(e["directory"], e["file"])),
                tuple(a for a in fe if not a.startswith("-O")))
        if same in seen:
            continue
        seen.add(same)
        key = (e["directory"], tuple(without_source(fe, e))) if uses_pch(argv) else None
        if key is not None:
            groups.setdefault(key, None)
        commands.append((e, fe, key))
    tmp = tempfile.TemporaryDirectory()

    def precompile(item):
        i, (directory, flags) = item
        stub = os.path.join(tmp.name, f"gtest_{i}.hpp")
        with open(stub, "w", encoding="utf-8") as f:
            f.write("#include <gtest/gtest.h>\n")
        return gtest_pch(list(flags), directory, stub)

    def run(command):
        e, argv, key = command
        if key is not None:
            argv = argv[:1] + groups[key] + argv[1:]
        r = subprocess.run(argv, cwd=e["directory"], capture_output=True, text=True)
        return e["file"], argv, r.returncode, r.stdout + r.stderr

    with tmp, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for key, (extra, output) in zip(list(groups), pool.map(precompile, enumerate(groups))):
            if extra is None:
                sys.exit(f"precompiling <gtest/gtest.h> failed:\n  {shlex.join(key[1])}\n{output}")
            groups[key] = extra
        for path, argv, rc, output in pool.map(run, commands):
            if rc != 0:
                failed += 1
                print(f"FAILED: {path}\n  {shlex.join(argv)}\n{output}", file=sys.stderr)
    print(f"front end: {len(commands) - failed} of {len(commands)} translation units pass "
          f"({len(entries) - len(commands)} more differ from one of them only in the optimisation "
          f"level{f'; {skipped} skipped' if skipped else ''}) in {time.monotonic() - start:.0f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
