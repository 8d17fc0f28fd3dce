#!/usr/bin/env python3
"""Instructions a firmware image executes under QEMU, in total and in one function's call.

    firmware_icount.py <image.elf> <board> [--function run_attention] [--list] [--qemu qemu-system-arm]

Runs the image on QEMU's <board> (mps2-an386, microbit) with one guest instruction per
translation block and no block chaining (`-singlestep`, or `-accel tcg,one-insn-per-tb=on` on
QEMU 8.1 and later) and `-d exec,nochain`: QEMU then logs one "Trace" line, holding the PC, for
every instruction the processor executes. Debian's QEMU 7.2 has no TCG plugins (no libinsn.so),
and the Cortex-M DWT cycle counter is not emulated, so this log is the way to count.

Prints `total=<n> forward=<m>`: n is every instruction from reset to the semihosting exit;
m counts the first call of the function whose demangled name contains --function (default
run_attention, the forward pass of the firmware examples): from its first instruction to the
return into its caller, callees included (library math, memset, and on the Cortex-M0 the
libgcc soft-float routines). The function is out of line (`gnu::noinline`), so the count is
exact, not sampled. m is "-" when the image has no such function (the compile-time variants).
--list adds the instructions of the call per function reached. The image's semihosting
output goes to a temporary file and is discarded; a nonzero exit status of QEMU is an error.

Instructions are not cycles: QEMU models no pipeline, wait states or multi-cycle
instructions (on the M4F VDIV.F32 and VSQRT.F32 take 14 cycles). Instructions skipped by a
failed IT condition are counted, as the processor issues them.
"""
import argparse
import bisect
import os
import re
import subprocess
import sys
import tempfile

TRACE = re.compile(rb"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")


def functions(elf):
    """[(start, end, mangled name)] of the image's code symbols, sorted by start; and demangled names."""
    nm = subprocess.run(["arm-none-eabi-nm", "-S", "-n", elf], check=True, capture_output=True, text=True).stdout
    syms = []
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tTwW":
            start = int(parts[0], 16) & ~1
            syms.append((start, start + int(parts[1], 16), parts[3]))
    syms.sort()
    names = subprocess.run(["arm-none-eabi-c++filt"], input="\n".join(s[2] for s in syms), check=True,
                           capture_output=True, text=True).stdout.splitlines()
    return syms, dict(zip((s[2] for s in syms), names))


def qemu_step_option(qemu):
    """-singlestep before QEMU 8.1, -accel tcg,one-insn-per-tb=on from 8.1 (where -singlestep is deprecated)."""
    version = subprocess.run([qemu, "--version"], check=True, capture_output=True, text=True).stdout
    m = re.search(r"version (\d+)\.(\d+)", version)
    if m and (int(m.group(1)), int(m.group(2))) >= (8, 1):
        return ["-accel", "tcg,one-insn-per-tb=on"]
    return ["-singlestep"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elf")
    ap.add_argument("board")
    ap.add_argument("--function", default="run_attention")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--qemu", default="qemu-system-arm")
    args = ap.parse_args()

    syms, demangled = functions(args.elf)
    starts = [s[0] for s in syms]
    target = [s for s in syms if args.function in demangled[s[2]]]
    if len(target) > 1:
        print(f"{args.elf}: {len(target)} functions match {args.function!r}", file=sys.stderr)
        return 1
    entry = target[0][0] if target else None

    def containing(pc):
        i = bisect.bisect_right(starts, pc) - 1
        while i >= 0 and not syms[i][0] <= pc < syms[i][1]:
            i -= 1  # zero-sized labels (e.g. .udivsi3_skip_div0_test) share an address with a sized symbol
        return syms[i] if i >= 0 else None

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "semihosting.out")
        # The log goes to QEMU's stderr (no -D) and is counted as it streams: a trace of the
        # Cortex-M0 MHA would be hundreds of megabytes on disk.
        cmd = [args.qemu, "-M", args.board, "-nographic", "-monitor", "none", "-serial", "none",
               "-chardev", f"file,id=semihosting,path={out}",
               "-semihosting-config", "enable=on,target=native,chardev=semihosting",
               *qemu_step_option(args.qemu), "-d", "exec,nochain", "-kernel", args.elf]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        total = 0
        state = "before"  # before the call, inside it, after it
        caller = None
        previous = None
        forward = 0
        per_function = {}
        other = []
        for line in proc.stderr:
            m = TRACE.match(line)
            if not m:
                if len(other) < 20:
                    other.append(line.decode(errors="replace").rstrip())
                continue
            pc = int(m.group(1), 16)
            total += 1
            if state == "before" and pc == entry:
                state = "inside"
                # The instruction before the entry is the call (bl); the call ends at the
                # first instruction back in the function that made it.
                caller = containing(previous) if previous is not None else None
                if caller is None:
                    print(f"{args.elf}: cannot tell who calls {args.function}", file=sys.stderr)
                    return 1
            elif state == "inside" and caller[0] <= pc < caller[1]:
                state = "after"
            if state == "inside":
                forward += 1
                if args.list:
                    f = containing(pc)
                    name = demangled[f[2]] if f else f"0x{pc:x}"
                    per_function[name] = per_function.get(name, 0) + 1
            previous = pc
        status = proc.wait()
    if status != 0:
        print(f"{args.elf}: QEMU exited with {status}", file=sys.stderr)
        print("\n".join(other), file=sys.stderr)
        return 1
    if total == 0:
        print(f"{args.elf}: no trace lines from QEMU ({' '.join(cmd)})", file=sys.stderr)
        print("\n".join(other), file=sys.stderr)
        return 1
    if entry is not None and state != "after":
        print(f"{args.elf}: {args.function} was {'never called' if state == 'before' else 'never left'}",
              file=sys.stderr)
        return 1
    print(f"total={total} forward={forward if entry is not None else '-'}")
    if args.list:
        for name, n in sorted(per_function.items(), key=lambda kv: -kv[1]):
            print(f"{n:10d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
