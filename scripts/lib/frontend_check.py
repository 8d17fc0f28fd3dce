#!/usr/bin/python3
"""Every translation unit of a build, through the compiler's front end only.

    frontend_check.py BUILD_DIR [-j N]

Runs each command of BUILD_DIR/compile_commands.json (CMake's CMAKE_EXPORT_COMPILE_COMMANDS)
with -fsyntax-only instead of producing an object: the same flags, so every warning (all of
Clang's come from the front end; they are errors here), every template instantiation and
every static_assert, with its constant evaluation, is checked, and no code is generated.
The generated headers the translation units include must already be built. A precompiled
header (CMake's target_precompile_headers, e.g. the tests' CONSTFORMER_TEST_PCH) is left out:
each file is checked on its own includes, and the precompiled headers' own entries are
skipped. Prints each failing command and its diagnostics, and exits 1 if any failed.
"""
import argparse
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with open(os.path.join(args.build, "compile_commands.json"), encoding="utf-8") as f:
        entries = [e for e in json.load(f) if not is_pch(e["file"])]
    if not entries:
        sys.exit(f"{args.build}/compile_commands.json lists no translation unit")

    def run(entry):
        argv = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
        argv = frontend_only(argv)
        r = subprocess.run(argv, cwd=entry["directory"], capture_output=True, text=True)
        return entry["file"], argv, r.returncode, r.stdout + r.stderr

    start = time.monotonic()
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for path, argv, rc, output in pool.map(run, entries):
            if rc != 0:
                failed += 1
                print(f"FAILED: {path}\n  {shlex.join(argv)}\n{output}", file=sys.stderr)
    print(f"front end: {len(entries) - failed} of {len(entries)} translation units pass "
          f"in {time.monotonic() - start:.0f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
