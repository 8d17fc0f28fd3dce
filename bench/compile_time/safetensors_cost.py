#!/usr/bin/python3
"""Measure the constant-evaluation cost of reading weights at compile time, exactly.

Cases, each one constant expression (its smallest passing -fconstexpr-steps on Clang,
-fconstexpr-ops-limit on GCC, found by bisection as in constexpr_cost.py):

  parse      cf::parse_safetensors of the tiny GPT's file (header of 3,168 bytes, 31 tensors)
  gpt        parse + cf::load_safetensors_tensor of all 31 tensors (29,888 values) in header
             order, into a struct of matrices (tests/cases/safetensors_gpt_tensors.hpp)
  gptmodel   cf::load_safetensors_or_fail of the tiny GPT's file into cf::gpt_model (31 tensors)
  module     cf::load_safetensors_or_fail of a module of 28 cf::linear<T, 32, 32, true>
             (29,568 parameters, 56 tensors) from a file this script writes
  header     the model from tools/safetensors_to_header.py's header of that module: one
             constexpr variable filled by name from per-tensor arrays of hex-float literals

The files are embedded with cmake/constformer_embed.cmake (a string literal). Also times one
whole compile (-fsyntax-only, CPU time: user + system, steadier than wall time on a shared
machine) with the default limits, or the measured ones when needed, and the same file without
the measured case.

  safetensors_cost.py --compiler g++-12,clang++-14,clang++-19 [--dtype float,double] [--case gpt,module]
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import constexpr_cost as cc  # noqa: E402  (smallest_limit, compile_once, timed, ...)

ROOT = cc.ROOT
_base_cmd = cc.base_cmd
cc.base_cmd = lambda compiler, src: _base_cmd(compiler, src) + ["-I", os.path.join(ROOT, "tests")]
GPT = {"float": os.path.join(ROOT, "tests/fixtures/gpt/gpt_tiny_seed123.f32.safetensors"),
       "double": os.path.join(ROOT, "tests/fixtures/gpt/gpt_tiny_seed123.f64.safetensors")}
LAYERS = 28

GPT_SOURCE = r"""
#include "cases/safetensors_gpt_tensors.hpp"
#include "weights.hpp"
namespace cf = constformer;
constexpr cf_test::gpt_tensors<%(T)s> load() {
  cf_test::gpt_tensors<%(T)s> g{};
  return cf_test::load_gpt_tensors(g, cf::parse_safetensors(weights)) == 31 ? g : throw "a tensor did not load";
}
//MEASURED
constexpr auto model = load();
static_assert(model.head(63, 31) != 0);
//END
int main() {}
"""

GPT_MODEL_SOURCE = r"""
#include "constformer/model/gpt.hpp"
#include "constformer/model/safetensors.hpp"
#include "weights.hpp"
namespace cf = constformer;
using tiny_gpt = cf::gpt_model<%(T)s, cf::gpt_config{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2}>;
//MEASURED
constexpr tiny_gpt model = cf::load_safetensors_or_fail<tiny_gpt, weights>();
static_assert(model.out_head.weight(63, 31) != 0);
//END
int main() {}
"""

PARSE_SOURCE = r"""
#include "constformer/model/safetensors.hpp"
#include "weights.hpp"
namespace cf = constformer;
using unused = %(T)s;
//MEASURED
constexpr auto file = cf::parse_safetensors(weights);
static_assert(file.ok() && file.tensor_count() == 31);
//END
int main() {}
"""

MODULE_SOURCE = r"""
#include <array>
#include "constformer/model/safetensors.hpp"
#include "constformer/nn/linear.hpp"
#include "weights.hpp"
namespace cf = constformer;
using T = %(T)s;
using model_type = std::array<cf::linear<T, 32, 32, true>, %(L)d>;
//MEASURED
constexpr model_type model = cf::load_safetensors_or_fail<model_type, weights>();
static_assert(model[%(L)d - 1].bias(0, 31) != T(0));
//END
int main() {}
"""

HEADER_SOURCE = r"""
#include <array>
#include "constformer/nn/linear.hpp"
#include "model_header.hpp"
//MEASURED
static_assert(gen::model[%(L)d - 1].bias(0, 31) != %(T)s(0));
//END
int main() {}
"""


def module_file(path, dtype):
    """A safetensors file for std::array<linear<T, 32, 32, true>, LAYERS>: names i.weight, i.bias."""
    fmt, width, name = ("f", 4, "F32") if dtype == "float" else ("d", 8, "F64")
    entries, blobs, at = [], [], 0
    seed = 1
    for i in range(LAYERS):
        for n, shape in (("weight", [32, 32]), ("bias", [32])):
            count = shape[0] * (shape[1] if len(shape) > 1 else 1)
            vals = []
            for _ in range(count):
                seed = (seed * 1664525 + 1013904223) % 2**32
                vals.append(((seed >> 8) / 2**24 - 0.5) * 0.25)
            blob = struct.pack("<%d%s" % (count, fmt), *vals)
            entries.append('"%d.%s":{"dtype":"%s","shape":%s,"data_offsets":[%d,%d]}'
                           % (i, n, name, str(shape).replace(" ", ""), at, at + len(blob)))
            blobs.append(blob)
            at += len(blob)
    header = ("{" + ",".join(entries) + "}").encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + b"".join(blobs))


def embed(src, header):
    subprocess.run(["cmake", "-DCONSTFORMER_EMBED_INPUT=" + src, "-DCONSTFORMER_EMBED_OUTPUT=" + header,
                    "-DCONSTFORMER_EMBED_VAR=weights", "-P", os.path.join(ROOT, "cmake/constformer_embed.cmake")],
                   check=True)


def cpu_seconds(compiler, src, limit):
    """CPU time (user + system) and peak memory (MiB) of one -fsyntax-only compile."""
    cmd = cc.base_cmd(compiler, src) + ([cc.limit_flag(compiler, limit)] if limit is not None else [])
    r = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, capture_output=True, text=True, check=True)
    user, system, kib = r.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(kib) // 1024


def measure(compiler, case, dtype, tmp):
    fam = cc.family(compiler)
    hpp = os.path.join(tmp, "weights.hpp")
    if case in ("module", "header"):
        st = os.path.join(tmp, "module.safetensors")
        module_file(st, dtype)
        embed(st, hpp)
        if case == "header":
            subprocess.run([sys.executable, os.path.join(ROOT, "tools/safetensors_to_header.py"), st,
                            "--type", "std::array<constformer::linear<%s, 32, 32, true>, %d>" % (dtype, LAYERS),
                            "--name", "model", "--namespace", "gen", "-o", os.path.join(tmp, "model_header.hpp")],
                           check=True)
        text = (MODULE_SOURCE if case == "module" else HEADER_SOURCE) % {"T": dtype, "L": LAYERS}
    else:
        embed(GPT[dtype], hpp)
        text = {"parse": PARSE_SOURCE, "gpt": GPT_SOURCE, "gptmodel": GPT_MODEL_SOURCE}[case] % {"T": dtype}
    src = os.path.join(tmp, "k.cpp")
    base_src = os.path.join(tmp, "base.cpp")
    with open(src, "w") as f:
        f.write(text)
    with open(base_src, "w") as f:
        f.write(cc.re.sub(r"//MEASURED.*?//END", "", text, flags=cc.re.S))
    ok, err = cc.compile_once(compiler, src, cc.MAX_LIMIT)
    if not ok:
        sys.exit(f"{compiler} {case} {dtype}: does not compile even with the largest limit:\n{err}")
    cost = cc.smallest_limit(compiler, src, 200000 if fam == "clang" else 4000000, 0.0)
    fits = cc.compile_once(compiler, src, None)[0]
    seconds, mib = cpu_seconds(compiler, src, None if fits else cost)
    base_seconds, _ = cpu_seconds(compiler, base_src, None)
    default = cc.DEFAULT_LIMIT[fam]
    return dict(compiler=compiler, case=case, dtype=dtype, unit="steps" if fam == "clang" else "ops",
                limit=cost, percent=100.0 * cost / default, fits=fits, seconds=seconds,
                extra_seconds=seconds - base_seconds, mib=mib)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compiler", default="g++-12,clang++-14,clang++-19")
    ap.add_argument("--dtype", default="float")
    ap.add_argument("--case", default="parse,gpt,gptmodel,module,header")
    args = ap.parse_args()
    print("| case | compiler | dtype | smallest limit | % of default | fits default | compile CPU s (of which the case) | peak MiB |")
    print("|---|---|---|---:|---:|---|---:|---:|")
    for case in args.case.split(","):
        for dtype in args.dtype.split(","):
            for compiler in args.compiler.split(","):
                with tempfile.TemporaryDirectory() as tmp:
                    r = measure(compiler, case, dtype, tmp)
                print(f"| {r['case']} | {r['compiler']} | {r['dtype']} | {r['limit']:,} {r['unit']} | "
                      f"{r['percent']:.1f} | {'yes' if r['fits'] else 'no'} | {r['seconds']:.2f} "
                      f"({r['extra_seconds']:+.2f}) | {r['mib']} |", flush=True)


if __name__ == "__main__":
    main()
