#!/usr/bin/python3
"""Writes large weight files for bench/io/load_weights (not committed; a few seconds each).

    /usr/bin/python3 bench/io/make_weights.py DIR

DIR/layers8.f32.safetensors  8 x Linear(4096, 4096): "{i}.weight" [4096, 4096] and "{i}.bias"
                             [4096], float32, 537 MB (the module of load_weights)
DIR/layers8.f16.safetensors  the same tensors as F16, 268 MB
DIR/weights100.json          JSON tensor file of about 100 MB (float32 values printed with
                             17 significant digits, as the fixtures are)
"""
import json
import pathlib
import struct
import sys

import numpy as np


def write_safetensors(tensors, path):
    header, offset = {}, 0
    for name, a in tensors:
        header[name] = {"dtype": {"float32": "F32", "float16": "F16"}[a.dtype.name], "shape": list(a.shape),
                        "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for _, a in tensors:
            f.write(np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes())


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(123)
    tensors = []
    for i in range(8):
        tensors.append((f"{i}.weight", rng.standard_normal((4096, 4096), dtype=np.float32) * 0.02))
        tensors.append((f"{i}.bias", rng.standard_normal(4096, dtype=np.float32) * 0.02))
    write_safetensors(tensors, out / "layers8.f32.safetensors")
    write_safetensors([(n, a.astype(np.float16)) for n, a in tensors], out / "layers8.f16.safetensors")
    values = tensors[0][1].reshape(-1)[:4_800_000].astype(np.float64)
    with open(out / "weights100.json", "w") as f:
        f.write('{"tensors": {"w": {"dtype": "float32", "shape": [%d], "data": [' % values.size)
        f.write(", ".join("%.17g" % v for v in values))
        f.write("]}}}\n")
    for p in sorted(out.iterdir()):
        print(f"{p}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
