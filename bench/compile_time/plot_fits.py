#!/usr/bin/env python3
"""Plot what fits the compilers' default constant-evaluation budgets: the causal
multi_head_attention::forward (batch 1, float) as a share of each default budget, against the
sequence length S, for D = 64 and 128 and head widths 4, 16 and 64. The lines are the cost
model's estimates (include/constformer/model/constexpr_cost.hpp); the markers are compiles
under the default limits (constexpr_cost.py --fits --csv): a dot where it compiled, a cross
where it did not.

  /usr/bin/python3 bench/compile_time/constexpr_cost.py --fits --grid --kernel mha \\
      --seq 32,64,128,256 --dim 64 --heads 1,4,16 --compiler g++-12,clang++-19 --csv fits.csv
  /usr/bin/python3 bench/compile_time/plot_fits.py fits.csv docs/compile-time-fits.png
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cost_model  # noqa: E402

SEQ = [8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
CONFIGS = [(64, 16), (64, 4), (64, 1), (128, 32), (128, 8), (128, 2)]  # (D, H): widths 4, 16, 64
PANELS = [("gcc", "GCC 12 (2^25 operations)", 0, "g++"), ("clang", "Clang 19 (2^20 steps)", 1, "clang")]


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else None
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/compile-time-fits.png"
    rows = [{"kernel": "mha", "dtype": "float", "S": str(s), "D": str(d), "H": str(h), "N": ""}
            for d, h in CONFIGS for s in SEQ]
    est = cost_model.estimates(rows)
    measured = []
    if src:
        with open(src) as f:
            measured = [r for r in csv.DictReader(f) if r["kernel"] == "mha" and float(r["percent"]) == 100]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    for _, title, index, prefix in PANELS:
        ax = axes[index]
        for k, (d, h) in enumerate(CONFIGS):
            share = [100 * e[index] / (cost_model.driver.DEFAULT_LIMIT["gcc" if index == 0 else "clang"])
                     for e in est[k * len(SEQ):(k + 1) * len(SEQ)]]
            line, = ax.plot(SEQ, share, "-" if d == 64 else "--", label=f"D={d}, head width {d // h}")
            for r in measured:
                if r["compiler"].startswith(prefix) and int(r["D"]) == d and int(r["H"]) == h:
                    s = int(r["S"])
                    y = share[SEQ.index(s)] if s in SEQ else None
                    if y is not None:
                        ax.plot([s], [y], "o" if r["fits"] == "True" else "x", color=line.get_color(),
                                markersize=7, mew=2)
        ax.axhline(100, color="grey", linestyle=":", linewidth=1)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("sequence length S")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("% of the default budget (estimate)")
    axes[1].legend(fontsize=8, loc="upper left")
    fig.suptitle("causal multi_head_attention::forward, float, batch 1: dots compiled under the defaults, crosses did not")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
