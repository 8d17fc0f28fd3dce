#!/usr/bin/python3
"""Reference values of tanh and erf, correctly rounded, for the tests of constformer::math.

    /usr/bin/python3 tools/gen_math_reference.py tests/fixtures/math    (python3-mpmath, numpy)

Writes math_reference.f32.json and math_reference.f64.json in the fixture format of
tests/fixtures/book/README.md (tensors `x`, `tanh`, `erf`, all of shape [n]): the exact
function values computed with mpmath at 60 digits, then rounded to nearest in the file's
type (by comparing the two neighbours exactly, so there is no double rounding). The
inputs: -8..8 in steps of 1/16; the boundaries of the pieces of both functions and their
neighbours one ULP away; small and subnormal magnitudes; large ones up to the type's
maximum; both signs and both zeros.
"""
import json
import os
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 60

# Where the approximations change (docs/math.md), float and double.
BOUNDARIES = {
    np.float32: [0.625, 0.875, 1.75, 2.875, 3.92, 4.0, 9.01, 9.5, 1.3125, 2.3125, 3.4375],
    np.float64: [0.625, 0.875, 1.875, 2.875, 4.125, 5.86, 6.0, 19.06, 19.5, 1.375, 2.375, 3.5, 5.0625],
}


def nearest(v, ftype):
    """v (an mpf) rounded to nearest (ties to even) in ftype."""
    guess = ftype(float(v))
    best = None
    for c in (np.nextafter(guess, ftype(-np.inf)), guess, np.nextafter(guess, ftype(np.inf))):
        if not np.isfinite(c):
            continue
        d = abs(mp.mpf(float(c)) - v)
        key = (d, int(np.frombuffer(c.tobytes(), dtype=np.uint32 if ftype == np.float32 else np.uint64)[0]) & 1)
        if best is None or key < best[0]:
            best = (key, c)
    return best[1]


def inputs(ftype):
    info = np.finfo(ftype)
    xs = [ftype(i) / ftype(16) for i in range(-128, 129)]
    for b in BOUNDARIES[ftype]:
        b = ftype(b)
        xs += [np.nextafter(b, ftype(0)), b, np.nextafter(b, ftype(np.inf))]
    tiny = [1e-3, 1e-5, 1e-7, 1e-10, 1e-20, 1e-30, 1e-37]
    if ftype == np.float64:
        tiny += [1e-100, 1e-300, 1e-310, 1e-320]
    else:
        tiny += [1e-40, 1e-44]
    xs += [ftype(t) for t in tiny]
    xs += [info.tiny, ftype(info.smallest_subnormal), ftype(3) * info.smallest_subnormal]
    xs += [ftype(v) for v in (10, 20, 30, 100, 1e10)] + [info.max]
    xs += [ftype(-x) for x in xs if x > 0]
    xs += [ftype(0.0), ftype(-0.0)]
    # Unique by bit pattern, in increasing order (-0 before +0).
    seen = {}
    for x in xs:
        seen[x.tobytes()] = x
    return sorted(seen.values(), key=lambda x: (float(x), not np.signbit(x)))


def exact(f, x):
    return f(mp.mpf(float(x)))


def case(ftype):
    dtype = "float32" if ftype == np.float32 else "float64"
    xs = inputs(ftype)

    def values(f):
        out = []
        for x in xs:
            if x == 0:
                out.append(float(x))  # the sign of zero: f(+-0) = +-0
            else:
                out.append(float(nearest(exact(f, x), ftype)))
        return out

    return {
        "name": "math_reference",
        "kind": "math_reference",
        "dtype": dtype,
        "source": "tools/gen_math_reference.py (mpmath %s, 60 digits)" % mp.__version__,
        "description": "tanh(x) and erf(x), exact values rounded to nearest in " + dtype +
                       ", for the accuracy tests of constformer::math.",
        "params": {"n": len(xs)},
        "tensors": {
            "x": {"dtype": dtype, "shape": [len(xs)], "role": "input", "data": [float(x) for x in xs]},
            "tanh": {"dtype": dtype, "shape": [len(xs)], "role": "output", "data": values(mp.tanh)},
            "erf": {"dtype": dtype, "shape": [len(xs)], "role": "output", "data": values(mp.erf)},
        },
    }


def dump(doc):
    # %.17g for every number, as the other fixtures; -0.0 is written as -0.
    def num(v):
        return "-0" if v == 0 and np.signbit(v) else "%.17g" % v

    tensors = []
    for name, t in doc["tensors"].items():
        data = ", ".join(num(v) for v in t["data"])
        tensors.append(f'    "{name}": {{"dtype": "{t["dtype"]}", "shape": {t["shape"]}, '
                       f'"role": "{t["role"]}", "data": [{data}]}}')
    head = {k: v for k, v in doc.items() if k != "tensors"}
    text = json.dumps(head, indent=2)[:-2]
    return text + ',\n  "tensors": {\n' + ",\n".join(tensors) + "\n  }\n}\n"


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/math"
    os.makedirs(out_dir, exist_ok=True)
    for ftype, suffix in ((np.float32, "f32"), (np.float64, "f64")):
        with open(os.path.join(out_dir, f"math_reference.{suffix}.json"), "w", encoding="utf-8") as f:
            f.write(dump(case(ftype)))


if __name__ == "__main__":
    main()
