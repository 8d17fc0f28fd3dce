#!/usr/bin/env python3
"""Code size of one function of a firmware image and of everything it calls.

    firmware_code_size.py <image.elf> <function-substring> [--list]

Finds the function whose demangled name contains the substring (e.g. run_attention), follows
its calls (`bl`, `b`/`b.w` to another function, i.e. tail calls) transitively in
`arm-none-eabi-objdump -d`, and prints the sum of the sizes (from `arm-none-eabi-nm`) of the
functions reached: for the firmware examples, the attention and its math, plus the C
library and soft-float routines it uses. --list prints each function and its size too.
"""
import re
import subprocess
import sys


def main() -> int:
    elf, wanted = sys.argv[1], sys.argv[2]
    listing = "--list" in sys.argv[3:]
    nm = subprocess.run(["arm-none-eabi-nm", "-S", "-t", "d", elf], check=True, capture_output=True, text=True).stdout
    sizes = {}
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tTwW":
            sizes[parts[3]] = int(parts[1])
    dump = subprocess.run(["arm-none-eabi-objdump", "-d", elf], check=True, capture_output=True, text=True).stdout
    calls, current = {}, None
    head = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
    branch = re.compile(r"\s(?:bl|b|b\.w|b\.n)\s+[0-9a-f]+ <([^>+]+)>")
    for line in dump.splitlines():
        m = head.match(line)
        if m:
            current = m.group(1)
            calls.setdefault(current, set())
            continue
        m = branch.search(line)
        if m and current is not None and m.group(1) != current:
            calls[current].add(m.group(1))
    demangled = subprocess.run(["arm-none-eabi-c++filt"], input="\n".join(sizes), check=True,
                               capture_output=True, text=True).stdout.splitlines()
    roots = [s for s, d in zip(sizes, demangled) if wanted in d]
    if not roots:
        print(f"{elf}: no function matching {wanted!r}", file=sys.stderr)
        return 1
    seen, todo = set(), list(roots)
    while todo:
        f = todo.pop()
        if f in seen or f not in sizes:
            continue
        seen.add(f)
        todo.extend(calls.get(f, ()))
    if listing:
        names = dict(zip(sizes, demangled))
        for f in sorted(seen, key=lambda s: -sizes[s]):
            print(f"{sizes[f]:7d}  {names[f]}")
    print(sum(sizes[f] for f in seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
