#!/usr/bin/env python3
"""Plot the compile-time cost figures of constexpr_cost.py (its --csv output).

  /usr/bin/python3 bench/compile_time/plot.py bench/compile_time/results.csv docs/compile-time.png

Left: the smallest passing limit (Clang steps, GCC ops) against multiply-adds, with each
compiler's default limit as a dashed line. Right: wall time of one compile against
multiply-adds. One line per (compiler, kernel, dtype); log-log axes.
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DEFAULTS = {"steps": 1048576, "ops": 33554432}


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "bench/compile_time/results.csv"
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/compile-time.png"
    series = defaultdict(list)
    with open(src) as f:
        for row in csv.DictReader(f):
            key = (row["compiler"], row["kernel"], row["dtype"], row["unit"])
            series[key].append((int(row["macs"]), int(row["limit"]), float(row["seconds"])))

    fig, (ax_cost, ax_time) = plt.subplots(1, 2, figsize=(12, 4.8))
    for (compiler, kernel, dtype, unit), points in sorted(series.items()):
        points.sort()
        macs = [p[0] for p in points]
        style = "-o" if unit == "steps" else "--s"
        label = f"{compiler} {kernel} {dtype}"
        ax_cost.plot(macs, [p[1] for p in points], style, label=f"{label} ({unit})")
        ax_time.plot(macs, [p[2] for p in points], style, label=label)
    for unit, limit in DEFAULTS.items():
        ax_cost.axhline(limit, color="grey", linestyle=":", linewidth=1)
        ax_cost.annotate(f"default {unit} limit", (1, limit), xycoords=("axes fraction", "data"),
                         ha="right", va="bottom", fontsize=8, color="grey")
    for ax in (ax_cost, ax_time):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("multiply-adds per constant expression")
        ax.grid(True, which="both", alpha=0.3)
    ax_cost.set_ylabel("smallest passing limit (Clang steps / GCC ops)")
    ax_time.set_ylabel("wall time of one compile (s)")
    ax_cost.legend(fontsize=7)
    ax_time.legend(fontsize=7)
    fig.suptitle("constformer: constant-evaluation cost against problem size")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
