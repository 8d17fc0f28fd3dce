#!/usr/bin/python3
"""The largest greedy generation of the tiny GPT that fits in one static_assert, per compiler.

The book's GPTModel in the tiny configuration of tests/fixtures/gpt (vocabulary 64, context 16,
emb_dim 32, 4 heads, 2 layers: 29,888 parameters), read at compile time from
gpt_tiny_seed123.f32.safetensors (a constant evaluation of its own), continues the fixture's
first prompt (4 tokens) by N tokens with cf::generate (key/value cache; once the 16-token window
is full every step re-runs the whole window, as generate_text_simple does) inside one
static_assert. For each compiler this finds the largest N that compiles under the default
limits (GCC -fconstexpr-ops-limit=2^25 and -fconstexpr-loop-limit=2^18, Clang
-fconstexpr-steps=2^20), by bisection on N, and reports its CPU time (user + system of one
-fsyntax-only compile), and the same for the next N (with the limit raised).

  gpt_generate_cost.py [--compiler g++-12,clang++-14,clang++-19] [--dtype float] [--max 64]
"""
import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import constexpr_cost as cc  # noqa: E402
import safetensors_cost as sc  # noqa: E402  (embed, cpu_seconds, base_cmd with tests/ included)

SOURCE = r"""
#include <array>
#include "constformer/model/generate.hpp"
#include "constformer/model/gpt.hpp"
#include "constformer/model/safetensors.hpp"
#include "fixtures_prompt.hpp"
#include "weights.hpp"
namespace cf = constformer;
using tiny_gpt = cf::gpt_model<%(T)s, cf::gpt_config{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2}>;
constexpr tiny_gpt model = cf::load_safetensors_or_fail<tiny_gpt, weights>();
//MEASURED
constexpr auto generated = cf::generate<%(N)d>(model, prompt);
static_assert(generated.ok && generated.ids[3] == prompt[3]);
//END
int main() {}
"""


def prompt_header(path):
    """The fixture's first prompt (in_idx row 0 of gpt_tiny_seed123.f32.json), as a header."""
    import json
    with open(os.path.join(cc.ROOT, "tests/fixtures/gpt/gpt_tiny_seed123.f32.json"), encoding="utf-8") as f:
        t = json.load(f)["tensors"]["in_idx"]
    ids = t["data"][: t["shape"][1]]
    with open(path, "w") as f:
        f.write("#include <array>\n#include \"constformer/nn/embedding.hpp\"\n")
        f.write("inline constexpr std::array<constformer::token_id, %d> prompt{%s};\n"
                % (len(ids), ", ".join(str(i) for i in ids)))


def write(tmp, dtype, n):
    src = os.path.join(tmp, "gen_%d.cpp" % n)
    with open(src, "w") as f:
        f.write(SOURCE % {"T": dtype, "N": n})
    return src


def largest(compiler, dtype, tmp, top):
    """Largest N in [1, top] whose generation compiles under the default limits (None if 1 fails)."""
    lo, hi = 0, top + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if cc.compile_once(compiler, write(tmp, dtype, mid), None)[0]:
            lo = mid
        else:
            hi = mid
    return lo or None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compiler", default="g++-12,clang++-14,clang++-19")
    ap.add_argument("--dtype", default="float")
    ap.add_argument("--max", type=int, default=64)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sc.embed(sc.GPT[args.dtype], os.path.join(tmp, "weights.hpp"))
        prompt_header(os.path.join(tmp, "fixtures_prompt.hpp"))
        old = cc.base_cmd
        cc.base_cmd = lambda compiler, src: old(compiler, src) + ["-I", tmp]
        print("| compiler | largest N (default limits) | N x parameters | CPU s | N+1 needs | CPU s (N+1, raised) | base CPU s |")
        print("|---|---|---|---|---|---|---|")
        for compiler in args.compiler.split(","):
            n = largest(compiler, args.dtype, tmp, args.max)
            if n is None:
                print("| %s | none | | | | | |" % compiler)
                continue
            secs, _ = sc.cpu_seconds(compiler, write(tmp, args.dtype, n), None)
            nxt = write(tmp, args.dtype, n + 1)
            fam = cc.family(compiler)
            need = cc.smallest_limit(compiler, nxt, cc.DEFAULT_LIMIT[fam], 0.01)
            secs_next, _ = sc.cpu_seconds(compiler, nxt, need)
            base = os.path.join(tmp, "base.cpp")
            with open(base, "w") as f:
                f.write(cc.re.sub(r"//MEASURED.*?//END", "", SOURCE % {"T": args.dtype, "N": 1}, flags=cc.re.S))
            base_secs, _ = sc.cpu_seconds(compiler, base, None)
            unit = "-fconstexpr-steps" if fam == "clang" else "-fconstexpr-ops-limit"
            print("| %s | %d | %d x 29,888 | %.2f | %s=%s | %.2f | %.2f |"
                  % (compiler, n, n, secs, unit, need, secs_next, base_secs), flush=True)


if __name__ == "__main__":
    main()
