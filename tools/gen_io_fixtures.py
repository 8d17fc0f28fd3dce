#!/usr/bin/python3
"""Generates the weight-loading fixtures of tests/fixtures/io/ with PyTorch.

    /usr/bin/python3 tools/gen_io_fixtures.py [--output-dir DIR]

Writes (default: tests/fixtures/io/):

  half_widening.safetensors   F16 and BF16 tensors over every exponent (subnormals, the
                              largest finite values, +-0, +-inf, quiet and signalling NaN),
                              next to torch's own widening of them: `<name>_as_f32` (F32,
                              `t.float()`) and `<name>_as_f64` (F64, `t.double()`).
  linear_5x3.safetensors      torch.nn.Linear(5, 3) (seed 123), float32.
  mha_qkvbias.safetensors     the book's MultiHeadAttention(d_in=6, d_out=4,
                              context_length=5, dropout=0.0, num_heads=2, qkv_bias=True)
                              (seed 123), float32; the `mask` buffer is left out, as the
                              exporter does.
  mha_qkvbias.bf16.safetensors, mha_qkvbias.f16.safetensors, mha_qkvbias.f64.safetensors
                              the same module converted with `.to(dtype)`.
  roundtrip.f32.json          inputs and torch's outputs: `linear.inputs` [4, 5] ->
                              `linear.output` [4, 3]; `mha.inputs` [2, 5, 6] -> `mha.output`
                              [2, 5, 4] (float32 weights) and `mha_bf16.output` (the module
                              after `.to(torch.bfloat16).float()`), plus `mha_bf16.<param>`:
                              torch's float32 widening of each bf16 parameter.

Files are written with tools/export_safetensors.py (`save_state_dict`), so the round-trip
tests cover the exporter too. A rerun gives byte-identical files.
"""

import argparse
import json
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "tools"))
from export_safetensors import save_state_dict  # noqa: E402  (the project's exporter)


def write_safetensors(tensors, path, metadata=None):
    """Writes through tools/export_safetensors.py, as a user would."""
    save_state_dict(tensors, path, metadata)


class MultiHeadAttention(torch.nn.Module):
    """The book's MultiHeadAttention (chapter 3.6.2)."""

    def __init__(self, d_in, d_out, context_length, dropout, num_heads, qkv_bias=False):
        super().__init__()
        assert d_out % num_heads == 0, "d_out must be divisible by num_heads"
        self.d_out = d_out
        self.num_heads = num_heads
        self.head_dim = d_out // num_heads
        self.W_query = torch.nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = torch.nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = torch.nn.Linear(d_in, d_out, bias=qkv_bias)
        self.out_proj = torch.nn.Linear(d_out, d_out)
        self.dropout = torch.nn.Dropout(dropout)
        self.register_buffer("mask", torch.triu(torch.ones(context_length, context_length), diagonal=1))

    def forward(self, x):
        b, num_tokens, d_in = x.shape
        keys = self.W_key(x)
        queries = self.W_query(x)
        values = self.W_value(x)
        keys = keys.view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        values = values.view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        queries = queries.view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        attn_scores = queries @ keys.transpose(2, 3)
        mask_bool = self.mask.bool()[:num_tokens, :num_tokens]
        attn_scores.masked_fill_(mask_bool, -torch.inf)
        attn_weights = torch.softmax(attn_scores / keys.shape[-1] ** 0.5, dim=-1)
        attn_weights = self.dropout(attn_weights)
        context_vec = (attn_weights @ values).transpose(1, 2)
        context_vec = context_vec.contiguous().view(b, num_tokens, self.d_out)
        return self.out_proj(context_vec)


def parameters_only(module):
    """The state_dict without buffers (the exporter's rule): parameters in state_dict order."""
    names = {n for n, _ in module.named_parameters()}
    return {k: v for k, v in module.state_dict().items() if k in names}


def half_patterns(exponent_bits, mantissa_bits):
    """Bit patterns over every exponent, with a few mantissas, both signs."""
    top = 1 << (mantissa_bits - 1)
    mantissas = sorted({0, 1, 2, top - 1, top, top + 1, (1 << mantissa_bits) - 1})
    out = []
    for sign in (0, 1):
        for e in range(1 << exponent_bits):
            for m in mantissas:
                out.append((sign << (exponent_bits + mantissa_bits)) | (e << mantissa_bits) | m)
    return [p - (1 << 16) if p >= (1 << 15) else p for p in out]  # as int16


def tensor_json(t):
    t = t.detach().contiguous()
    dtype = {torch.float32: "float32", torch.float64: "float64"}[t.dtype]
    return {"dtype": dtype, "shape": list(t.shape), "data": [float(v) for v in t.flatten().tolist()]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=pathlib.Path, default=ROOT / "tests/fixtures/io")
    out = parser.parse_args().output_dir
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)

    # 1. Widening of the 16-bit formats, as torch does it.
    f16 = torch.tensor(half_patterns(5, 10), dtype=torch.int16).view(torch.float16)
    bf16 = torch.tensor(half_patterns(8, 7), dtype=torch.int16).view(torch.bfloat16)
    write_safetensors({"f16": f16, "f16_as_f32": f16.float(), "f16_as_f64": f16.double(),
                       "bf16": bf16, "bf16_as_f32": bf16.float(), "bf16_as_f64": bf16.double()},
                      out / "half_widening.safetensors",
                      {"generator": "tools/gen_io_fixtures.py", "torch": torch.__version__})

    # 2. Round trips: torch module -> safetensors -> constformer, outputs computed by torch.
    torch.manual_seed(123)
    linear = torch.nn.Linear(5, 3)
    linear_x = torch.rand(4, 5)
    mha = MultiHeadAttention(6, 4, 5, 0.0, 2, qkv_bias=True).eval()
    mha_x = torch.rand(2, 5, 6)
    write_safetensors(parameters_only(linear), out / "linear_5x3.safetensors", {"format": "pt"})
    write_safetensors(parameters_only(mha), out / "mha_qkvbias.safetensors", {"format": "pt"})
    tensors = {"linear.inputs": tensor_json(linear_x), "linear.output": tensor_json(linear(linear_x)),
               "mha.inputs": tensor_json(mha_x)}
    with torch.no_grad():
        tensors["mha.output"] = tensor_json(mha(mha_x))
        for dtype, suffix in ((torch.bfloat16, "bf16"), (torch.float16, "f16"), (torch.float64, "f64")):
            converted = MultiHeadAttention(6, 4, 5, 0.0, 2, qkv_bias=True).eval()
            converted.load_state_dict(mha.state_dict())
            converted = converted.to(dtype)
            write_safetensors(parameters_only(converted), out / f"mha_qkvbias.{suffix}.safetensors", {"format": "pt"})
            if dtype == torch.bfloat16:
                widened = converted.float()
                for name, value in parameters_only(widened).items():
                    tensors[f"mha_bf16.{name}"] = tensor_json(value)
                tensors["mha_bf16.output"] = tensor_json(widened(mha_x))
    doc = {"name": "roundtrip", "kind": "io_roundtrip", "dtype": "float32",
           "description": "torch modules saved to safetensors by tools/gen_io_fixtures.py; inputs and torch's outputs",
           "meta": {"generator": "tools/gen_io_fixtures.py", "torch_version": torch.__version__},
           "tensors": tensors}
    (out / "roundtrip.f32.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    for p in sorted(out.iterdir()):
        print(f"wrote {p} ({p.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
