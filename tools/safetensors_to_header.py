#!/usr/bin/python3
"""Turn a safetensors file into a C++ header that defines a constexpr model.

    safetensors_to_header.py WEIGHTS.safetensors --type 'cf::multi_head_attention<float, 3, 2, 6, 2>'
        --name my_model [--namespace weights] [--prefix 'model.'] [--tie out_head.weight=tok_emb.weight]
        [--include constformer/attention/multi_head.hpp] [--allow-narrowing] [--constinit]
        [-o my_model.hpp]

The header defines, in namespace NAMESPACE (default: global):

  namespace NAME_data {
    inline constexpr float W_query_weight[6] = {-0x1.e22a4cp-3f, ...};   // one array per tensor
    ...
    inline constexpr constformer::named_tensor<float> table[] = {{"W_query.weight", 2, {2, 3}, W_query_weight}, ...};
  }
  inline constexpr TYPE NAME = constformer::load_named_tensors_or_fail<TYPE, NAME_data::table, OPTIONS>();

Each tensor's values are exact hexadecimal floating-point literals: F32 tensors as float, F64
as double, F16 and BF16 widened exactly to float. The model is filled by state_dict name
(constformer::for_each_parameter): a parameter of TYPE that the file lacks, or one of another
shape, is a compile error naming the tensor (see docs/compile-time-weights.md). Tensors that
TYPE does not have are kept in the table and ignored; tensors of other dtypes (integers,
FP8) are left out. --prefix selects the tensors under a prefix (the table holds the names
without it); --tie NAME=SOURCE loads SOURCE into parameter NAME when the file has no NAME.
Double values load into a float model only with --allow-narrowing.

--constinit writes, instead of the constexpr variable, the declaration
`extern const TYPE NAME;` and, in the one translation unit that defines
NAMESPACE_NAME_DEFINITION (upper case, `::` as `_`) before including the header, the
definition `constinit const TYPE NAME = ...;` with the arrays: the model is built at compile
time into read-only data (flash on firmware), once, and the other translation units compile
none of it. It cannot be used in constant expressions.

Lines hold 8 values. Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import json
import os
import re
import struct
import sys

WIDTH = {"F16": 2, "BF16": 2, "F32": 4, "F64": 8}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        sys.exit(f"{path}: not a safetensors file (shorter than 8 bytes)")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        sys.exit(f"{path}: header length {n} past the end of the file")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            sys.exit(f"{path}: duplicate name(s) in the header: {', '.join(sorted(dup))}")
        return dict(pairs)

    header = json.loads(data[8:8 + n].decode("utf-8"), object_pairs_hook=no_duplicates)
    body = data[8 + n:]
    tensors = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        if not 0 <= begin <= end <= len(body):
            sys.exit(f"{path}: tensor {name}: data_offsets {info['data_offsets']} outside the data section")
        tensors.append((name, info["dtype"], list(info["shape"]), body[begin:end]))
    return tensors


def values(name, dtype, shape, raw):
    count = 1
    for d in shape:
        count *= d
    if len(raw) != count * WIDTH[dtype]:
        sys.exit(f"tensor {name}: {len(raw)} bytes for shape {shape} of {dtype}")
    if dtype == "F32":
        return list(struct.unpack("<%df" % count, raw))
    if dtype == "F64":
        return list(struct.unpack("<%dd" % count, raw))
    if dtype == "F16":
        return list(struct.unpack("<%de" % count, raw))
    bits = struct.unpack("<%dH" % count, raw)  # BF16: the top half of a float32
    return [struct.unpack("<f", struct.pack("<I", b << 16))[0] for b in bits]


def literal(v, ctype, raw_bits=None):
    """An exact C++ literal of v (a Python float holding a value of ctype)."""
    suffix = "f" if ctype == "float" else ""
    if v != v:  # NaN: keep the payload
        if ctype == "float":
            return "std::bit_cast<float>(0x%08xu)" % struct.unpack("<I", struct.pack("<f", v))[0]
        return "std::bit_cast<double>(0x%016xull)" % struct.unpack("<Q", struct.pack("<d", v))[0]
    if v in (float("inf"), float("-inf")):
        return ("-" if v < 0 else "") + f"std::numeric_limits<{ctype}>::infinity()"
    text = v.hex()  # e.g. -0x1.8000000000000p-3: exact
    sign = "-" if text.startswith("-") else ""
    mant, exp = text.lstrip("-")[2:].split("p")
    whole, _, frac = mant.partition(".")
    frac = frac.rstrip("0")
    return f"{sign}0x{whole}{'.' + frac if frac else ''}p{int(exp)}{suffix}"


def ident(name, used):
    out = re.sub(r"[^0-9A-Za-z_]", "_", name)
    if not out or out[0].isdigit():
        out = "t_" + out
    out = re.sub(r"__+", "_", out)  # no reserved double underscores
    if out[0] == "_":
        out = "t" + out
    base, k = out, 2
    while out in used:
        out = f"{base}_{k}"
        k += 1
    used.add(out)
    return out


def cxx_string(s):
    return '"' + "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\?' else
                         "".join("\\%03o" % b for b in c.encode("utf-8")) for c in s) + '"'


def array_lines(declaration, literals):
    """`declaration = {` and the literals, 8 to a line, and `};`."""
    return ([f"{declaration} = {{"] + ["    " + ", ".join(literals[i:i + 8]) + "," for i in range(0, len(literals), 8)]
            + ["};"])


def write_output(text, path):
    """Writes text to path, leaving an unchanged file untouched (nothing to rebuild); to stdout
    without a path."""
    if not path:
        sys.stdout.write(text)
        return
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(args):
    tensors = read_safetensors(args.weights)
    kept, skipped = [], []
    for name, dtype, shape, raw in tensors:
        if not name.startswith(args.prefix):
            continue
        if dtype not in WIDTH:
            skipped.append(f"{name} ({dtype})")
            continue
        kept.append((name[len(args.prefix):], dtype, shape, raw))
    if not kept:
        sys.exit(f"{args.weights}: no F32, F64, F16 or BF16 tensor under the prefix {args.prefix!r}")
    ctype = "double" if any(d == "F64" for _, d, _, _ in kept) else "float"
    for name, dtype, shape, _ in kept:
        if len(shape) > 8:
            sys.exit(f"tensor {name}: rank {len(shape)} (at most 8)")
    ns_path = args.namespace.split("::") if args.namespace else []
    guard = "_".join(["CONSTFORMER_WEIGHTS"] + [p.upper() for p in ns_path] + [args.name.upper(), "HPP"])
    define = "_".join([p.upper() for p in ns_path] + [args.name.upper(), "DEFINITION"])
    data_ns = f"{args.name}_data"

    ties = []
    for t in args.tie:
        if "=" not in t:
            sys.exit(f"--tie {t}: expected NAME=SOURCE")
        ties.append(t.split("=", 1))
    if len(ties) > 4:
        sys.exit("at most 4 --tie")
    opts = []
    if ties:
        opts.append(".ties = {" + ", ".join("{%s, %s}" % (cxx_string(a), cxx_string(b)) for a, b in ties) + "}")
    if args.allow_narrowing:
        opts.append(".allow_narrowing = true")
    options = f", constformer::safetensors_options{{{', '.join(opts)}}}" if opts else ""

    out = [f"// Generated by tools/safetensors_to_header.py from {os.path.basename(args.weights)}. Do not edit.",
           f"// {args.type} {args.name}: {len(kept)} tensors, "
           f"{sum(len(r) // WIDTH[d] for _, d, _, r in kept):,} values as {ctype}.",
           f"#ifndef {guard}", f"#define {guard}", "", "#include <bit>     // std::bit_cast (NaN payloads)",
           "#include <limits>  // std::numeric_limits (infinities)", "",
           '#include "constformer/model/safetensors.hpp"']
    out += [f'#include "{inc}"' for inc in (args.include or ["constformer.hpp"])]
    if skipped:
        out.append(f"// Left out (not F32, F64, F16 or BF16): {', '.join(skipped)}")
    out.append("")
    if ns_path:
        out.append(f"namespace {args.namespace} {{")
    if args.constinit:
        out += [f"//! {args.name}: the model, in read-only data, defined in the translation unit that defines",
                f"//! {define} before including this header.",
                f"extern const {args.type} {args.name};", "", f"#ifdef {define}"]
    out += [f"//! The tensors of {os.path.basename(args.weights)}, exact, by state_dict name.", f"namespace {data_ns} {{"]
    used, rows = set(), []
    for name, dtype, shape, raw in kept:
        vid = ident(name, used | {"table"})
        vals = values(name, dtype, shape, raw)
        lits = [literal(v, ctype) for v in vals]
        out.append(f"// {name}: {dtype} {shape}")
        if not lits:
            out.append(f"inline constexpr {ctype} {vid}[1] = {{}};  // no elements")
        else:
            out += array_lines(f"inline constexpr {ctype} {vid}[{len(lits)}]", lits)
        dims = ", ".join(str(d) for d in shape)
        rows.append(f"    {{{cxx_string(name)}, {len(shape)}, {{{dims}}}, {vid}}},")
    out.append("//! Every tensor by name, for constformer::load_named_tensors.")
    out.append(f"inline constexpr constformer::named_tensor<{ctype}> table[] = {{")
    out += rows
    out.append("};")
    out.append(f"}}  // namespace {data_ns}")
    load = f"constformer::load_named_tensors_or_fail<{args.type}, {data_ns}::table{options}>()"
    if args.constinit:
        out += [f"constinit const {args.type} {args.name} = {load};", f"#endif  // {define}"]
    else:
        out += [f"//! The model {args.type}, with the weights of {os.path.basename(args.weights)}.",
                f"inline constexpr {args.type} {args.name} = {load};"]
    if ns_path:
        out.append(f"}}  // namespace {args.namespace}")
    out.append(f"#endif  // {guard}")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("weights", help="the .safetensors file")
    ap.add_argument("--type", required=True, help="the C++ module type, e.g. 'constformer::linear<float, 3, 2, true>'")
    ap.add_argument("--name", required=True, help="the variable's name")
    ap.add_argument("--namespace", default="", help="namespace of the variable and its data (a::b allowed)")
    ap.add_argument("--prefix", default="", help="only tensors whose names start with this; the table drops it")
    ap.add_argument("--tie", action="append", default=[], help="NAME=SOURCE: load SOURCE when NAME is absent")
    ap.add_argument("--include", action="append", help="header defining the type (default: constformer.hpp)")
    ap.add_argument("--allow-narrowing", action="store_true", help="double values into a float model")
    ap.add_argument("--constinit", action="store_true", help="extern declaration + one constinit definition")
    ap.add_argument("-o", "--output", help="the header to write (default: stdout)")
    args = ap.parse_args()
    if not re.fullmatch(r"[A-Za-z_]\w*", args.name):
        sys.exit(f"--name {args.name}: not a C++ identifier")
    write_output(generate(args), args.output)


if __name__ == "__main__":
    main()
