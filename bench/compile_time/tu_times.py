#!/usr/bin/python3
"""Compile time of each translation unit of a build, one at a time.

    tu_times.py BUILD_DIR [--filter REGEX] [--over SECONDS] [--csv FILE] [--repeat N]

Runs each command of BUILD_DIR/compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS) on its
own, writing the object to a temporary file, and reports the compiler's CPU time (user + sys,
from the kernel's accounting of the child, so other load on the machine changes it little) and
peak memory, slowest first. The build must already have produced what the commands read: its
generated headers and precompiled headers (build the targets once first). With --repeat N each
file is compiled N times and the smallest time is kept.
"""
import argparse
import csv
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "lib"))
from frontend_check import is_pch, without_outputs  # noqa: E402


def measure(entry, obj):
    """(cpu seconds, peak MiB, return code, output) of one compile."""
    argv = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    p = subprocess.Popen(without_outputs(argv) + ["-o", obj], cwd=entry["directory"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, p.returncode, output


def target_of(entry, build):
    """The CMake target of an entry, from its object path (…/CMakeFiles/<target>.dir/…)."""
    argv = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out = entry.get("output") or next((b for a, b in zip(argv, argv[1:]) if a == "-o"), "")
    m = re.search(r"CMakeFiles/([^/]+)\.dir/", out)
    return m.group(1) if m else os.path.relpath(entry["directory"], build)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build")
    ap.add_argument("--filter", default="", help="only files whose path or target matches")
    ap.add_argument("--over", type=float, default=0.0, help="only print files over SECONDS")
    ap.add_argument("--csv", help="write every row to FILE")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    with open(os.path.join(args.build, "compile_commands.json"), encoding="utf-8") as f:
        entries = [e for e in json.load(f) if not is_pch(e["file"])]
    pattern = re.compile(args.filter)
    entries = [e for e in entries
               if pattern.search(e["file"]) or pattern.search(target_of(e, args.build))]
    if not entries:
        sys.exit("no translation unit matches")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "tu.o")
        for i, e in enumerate(entries):
            best = None
            for _ in range(args.repeat):
                cpu, mib, rc, output = measure(e, obj)
                if rc != 0:
                    sys.exit(f"{e['file']} failed to compile:\n{output}")
                best = (cpu, mib) if best is None or cpu < best[0] else best
            name = os.path.relpath(e["file"], os.path.commonpath([e["file"], os.getcwd()]))
            rows.append((best[0], best[1], target_of(e, args.build), name))
            print(f"[{i + 1}/{len(entries)}] {best[0]:6.2f} s {name}", file=sys.stderr, flush=True)
    rows.sort(reverse=True)
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["cpu_s", "peak_mib", "target", "file"])
            for cpu, mib, target, name in rows:
                w.writerow([f"{cpu:.2f}", f"{mib:.0f}", target, name])
    shown = [r for r in rows if r[0] > args.over]
    for cpu, mib, target, name in shown:
        print(f"{cpu:6.2f} s {mib:6.0f} MiB  {target:32} {name}")
    total = sum(r[0] for r in rows)
    print(f"{len(rows)} translation units, {total:.0f} s CPU in all, slowest {rows[0][0]:.2f} s, "
          f"{sum(1 for r in rows if r[0] > 3)} over 3 s")


if __name__ == "__main__":
    main()
