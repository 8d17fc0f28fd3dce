#!/usr/bin/python3
"""Writes PyTorch weights as a safetensors file, and reads such files back.

Command line:

    /usr/bin/python3 tools/export_safetensors.py MODEL.pt OUT.safetensors
        [--drop REGEX ...] [--dtype f32|f64|f16|bf16] [--metadata KEY=VALUE ...]

MODEL.pt holds what `torch.save` wrote: a state_dict (a mapping of names to tensors; a
checkpoint dict with a `model_state_dict` or `state_dict` entry also works) or a whole
`nn.Module` (its class must be importable). For an `nn.Module` only its parameters are written
(`named_parameters` names, buffers such as `att.mask` left out). For a state_dict every key is
written except those matching a `--drop` regular expression (searched with `re.search`); the
default is `(^|\\.)mask$`, which leaves out the causal-mask buffers of the book's attention
modules. `--drop` with no pattern writes every key; `--drop A B` replaces the default by A and B.
`--dtype` converts every floating-point tensor; without it each tensor keeps its dtype.

A parameter shared by two names (weight tying) is written once under each name; the metadata
entry `tied` lists the names that shared storage.

As a module:

    from export_safetensors import save_state_dict, load_safetensors
    save_state_dict(model.state_dict(), "out.safetensors", metadata={"config": "..."})
    tensors, metadata = load_safetensors("out.safetensors")

File layout (https://huggingface.co/docs/safetensors): an unsigned 64-bit little-endian header
length N; N bytes of compact UTF-8 JSON, padded with spaces so that N is a multiple of 8, whose
first key is `__metadata__` (string to string, `format` first, "pt" unless given); then the
tensors, contiguous, in the order given, each row-major and little-endian. Only the standard
library, torch and numpy are used (not the `safetensors` package).
"""

import argparse
import collections
import json
import re
import struct
import sys

import numpy as np
import torch

#: safetensors dtype name -> (torch dtype, little-endian numpy dtype used for the bytes).
#: bfloat16 has no numpy type; its bits travel as int16.
DTYPES = collections.OrderedDict([
    ("F64", (torch.float64, "<f8")),
    ("F32", (torch.float32, "<f4")),
    ("F16", (torch.float16, "<f2")),
    ("BF16", (torch.bfloat16, "<i2")),
    ("I64", (torch.int64, "<i8")),
    ("I32", (torch.int32, "<i4")),
    ("I16", (torch.int16, "<i2")),
    ("I8", (torch.int8, "i1")),
    ("U8", (torch.uint8, "u1")),
    ("BOOL", (torch.bool, "?")),
])
_NAME_OF = {torch_dtype: name for name, (torch_dtype, _) in DTYPES.items()}

#: --dtype choices.
CLI_DTYPES = {"f32": torch.float32, "f64": torch.float64, "f16": torch.float16,
              "bf16": torch.bfloat16}

#: Keys a state_dict export leaves out unless told otherwise: the attention mask buffers.
DEFAULT_DROP = [r"(^|\.)mask$"]

HEADER_LIMIT = 100_000_000  # the limit the reference implementation enforces


def _tensor_bytes(tensor):
    t = tensor.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
        np_dtype = "<i2"
    else:
        np_dtype = DTYPES[_NAME_OF[t.dtype]][1]
    return np.ascontiguousarray(t.numpy(), dtype=np.dtype(np_dtype)).tobytes()


def serialize(state_dict, metadata=None):
    """Returns the bytes of a safetensors file holding `state_dict` in its iteration order.

    `metadata` is an optional mapping of str to str, stored as `__metadata__` after
    `format: pt` (a `format` entry in `metadata` replaces that value, keeping it first).
    Raises TypeError or ValueError on bad names, metadata or tensor types.
    """
    md = collections.OrderedDict([("format", "pt")])
    for key, value in (metadata or {}).items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"metadata must map str to str, got {key!r}: {type(value).__name__}")
        md[key] = value
    header = collections.OrderedDict([("__metadata__", md)])
    chunks = []
    offset = 0
    for name, tensor in state_dict.items():
        if not isinstance(name, str) or name == "__metadata__" or name in header:
            raise ValueError(f"bad or repeated tensor name {name!r}")
        if not isinstance(tensor, torch.Tensor):
            raise TypeError(f"{name}: expected a torch.Tensor, got {type(tensor).__name__}")
        if tensor.layout != torch.strided:
            raise TypeError(f"{name}: only dense tensors can be written, got {tensor.layout}")
        if tensor.dtype not in _NAME_OF:
            raise TypeError(f"{name}: dtype {tensor.dtype} has no safetensors name here")
        data = _tensor_bytes(tensor)
        header[name] = collections.OrderedDict([
            ("dtype", _NAME_OF[tensor.dtype]),
            ("shape", list(tensor.shape)),
            ("data_offsets", [offset, offset + len(data)]),
        ])
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def save_state_dict(state_dict, path, metadata=None):
    """Writes `state_dict` (name -> tensor, in its iteration order) to the safetensors file
    `path`, with `metadata` (str -> str) in `__metadata__`. Returns the number of bytes."""
    blob = serialize(state_dict, metadata)
    with open(path, "wb") as f:
        f.write(blob)
    return len(blob)


def parse(blob, where="<bytes>"):
    """Parses safetensors bytes strictly: returns (OrderedDict name -> tensor in header order,
    metadata dict). Raises ValueError naming `where` and the tensor on any inconsistency."""
    if len(blob) < 8:
        raise ValueError(f"{where}: {len(blob)} bytes, too short for the header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > HEADER_LIMIT or 8 + n > len(blob):
        raise ValueError(f"{where}: header length {n} does not fit in {len(blob)} bytes")
    raw = blob[8:8 + n]
    if raw[:1] != b"{":
        raise ValueError(f"{where}: header does not start with '{{'")
    stripped = raw.rstrip(b" ")
    try:
        header = json.loads(stripped.decode("utf-8"),
                            object_pairs_hook=collections.OrderedDict)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{where}: header is not UTF-8 JSON ({e})") from None
    if not isinstance(header, dict):
        raise ValueError(f"{where}: header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise ValueError(f"{where}: __metadata__ must map str to str")
    data = blob[8 + n:]
    spans = []
    tensors = collections.OrderedDict()
    for name, info in header.items():
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            raise ValueError(f"{where}: tensor {name}: expected dtype, shape, data_offsets")
        dtype, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
        if dtype not in DTYPES:
            raise ValueError(f"{where}: tensor {name}: unknown dtype {dtype!r}")
        if (not isinstance(shape, list) or not all(
                isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape)):
            raise ValueError(f"{where}: tensor {name}: bad shape {shape!r}")
        if (not isinstance(offsets, list) or len(offsets) != 2 or not all(
                isinstance(o, int) and not isinstance(o, bool) for o in offsets)
                or not 0 <= offsets[0] <= offsets[1] <= len(data)):
            raise ValueError(f"{where}: tensor {name}: bad data_offsets {offsets!r} "
                             f"for a data section of {len(data)} bytes")
        torch_dtype, np_dtype = DTYPES[dtype]
        count = 1
        for d in shape:
            count *= d
        expected = count * np.dtype(np_dtype).itemsize
        if offsets[1] - offsets[0] != expected:
            raise ValueError(f"{where}: tensor {name}: {offsets[1] - offsets[0]} bytes, "
                             f"expected {expected} for {dtype} {shape}")
        array = np.frombuffer(data, dtype=np_dtype, count=count, offset=offsets[0])
        t = torch.from_numpy(array.astype(array.dtype.newbyteorder("="))).reshape(shape)
        if torch_dtype == torch.bfloat16:
            t = t.view(torch.bfloat16)
        tensors[name] = t
        spans.append((offsets[0], offsets[1], name))
    position = 0
    for begin, end, name in sorted(spans):
        if begin != position:
            raise ValueError(f"{where}: tensor {name}: starts at {begin}, expected {position} "
                             "(tensors must be contiguous without overlap)")
        position = end
    if position != len(data):
        raise ValueError(f"{where}: tensors cover {position} of {len(data)} data bytes")
    return tensors, dict(metadata)


def load_safetensors(path):
    """Reads the safetensors file `path`: returns (OrderedDict name -> tensor in header order,
    metadata dict str -> str). Checks the layout strictly (see `parse`)."""
    with open(path, "rb") as f:
        return parse(f.read(), str(path))


def tied_names(state_dict):
    """Groups of names in `state_dict` whose tensors share the same storage, shape and
    strides (the same parameter under two names)."""
    groups = collections.OrderedDict()
    for name, t in state_dict.items():
        if t.numel() == 0:
            continue
        key = (t.data_ptr(), tuple(t.shape), tuple(t.stride()), t.dtype)
        groups.setdefault(key, []).append(name)
    return [names for names in groups.values() if len(names) > 1]


def module_parameters(module):
    """An nn.Module's parameters by name, in state_dict order; a tied parameter appears under
    each of its names (named_parameters would list it once)."""
    params = {id(p) for p in module.parameters()}
    return collections.OrderedDict(
        (name, t) for name, t in module.state_dict(keep_vars=True).items() if id(t) in params)


def select(obj, drop=None):
    """Returns (OrderedDict name -> tensor to write, names left out) for what `torch.load`
    returned. `drop` is a list of regular expressions (default DEFAULT_DROP; for a module the
    default is none, since only parameters are taken)."""
    if isinstance(obj, torch.nn.Module):
        everything = obj.state_dict(keep_vars=True)
        source = module_parameters(obj)
        patterns = drop or []
    else:
        if isinstance(obj, dict) and not all(isinstance(v, torch.Tensor) for v in obj.values()):
            for key in ("model_state_dict", "state_dict"):
                if isinstance(obj.get(key), dict):
                    obj = obj[key]
                    break
        if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor)
                                                for v in obj.values()):
            raise TypeError("expected a state_dict (name -> tensor), a checkpoint dict with "
                            "'model_state_dict', or an nn.Module")
        everything = obj
        source = collections.OrderedDict(obj.items())
        patterns = DEFAULT_DROP if drop is None else drop
    regexes = [re.compile(p) for p in patterns]
    kept = collections.OrderedDict(
        (name, t.detach()) for name, t in source.items()
        if not any(r.search(name) for r in regexes))
    left_out = [name for name in everything if name not in kept]
    return kept, left_out


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Write a PyTorch .pt file (state_dict or nn.Module) as safetensors.")
    parser.add_argument("model", help="file written by torch.save")
    parser.add_argument("out", help="safetensors file to write")
    parser.add_argument("--drop", nargs="*", action="extend", metavar="REGEX",
                        help="leave out state_dict keys matching any REGEX (re.search); "
                             "default: '(^|\\.)mask$'; '--drop' alone keeps every key")
    parser.add_argument("--dtype", choices=sorted(CLI_DTYPES),
                        help="convert floating-point tensors to this dtype")
    parser.add_argument("--metadata", nargs="*", action="extend", default=[],
                        metavar="KEY=VALUE", help="extra __metadata__ entries")
    args = parser.parse_args(argv)

    obj = torch.load(args.model, map_location="cpu")
    tensors, left_out = select(obj, args.drop)
    ties = tied_names(tensors)
    if args.dtype:
        target = CLI_DTYPES[args.dtype]
        tensors = collections.OrderedDict(
            (k, t.to(target) if t.is_floating_point() else t) for k, t in tensors.items())
    metadata = collections.OrderedDict()
    for item in args.metadata:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--metadata {item!r}: expected KEY=VALUE")
        metadata[key] = value
    if ties and "tied" not in metadata:
        metadata["tied"] = json.dumps(ties, separators=(",", ":"))
    size = save_state_dict(tensors, args.out, metadata)
    count = sum(t.numel() for t in tensors.values())
    print(f"{args.out}: {len(tensors)} tensors, {count} elements, {size} bytes")
    if left_out:
        print(f"left out: {', '.join(left_out)}")
    for names in ties:
        print(f"tied (written under each name): {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
