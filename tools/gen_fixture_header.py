#!/usr/bin/env python3
"""Turn reference fixture JSON files into C++ headers of constexpr arrays.

Usage: gen_fixture_header.py OUT_DIR FILE.json [FILE.json ...]

For NAME.f32.json it writes OUT_DIR/NAME_f32.hpp with namespace
constformer_fixtures::NAME_f32 holding, per tensor, `<id>` (flat row-major data, in the
file's dtype) and `<id>_shape`. Tensor names are mangled to identifiers: "." -> "_".
- float32 / float64 tensors become `float` / `double` arrays. Values are written with 17
  significant digits (float32 values are exact in the file), so the generated literals
  round to exactly the file's numbers. Non-finite values ("-inf", ...) use
  std::numeric_limits. Negative zero (`-0` or `-0.0` in the file) stays `-0.0`.
- int64 tensors (token ids) become `std::int64_t` arrays.
- A 0-d tensor (shape []) becomes a one-element array plus `<id>_rank = 0` instead of a
  `_shape` array (C++ has no zero-length arrays).
- `tensors` lists the floating-point tensors by their PyTorch names (for loading by name),
  `int_tensors` the int64 ones, when the file has any.
- `counts` (a flat object of integers) becomes integer constants in the file's namespace,
  as before; every other top-level object (`params`, `checks`, `counts_124M`, ...) becomes
  a nested namespace of its numbers, booleans and lists of numbers (strings are left out),
  recursively, so a file without tensors (parameter_counts_gpt.json) still gives a header.
Only the standard library is used, so the build needs nothing else.
"""
import json
import os
import re
import sys

# Top-level keys handled on their own, or not numbers at all.
SPECIAL_KEYS = {"tensors", "counts", "meta"}


CPP_KEYWORDS = set("""alignas alignof and asm auto bitand bitor bool break case catch char
class compl concept const consteval constexpr constinit const_cast continue decltype default
delete do double dynamic_cast else enum explicit export extern false float for friend goto if
inline int long mutable namespace new noexcept not nullptr operator or private protected public
register reinterpret_cast requires return short signed sizeof static static_assert static_cast
struct switch template this thread_local throw true try typedef typeid typename union unsigned
using virtual void volatile while xor""".split())


def ident(name):
    # Every non-identifier character becomes "_" ("W_query.weight" -> "W_query_weight");
    # the tests name fixture values this way, so the rule stays as it is.
    out = re.sub(r"[^0-9A-Za-z_]", "_", name) or "_"
    out = "_" + out if out[0].isdigit() else out
    return out + "_" if out in CPP_KEYWORDS else out


def parse_int(text):
    # json reads "-0" as the integer 0; the fixtures mean the float -0.0 by it.
    return -0.0 if text.strip() == "-0" else int(text)


def literal(v, ctype):
    if ctype == "std::int64_t":
        if isinstance(v, float) and not v.is_integer():
            sys.exit(f"non-integer value {v} in an int64 tensor")
        return f"{int(v)}"
    if isinstance(v, str):
        lim = f"std::numeric_limits<{ctype}>"
        return {"inf": f"{lim}::infinity()", "-inf": f"-{lim}::infinity()",
                "nan": f"{lim}::quiet_NaN()"}[v]
    text = "%.17g" % float(v)
    if not any(ch in text for ch in ".eEn"):
        text += ".0"
    return text + ("f" if ctype == "float" else "")


def ctype_of(path, name, dtype):
    types = {"float32": "float", "float64": "double", "int64": "std::int64_t"}
    if dtype not in types:
        sys.exit(f"{path}: tensor {name}: unsupported dtype {dtype}")
    return types[dtype]


def numbers(lines, key, value, indent=""):
    """Declarations for one JSON value under `key`: numbers, booleans, lists of numbers,
    and objects as nested namespaces. Strings (and lists of anything else) are skipped."""
    name = ident(key)
    if isinstance(value, bool):
        lines.append(f"{indent}inline constexpr bool {name} = {'true' if value else 'false'};")
    elif isinstance(value, int):
        lines.append(f"{indent}inline constexpr long long {name} = {value}LL;")
    elif isinstance(value, float):
        lines.append(f"{indent}inline constexpr double {name} = {literal(value, 'double')};")
    elif isinstance(value, list) and value and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        if all(isinstance(v, int) for v in value):
            vals = ", ".join(f"{v}LL" for v in value)
            lines.append(f"{indent}inline constexpr long long {name}[{len(value)}] = {{{vals}}};")
        else:
            vals = ", ".join(literal(v, "double") for v in value)
            lines.append(f"{indent}inline constexpr double {name}[{len(value)}] = {{{vals}}};")
    elif isinstance(value, dict):
        inner = []
        seen = {}
        for k, v in value.items():
            count = len(inner)
            numbers(inner, k, v, indent + "  ")
            if len(inner) > count:
                if ident(k) in seen:
                    sys.exit(f"keys {seen[ident(k)]!r} and {k!r} both become `{ident(k)}`")
                seen[ident(k)] = k
        if inner:
            lines.append(f"{indent}// {key}")
            lines.append(f"{indent}namespace {name} {{")
            lines.extend(inner)
            lines.append(f"{indent}}}  // namespace {name}")


def generate(path, out_dir):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f, parse_int=parse_int)
    base = os.path.basename(path)[: -len(".json")]
    ns = ident(base.replace(".", "_"))
    lines = [
        f"// Generated by tools/gen_fixture_header.py from {os.path.basename(path)}. Do not edit.",
        f"#ifndef CONSTFORMER_FIXTURE_{ns.upper()}_HPP",
        f"#define CONSTFORMER_FIXTURE_{ns.upper()}_HPP",
        "#include <cstddef>",
        "#include <cstdint>",
        "#include <limits>",
        "namespace constformer_fixtures {",
        "#ifndef CONSTFORMER_FIXTURE_ENTRY_DEFINED",
        "#define CONSTFORMER_FIXTURE_ENTRY_DEFINED",
        "//! One tensor of a fixture under its PyTorch name, for loading by name.",
        "template <class T>",
        "struct fixture_entry {",
        "  const char* name;",
        "  const T* data;",
        "  std::size_t size;",
        "};",
        "#endif",
        "}  // namespace constformer_fixtures",
        f"namespace constformer_fixtures::{ns} {{",
    ]
    declared = {}

    def declare(identifier, what):
        if identifier in declared:
            sys.exit(f"{path}: {what} and {declared[identifier]} both become `{identifier}`")
        declared[identifier] = what

    for name, value in doc.get("counts", {}).items():
        if isinstance(value, int):
            declare(ident(name), f"count {name!r}")
            lines.append(f"// {name}")
            lines.append(f"inline constexpr unsigned long long {ident(name)} = {value}ULL;")
    entries = []
    for name, t in doc.get("tensors", {}).items():
        ctype = ctype_of(path, name, t["dtype"])
        data = t["data"]
        shape = t["shape"]
        count = 1
        for s in shape:
            count *= s
        if count != len(data):
            sys.exit(f"{path}: tensor {name}: shape {shape} but {len(data)} values")
        vid = ident(name)
        declare(vid, f"tensor {name!r}")
        declare(vid + ("_shape" if shape else "_rank"), f"the shape of {name!r}")
        vals = ", ".join(literal(v, ctype) for v in data)
        lines.append(f"// {name}: shape {shape}, role {t.get('role', '?')}")
        lines.append(f"inline constexpr {ctype} {vid}[{len(data)}] = {{{vals}}};")
        entries.append((ctype, f'{{"{name}", {vid}, {len(data)}}}'))
        if shape:
            dims = ", ".join(str(s) for s in shape)
            lines.append(f"inline constexpr std::size_t {vid}_shape[{len(shape)}] = {{{dims}}};")
        else:
            lines.append(f"inline constexpr std::size_t {vid}_rank = 0;")
    float_types = {c for c, _ in entries if c != "std::int64_t"}
    if len(float_types) > 1:
        sys.exit(f"{path}: float32 and float64 tensors in one file")
    for table, ctype in (("tensors", float_types.pop() if float_types else None), ("int_tensors", "std::int64_t")):
        rows = [e for c, e in entries if c == ctype]
        if rows:
            declare(table, "the name table")
            lines.append("// Every tensor by its PyTorch name (state_dict names for parameters).")
            lines.append(f"inline constexpr fixture_entry<{ctype}> {table}[{len(rows)}] = {{")
            lines.extend(f"    {e}," for e in rows)
            lines.append("};")
    for key, value in doc.items():
        if key not in SPECIAL_KEYS and isinstance(value, (dict, list)):
            before = len(lines)
            numbers(lines, key, value)
            if len(lines) > before:
                declare(ident(key), f"key {key!r}")
    lines.append(f"}}  // namespace constformer_fixtures::{ns}")
    lines.append("#endif")
    target = os.path.join(out_dir, ns + ".hpp")
    text = "\n".join(lines) + "\n"
    # Leave an unchanged header untouched so dependent objects are not rebuilt.
    if os.path.exists(target):
        with open(target, encoding="utf-8") as f:
            if f.read() == text:
                return
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for p in sys.argv[2:]:
        generate(p, out_dir)


if __name__ == "__main__":
    main()
