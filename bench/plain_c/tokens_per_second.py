#!/usr/bin/python3
"""Tokens per second of the character GPT of models/gpl3_char on this machine, side by side in
one run: constformer and the plain C baseline (gpl3_char_speed, built by CMake with the same
compiler and flags) and PyTorch on one thread (the book's generate_text_simple, float32).

    /usr/bin/python3 bench/plain_c/tokens_per_second.py [--speed build/gcc/bench/plain_c/gpl3_char_speed]
                                                        [--seconds 3]

Workloads, after the prompt "GNU General Public License" (26 characters):
  fill   38 new characters: the window of 64 positions fills up (constformer and the plain C
         compute one position per step from the key/value cache; PyTorch re-runs the window)
  slide  64 new characters: after 38 the window slides, and every step re-runs it

Prints a Markdown table. Run it on an otherwise idle machine: the three are timed one after
another, each for --seconds.
"""
import argparse
import pathlib
import subprocess
import sys
import time

import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import train_char_gpt  # noqa: E402


def torch_rate(model, prompt_ids, new_tokens, ctx, seconds):
    idx = torch.tensor([prompt_ids])
    runs, start = 0, time.perf_counter()
    while True:
        out = train_char_gpt.generate_text_simple(model, idx, new_tokens, ctx)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return out[0].tolist(), runs * new_tokens / elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--speed", default=str(ROOT / "build/gcc/bench/plain_c/gpl3_char_speed"))
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()

    rows = []
    native = subprocess.run([args.speed, "--seconds", str(args.seconds)], check=True, capture_output=True,
                            text=True).stdout
    for line in native.splitlines():
        impl, workload, new, _runs, _secs, rate = line.split()
        rows.append((workload, int(new), impl, float(rate)))

    torch.set_num_threads(1)
    cfg, vocab, state = train_char_gpt.load_model_file(ROOT / "models/gpl3_char/model.f32.safetensors")
    model = train_char_gpt.build_model(cfg, state, torch.float32)
    prompt = train_char_gpt.encode("GNU General Public License", vocab)
    ctx = cfg["context_length"]
    for workload, new in (("fill", ctx - len(prompt)), ("slide", 64)):
        _, rate = torch_rate(model, prompt, new, ctx, args.seconds)
        rows.append((workload, new, f"pytorch_{torch.__version__.split('+')[0]}_1_thread", rate))

    print("| workload | new tokens | implementation | tokens/s |")
    print("|---|---:|---|---:|")
    for workload, new, impl, rate in sorted(rows, key=lambda r: (r[0] != "fill", -r[3])):
        print(f"| {workload} | {new} | {impl} | {rate:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
