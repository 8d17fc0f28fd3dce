#!/usr/bin/python3
"""Writes tests/fixtures/gpt/gelu_erf_sweep.{f32,f64}.json: PyTorch's exact GELU.

    /usr/bin/python3 tools/gen_gelu_erf_fixture.py [--check]

The chapter-4 fixtures hold the book's GELU (the tanh approximation) only. This script applies
torch's default `nn.GELU()` (approximate='none', `x * 0.5 * (1 + erf(x / sqrt(2)))`) to the
same 287 inputs `x` of gelu_sweep.{f32,f64}.json, on the CPU with one thread, in the file's
dtype, and writes the results in the same JSON format (floats as %.17g, negative zero as -0).
With --check, writes nothing and fails if a file differs from what it would write.
Needs Debian's python3-torch.
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
GPT = os.path.join(HERE, "..", "tests", "fixtures", "gpt")


def number(v):
    """%.17g, with the sign of zero kept (-0), as the chapter-4 fixtures write floats."""
    if v == 0.0:
        return "-0" if str(v).startswith("-") else "0"
    return "%.17g" % v


def render(case):
    """The JSON text of one case: metadata indented by json, each data array on one line."""
    tensors = case.pop("tensors")
    head = json.dumps(case, indent=2)[:-2]
    parts = []
    for name, t in tensors.items():
        meta = {k: v for k, v in t.items() if k != "data"}
        fields = ",\n".join('      %s: %s' % (json.dumps(k), json.dumps(v)) for k, v in meta.items())
        data = ", ".join(number(v) for v in t["data"])
        parts.append('    %s: {\n%s,\n      "data": [%s]\n    }' % (json.dumps(name), fields, data))
    return head + ',\n  "tensors": {\n' + ",\n".join(parts) + "\n  }\n}\n"


def make(suffix, dtype):
    with open(os.path.join(GPT, "gelu_sweep.%s.json" % suffix), encoding="utf-8") as f:
        # json reads the literal -0 as the integer 0: keep its sign.
        sweep = json.load(f, parse_int=lambda s: -0.0 if s == "-0" else int(s))
    x = torch.tensor(sweep["tensors"]["x"]["data"], dtype=dtype)
    with torch.no_grad():
        y = torch.nn.GELU()(x)
    name = "float32" if dtype == torch.float32 else "float64"
    case = {
        "name": "gelu_erf_sweep",
        "kind": "gpt_gelu",
        "dtype": name,
        "description": "torch's default nn.GELU() (approximate='none'): x * 0.5 * (1 + erf(x / sqrt(2))), "
                       "on the inputs of gelu_sweep",
        "params": {"n": len(sweep["tensors"]["x"]["data"]), "approximate": "none"},
        "meta": {
            "torch_version": torch.__version__ + " (Debian 12 python3-torch 1.13.1)",
            "mode": "torch.no_grad(), torch.set_num_threads(1), CPU",
            "generator": "tools/gen_gelu_erf_fixture.py",
        },
        "tensors": {
            "x": {"dtype": name, "shape": [x.numel()], "role": "input", "data": x.tolist()},
            "output": {"dtype": name, "shape": [y.numel()], "role": "output", "data": y.tolist()},
        },
    }
    return render(case)


def main():
    torch.set_num_threads(1)
    check = "--check" in sys.argv[1:]
    stale = []
    for suffix, dtype in (("f32", torch.float32), ("f64", torch.float64)):
        path = os.path.join(GPT, "gelu_erf_sweep.%s.json" % suffix)
        text = make(suffix, dtype)
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    for path in stale:
        print("out of date: %s (run tools/gen_gelu_erf_fixture.py)" % path, file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
