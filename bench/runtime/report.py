#!/usr/bin/env python3
"""Run the run-time benchmarks (bench/runtime) for GCC and Clang builds, optionally PyTorch on
the same shapes, and write docs/performance.md (tables) and a PNG plot of GFLOP/s against S.

Standard library only; matplotlib (plot) and torch (baseline) are used when importable.

    cmake -S . -B /tmp/bench-gcc -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONSTFORMER_BUILD_BENCHMARKS=ON \\
          -DCONSTFORMER_BUILD_TESTS=OFF -DCMAKE_CXX_COMPILER=g++-12
    cmake -S . -B /tmp/bench-clang ... -DCMAKE_CXX_COMPILER=clang++-19
    ninja -C /tmp/bench-gcc runtime_bench runtime_bench_contract   (same for clang)
    /usr/bin/python3 bench/runtime/report.py --build gcc=/tmp/bench-gcc --build clang=/tmp/bench-clang \\
          --markdown docs/performance.md --plot docs/performance.png

Each benchmark runs --repetitions times; the best repetition (highest rate) is reported,
since on a shared machine the slower runs measure the other load, not the code. Rates are per
second of CPU time of the measuring thread (Google Benchmark's default; time.thread_time for
PyTorch, which runs on that one thread), so that time spent waiting for a shared core is not
counted against either side.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import time

SIZES = (16, 64, 128, 256)
D_MODEL, HEADS = 64, 4
NAME = re.compile(r"^(?P<kind>[a-z_]+)/(?P<impl>[a-z_]+)/(?P<dtype>float|double)(?:/(?P<s>\d+))?")


def mha_flops(s: int) -> float:
    return 8.0 * s * D_MODEL * D_MODEL + 4.0 * s * s * D_MODEL


def run_binary(path: str, reps: int, min_time: float, bench_filter: str | None) -> list[dict]:
    cmd = [path, "--benchmark_format=json", f"--benchmark_min_time={min_time}",
           f"--benchmark_repetitions={reps}", "--benchmark_report_aggregates_only=false"]
    if bench_filter:
        cmd.append(f"--benchmark_filter={bench_filter}")
    print("+", " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["benchmarks"]


def best_rates(benchmarks: list[dict]) -> dict[tuple, float]:
    """(kind, impl, dtype, S) -> best GFLOP/s (elements/s in G/s for softmax, exp, layer_norm, gelu;
    tokens/s for gpt)."""
    best: dict[tuple, float] = {}
    for b in benchmarks:
        if b.get("run_type") == "aggregate":
            continue
        m = NAME.match(b["run_name"] if "run_name" in b else b["name"])
        if not m:
            continue
        s = int(m["s"]) if m["s"] else 0
        if "tokens/s" in b:
            rate = b["tokens/s"]
        elif "GFLOP/s" in b:
            rate = b["GFLOP/s"] / 1e9
        elif "elements/s" in b:
            rate = b["elements/s"] / 1e9
        else:
            continue
        key = (m["kind"], m["impl"], m["dtype"], s)
        best[key] = max(best.get(key, 0.0), rate)
    return best


def torch_mha(reps: int) -> dict[tuple, float]:
    """Causal MHA as nn.MultiheadAttention computes it (in-projection, scaled dot product with
    a causal mask, out-projection), one thread, batch 1, no bias on the q/k/v projections."""
    try:
        import torch  # noqa: PLC0415
    except ImportError:
        return {}
    torch.set_num_threads(1)
    res: dict[tuple, float] = {}
    for dtype_name, dtype in (("float", torch.float32), ("double", torch.float64)):
        for s in SIZES:
            mha = torch.nn.MultiheadAttention(D_MODEL, HEADS, bias=False, batch_first=True, dtype=dtype)
            mha.out_proj.bias = torch.nn.Parameter(torch.zeros(D_MODEL, dtype=dtype))
            x = torch.rand(1, s, D_MODEL, dtype=dtype)
            mask = torch.triu(torch.ones(s, s, dtype=torch.bool), diagonal=1)
            with torch.no_grad():
                for _ in range(3):
                    mha(x, x, x, attn_mask=mask, need_weights=False)
                best = math.inf
                for _ in range(reps):
                    n, t0 = 0, time.thread_time()
                    while time.thread_time() - t0 < 0.2:
                        mha(x, x, x, attn_mask=mask, need_weights=False)
                        n += 1
                    best = min(best, (time.thread_time() - t0) / n)
            res[("mha", "pytorch", dtype_name, s)] = mha_flops(s) / best / 1e9
    return res


# The GPT of runtime_bench.cpp (bench_gpt): the book's GPTModel, vocabulary 256, context 128,
# width 128, 4 heads, 4 layers, no query/key/value bias; a forward of 128 tokens.
GPT = dict(vocab=256, context=128, emb=128, heads=4, layers=4)
GPT_TOKENS = 128


def torch_gpt(reps: int) -> dict[tuple, float]:
    """tokens/s of the same GPT forward in PyTorch (eval mode, one thread, no autograd)."""
    try:
        import torch  # noqa: PLC0415
        from torch import nn  # noqa: PLC0415
    except ImportError:
        return {}
    torch.set_num_threads(1)
    e, h = GPT["emb"], GPT["heads"]

    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            self.W_query, self.W_key, self.W_value = (nn.Linear(e, e, bias=False) for _ in range(3))
            self.out_proj = nn.Linear(e, e)
            self.register_buffer("mask", torch.triu(torch.ones(GPT["context"], GPT["context"]), diagonal=1).bool())

        def forward(self, x):
            b, t, _ = x.shape
            q, k, v = (w(x).view(b, t, h, e // h).transpose(1, 2) for w in (self.W_query, self.W_key, self.W_value))
            s = (q @ k.transpose(2, 3)).masked_fill(self.mask[:t, :t], -torch.inf)
            w = torch.softmax(s / k.shape[-1] ** 0.5, dim=-1)
            return self.out_proj((w @ v).transpose(1, 2).reshape(b, t, e))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.att, self.norm1, self.norm2 = Attention(), nn.LayerNorm(e), nn.LayerNorm(e)
            self.ff = nn.Sequential(nn.Linear(e, 4 * e), nn.GELU(approximate="tanh"), nn.Linear(4 * e, e))

        def forward(self, x):
            x = x + self.att(self.norm1(x))
            return x + self.ff(self.norm2(x))

    class Gpt(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok_emb, self.pos_emb = nn.Embedding(GPT["vocab"], e), nn.Embedding(GPT["context"], e)
            self.blocks = nn.Sequential(*(Block() for _ in range(GPT["layers"])))
            self.final_norm, self.out_head = nn.LayerNorm(e), nn.Linear(e, GPT["vocab"], bias=False)

        def forward(self, ids):
            x = self.tok_emb(ids) + self.pos_emb(torch.arange(ids.shape[1]))
            return self.out_head(self.final_norm(self.blocks(x)))

    res: dict[tuple, float] = {}
    ids = (torch.arange(GPT_TOKENS) * 37 + 5).remainder(GPT["vocab"]).unsqueeze(0)
    for dtype_name, dtype in (("float", torch.float32), ("double", torch.float64)):
        model = Gpt().to(dtype).eval()
        with torch.no_grad():
            for _ in range(3):
                model(ids)
            best = math.inf
            for _ in range(reps):
                n, t0 = 0, time.thread_time()
                while time.thread_time() - t0 < 0.3:
                    model(ids)
                    n += 1
                best = min(best, (time.thread_time() - t0) / n)
        res[("gpt", "pytorch", dtype_name, 0)] = GPT_TOKENS / best
    return res


def ratio(a: float | None, b: float | None) -> str:
    return "–" if not a or not b else f"{a / b:.2f}×"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fmt(v: float | None) -> str:
    return "–" if v is None else (f"{v:.1f}" if v >= 1 else f"{v:.2f}")


def fmt_count(v: float | None) -> str:
    return "–" if v is None else f"{v:,.0f}"


def table(rows: list[tuple[str, dict]], sizes, dtype: str, kind: str) -> list[str]:
    out = ["| implementation | " + " | ".join(f"S={s}" for s in sizes) + " |",
           "|---|" + "---|" * len(sizes)]
    for label, data in rows:
        vals = [data.get((kind, label.split("@")[0], dtype, s)) for s in sizes]
        if all(v is None for v in vals):
            continue
        out.append(f"| {label.replace('@', ', ')} | " + " | ".join(fmt(v) for v in vals) + " |")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", action="append", default=[], metavar="LABEL=DIR",
                    help="a benchmark build directory, e.g. gcc=/tmp/bench-gcc (repeatable)")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=0.2)
    ap.add_argument("--filter", default=None, help="--benchmark_filter passed through")
    ap.add_argument("--json-dir", default=None, help="keep the raw JSON here")
    ap.add_argument("--from-json", default=None, metavar="DIR",
                    help="do not run: re-read the JSON that earlier --json-dir runs kept (a comma list: "
                         "the best of all of them)")
    ap.add_argument("--markdown", default=None, help="write the report here (e.g. docs/performance.md)")
    ap.add_argument("--plot", default=None, help="write the PNG plot here (needs matplotlib)")
    ap.add_argument("--no-torch", action="store_true")
    args = ap.parse_args()

    per_compiler: dict[str, dict] = {}
    peaks: dict[str, dict] = {}
    for spec in args.build:
        label, _, d = spec.partition("=")
        data: dict[tuple, float] = {}
        for exe in ("runtime_bench", "runtime_bench_contract"):
            path = os.path.join(d, "bench", "runtime", exe)
            if not args.from_json and not os.path.exists(path):
                print(f"missing {path}: build it first", file=sys.stderr)
                continue
            if args.from_json:
                for jd in args.from_json.split(","):  # several runs: the best of all
                    with open(os.path.join(jd, f"{label}-{exe}.json")) as f:
                        for key, rate in best_rates(json.load(f)).items():
                            data[key] = max(data.get(key, 0.0), rate)
                continue
            raw = run_binary(path, args.repetitions, args.min_time, args.filter)
            if args.json_dir:
                os.makedirs(args.json_dir, exist_ok=True)
                with open(os.path.join(args.json_dir, f"{label}-{exe}.json"), "w") as f:
                    json.dump(raw, f, indent=1)
            data.update(best_rates(raw))
        per_compiler[label] = data
        peaks[label] = {k: v for k, v in data.items() if k[0] == "peak"}
    torch_data = {} if args.no_torch else {**torch_mha(args.repetitions), **torch_gpt(args.repetitions)}

    runs = len(args.from_json.split(",")) if args.from_json else 1
    lines = ["Generated by `bench/runtime/report.py`; numbers are the best of "
             f"{runs} x {args.repetitions} repetitions (Google Benchmark, min time {args.min_time} s).", "",
             f"Machine: `{cpu_model()}`, "
             f"{os.cpu_count()} logical cores (shared); one thread.", ""]
    lines += ["## Peak of one core (GFLOP/s)", "",
              "| compiler | float FMA | float mul+add | double FMA | double mul+add |", "|---|---|---|---|---|"]
    for label, p in peaks.items():
        g = lambda impl, dt: p.get(("peak", impl, dt, 0))  # noqa: E731
        lines.append(f"| {label} | {fmt(g('fma', 'float'))} | {fmt(g('mul_add', 'float'))} | "
                     f"{fmt(g('fma', 'double'))} | {fmt(g('mul_add', 'double'))} |")
    lines.append("")
    lines += ["Causal MHA, float, S=128, as a fraction of the peak (bit-exact against the mul+add peak, "
              "contraction against the FMA peak):", ""]
    for label, data in per_compiler.items():
        p = peaks[label]
        be, ct = data.get(("mha", "constformer_bitexact", "float", 128)), data.get(("mha", "constformer_contract", "float", 128))
        pm, pf = p.get(("peak", "mul_add", "float", 0)), p.get(("peak", "fma", "float", 0))
        if be and pm:
            lines.append(f"- {label}: bit-exact {be:.1f} / {pm:.1f} = {100 * be / pm:.0f}%" +
                         (f"; contraction {ct:.1f} / {pf:.1f} = {100 * ct / pf:.0f}%" if ct and pf else ""))
    lines.append("")
    impls = [("constformer_bitexact", "constformer, bit-exact (-ffp-contract=off)"),
             ("constformer_contract", "constformer, -ffp-contract=fast"),
             ("eigen", "Eigen 3.4 fixed-size"), ("naive", "naive loops")]
    for dtype in ("float", "double"):
        lines += [f"## Causal multi-head attention, {dtype} (GFLOP/s, D=64, 4 heads, batch 1)", "",
                  "| implementation | " + " | ".join(f"S={s}" for s in SIZES) + " |",
                  "|---|" + "---|" * len(SIZES)]
        for label, data in per_compiler.items():
            for impl, desc in impls:
                vals = [data.get(("mha", impl, dtype, s)) for s in SIZES]
                if any(v is not None for v in vals):
                    lines.append(f"| {desc}, {label} | " + " | ".join(fmt(v) for v in vals) + " |")
        vals = [torch_data.get(("mha", "pytorch", dtype, s)) for s in SIZES]
        if any(v is not None for v in vals):
            lines.append("| PyTorch nn.MultiheadAttention, 1 thread | " + " | ".join(fmt(v) for v in vals) + " |")
        lines.append("")
        lines += [f"Bit-exact constformer against Eigen (same compiler, same run) and against the core's "
                  f"multiply-plus-add peak ({dtype}):", "",
                  "| ratio | " + " | ".join(f"S={s}" for s in SIZES) + " |", "|---|" + "---|" * len(SIZES)]
        for label, data in per_compiler.items():
            be = [data.get(("mha", "constformer_bitexact", dtype, s)) for s in SIZES]
            ei = [data.get(("mha", "eigen", dtype, s)) for s in SIZES]
            pk = peaks[label].get(("peak", "mul_add", dtype, 0))
            if any(e is not None for e in ei):
                lines.append(f"| constformer / Eigen, {label} | " + " | ".join(ratio(b, e) for b, e in zip(be, ei)) + " |")
            if pk:
                lines.append(f"| constformer / peak, {label} | " +
                             " | ".join("–" if b is None else f"{100 * b / pk:.0f}%" for b in be) + " |")
        lines.append("")
    for kind, unit, title in (("matmul", "GFLOP/s", "Matrix product (S x 64) * (64 x 64)"),
                              ("matmul_transposed", "GFLOP/s", "x W^T (S x 64, W 64 x 64), what `linear` does"),
                              ("softmax", "G elements/s", "softmax of S x S rows"),
                              ("layer_norm", "G elements/s", "LayerNorm of S rows of width 128 (the GPT's)"),
                              ("gelu", "G elements/s", "GELU (tanh) of S rows of width 512 (the GPT's feed-forward)")):
        for dtype in ("float", "double"):
            lines += [f"## {title}, {dtype} ({unit})", "",
                      "| implementation | " + " | ".join(f"S={s}" for s in SIZES) + " |",
                      "|---|" + "---|" * len(SIZES)]
            for label, data in per_compiler.items():
                for impl, desc in impls:
                    vals = [data.get((kind, impl, dtype, s)) for s in SIZES]
                    if any(v is not None for v in vals):
                        lines.append(f"| {desc}, {label} | " + " | ".join(fmt(v) for v in vals) + " |")
            lines.append("")
    lines += [f"## GPT forward, tokens per second (vocabulary {GPT['vocab']}, width {GPT['emb']}, "
              f"{GPT['heads']} heads, {GPT['layers']} layers, {GPT_TOKENS} tokens)", "",
              "| implementation | float | double |", "|---|---|---|"]
    tf, td = torch_data.get(("gpt", "pytorch", "float", 0)), torch_data.get(("gpt", "pytorch", "double", 0))
    for label, data in per_compiler.items():
        for impl, desc in impls[:2]:
            f, d = data.get(("gpt", impl, "float", 0)), data.get(("gpt", impl, "double", 0))
            if f is not None or d is not None:
                extra = f" ({ratio(f, tf)} / {ratio(d, td)} PyTorch)" if impl == "constformer_bitexact" and tf else ""
                lines.append(f"| {desc}, {label}{extra} | {fmt_count(f)} | {fmt_count(d)} |")
    if tf or td:
        lines.append(f"| PyTorch, 1 thread | {fmt_count(tf)} | {fmt_count(td)} |")
    lines.append("")
    lines += ["## exp (G elements/s)", "", "| implementation | float | double |", "|---|---|---|"]
    for label, data in per_compiler.items():
        for impl, desc in (("constformer_bitexact", "math::exp, bit-exact"),
                           ("constformer_contract", "math::exp, -ffp-contract=fast"), ("std", "std::exp (libm)")):
            f, d = data.get(("exp", impl, "float", 0)), data.get(("exp", impl, "double", 0))
            if f is not None or d is not None:
                lines.append(f"| {desc}, {label} | {fmt(f)} | {fmt(d)} |")
    lines.append("")
    if not torch_data and not args.no_torch:
        lines += ["PyTorch was not importable by this Python, so it has no row.", ""]

    if args.plot:
        try:
            import matplotlib  # noqa: PLC0415
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt  # noqa: PLC0415
        except ImportError:
            print("matplotlib not importable: no plot", file=sys.stderr)
        else:
            fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
            for ax, dtype in zip(axes, ("float", "double")):
                seen = set()
                for label, data in per_compiler.items():
                    for impl, desc in impls:
                        if impl == "naive" and impl in seen:
                            continue
                        ys = [data.get(("mha", impl, dtype, s)) for s in SIZES]
                        if all(y is None for y in ys):
                            continue
                        seen.add(impl)
                        ax.plot(SIZES, [math.nan if y is None else y for y in ys], marker="o",
                                label=f"{desc} ({label})")
                ys = [torch_data.get(("mha", "pytorch", dtype, s)) for s in SIZES]
                if any(y is not None for y in ys):
                    ax.plot(SIZES, [math.nan if y is None else y for y in ys], marker="s", label="PyTorch, 1 thread")
                ax.set_xscale("log", base=2)
                ax.set_xticks(SIZES, [str(s) for s in SIZES])
                ax.set_xlabel("sequence length S")
                ax.set_title(f"causal MHA, D=64, 4 heads, {dtype}")
                ax.grid(True, alpha=0.3)
            axes[0].set_ylabel("GFLOP/s (8·S·D² + 4·S²·D per forward)")
            axes[1].legend(fontsize=7)
            fig.tight_layout()
            fig.savefig(args.plot, dpi=110)
            lines += [f"![GFLOP/s against S]({os.path.basename(args.plot)})", ""]

    text = "\n".join(lines)
    if args.markdown:
        # Replace only what lies between the markers, so the hand-written parts stay.
        begin, end = "<!-- report.py:begin -->", "<!-- report.py:end -->"
        old = open(args.markdown).read() if os.path.exists(args.markdown) else f"{begin}\n{end}\n"
        if begin not in old or end not in old:
            old = old.rstrip("\n") + f"\n\n{begin}\n{end}\n"
        head, rest = old.split(begin, 1)
        tail = rest.split(end, 1)[1]
        with open(args.markdown, "w") as f:
            f.write(f"{head}{begin}\n{text}\n{end}{tail}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
