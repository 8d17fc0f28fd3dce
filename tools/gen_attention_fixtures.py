#!/usr/bin/python3
"""PyTorch references for non-causal multi-head attention, torch.nn.MultiheadAttention,
scaled dot-product attention, and what each does with NaN and infinity.

    /usr/bin/python3 tools/gen_attention_fixtures.py [OUT_DIR]     (default tests/fixtures/attention)
    /usr/bin/python3 tools/gen_attention_fixtures.py --check [OUT_DIR]

Writes NAME.f32.json and NAME.f64.json per case, in the fixture format of
tests/fixtures/book/README.md. Every random draw is made in float32 under a fixed seed;
the f64 file holds the same draws widened exactly to double and computes in float64.
Runs on one CPU thread; rerunning gives byte-identical files (`--check` compares them with
the files in OUT_DIR and exits 1 on any difference).

Cases:
- mha_noncausal_qkvbias_seed123: the book's MultiHeadAttention (chapter 3) without the causal
  mask, d_in 3, d_out 4, 2 heads, qkv_bias; batch [2, 6, 3].
- torch_mha_{bias,nobias}{,_causal}_seed123: torch.nn.MultiheadAttention(4, 2, bias=...,
  batch_first=True) on a batch [2, 5, 4], without a mask or with the boolean causal
  attn_mask (True above the diagonal = not allowed); need_weights=True, per head
  (average_attn_weights=False) and averaged over heads. torch initialises the biases to 0,
  so they are redrawn from torch.rand (minus 0.5) to make them count.
- sdpa_seed123: scaled dot-product attention of q, k, v [2, 6, 4], causal and not, with
  the weights.
- attention_nonfinite_seed123: NaN or +inf in row 3 of q, k or v of scaled dot-product
  attention (causal and not), and in token 3 of a causal nn.MultiheadAttention; plus the
  outputs torch gives on the first 3 rows alone (what rows before the bad one see when the
  mask keeps it out).
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

# torch 2.x: F.scaled_dot_product_attention; Debian 12's 1.13: its private predecessor.
if hasattr(F, "scaled_dot_product_attention"):
    SDPA_NAME = "torch.nn.functional.scaled_dot_product_attention"

    def sdpa(q, k, v, causal):
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal), None
else:
    SDPA_NAME = "torch.nn.functional._scaled_dot_product_attention (torch 1.13)"

    def sdpa(q, k, v, causal):
        return F._scaled_dot_product_attention(q, k, v, None, 0.0, True, causal)


META = {
    "torch_version": torch.__version__,
    "numpy_version": np.__version__,
    "mode": "eval(), torch.set_num_threads(1), CPU; nn.MultiheadAttention called with autograd on, so torch "
            "runs F.multi_head_attention_forward (not its fused fast path)",
    "generator": "tools/gen_attention_fixtures.py",
    "f64_rule": "float64 file: the float32 draws and weights of the f32 file widened exactly to double, "
                "computed in float64",
}

DTYPES = ((torch.float32, "float32", "f32"), (torch.float64, "float64", "f64"))


def tensor(t, role, note=None):
    entry = {"dtype": {torch.float32: "float32", torch.float64: "float64"}[t.dtype],
             "shape": list(t.shape), "role": role, "data": t.detach().reshape(-1).tolist()}
    if note:
        entry["note"] = note
    return entry


def causal_bool_mask(s):
    return torch.triu(torch.ones(s, s, dtype=torch.bool), diagonal=1)


class BookMultiHeadAttention(torch.nn.Module):
    """The book's MultiHeadAttention (ch03), with the mask optional."""

    def __init__(self, d_in, d_out, context_length, num_heads, qkv_bias, causal):
        super().__init__()
        self.d_out, self.num_heads, self.head_dim, self.causal = d_out, num_heads, d_out // num_heads, causal
        self.W_query = torch.nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = torch.nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = torch.nn.Linear(d_in, d_out, bias=qkv_bias)
        self.out_proj = torch.nn.Linear(d_out, d_out)
        self.register_buffer("mask", torch.triu(torch.ones(context_length, context_length), diagonal=1))

    def forward(self, x):
        b, n, _ = x.shape
        split = lambda t: t.view(b, n, self.num_heads, self.head_dim).transpose(1, 2)
        queries, keys, values = split(self.W_query(x)), split(self.W_key(x)), split(self.W_value(x))
        scores = queries @ keys.transpose(2, 3)
        if self.causal:
            scores.masked_fill_(self.mask.bool()[:n, :n], -torch.inf)
        weights = torch.softmax(scores / keys.shape[-1] ** 0.5, dim=-1)
        context = (weights @ values).transpose(1, 2).contiguous().view(b, n, self.d_out)
        return weights, context, self.out_proj(context)


def doc(name, kind, dtype, description, params, tensors, notes=None):
    d = {"name": name, "kind": kind, "dtype": dtype, "description": description, "params": params,
         "meta": META, "tensors": tensors}
    if notes:
        d["notes"] = notes
    return d


def mha_noncausal():
    torch.manual_seed(123)
    m32 = BookMultiHeadAttention(3, 4, 6, 2, qkv_bias=True, causal=False).eval()
    x32 = torch.rand(2, 6, 3)
    for ttype, dtype, suffix in DTYPES:
        m = BookMultiHeadAttention(3, 4, 6, 2, qkv_bias=True, causal=False).eval().to(ttype)
        m.load_state_dict({k: v.to(ttype) for k, v in m32.state_dict().items()})
        x = x32.to(ttype)
        with torch.no_grad():
            w, ctx, out = m(x)
        t = {"inputs": tensor(x, "input", "torch.manual_seed(123); module init; torch.rand(2, 6, 3)")}
        for k, v in m.state_dict().items():
            if k != "mask":
                t[k] = tensor(v, "weight")
        t["attn_weights"] = tensor(w, "intermediate", "[B, H, S, S]")
        t["context_before_out_proj"] = tensor(ctx, "intermediate")
        t["output"] = tensor(out, "output")
        yield suffix, doc("mha_noncausal_qkvbias_seed123", "multi_head_attention", dtype,
                          "The book's MultiHeadAttention(3, 4, context_length=6, dropout=0, num_heads=2, "
                          "qkv_bias=True) without its causal mask (encoder attention).",
                          {"d_in": 3, "d_out": 4, "num_heads": 2, "head_dim": 2, "context_length": 6,
                           "qkv_bias": True, "causal": False, "seed": 123}, t)


def torch_mha_module(bias, seed=123):
    torch.manual_seed(seed)
    m = torch.nn.MultiheadAttention(4, 2, bias=bias, batch_first=True).eval()
    if bias:
        with torch.no_grad():
            m.in_proj_bias.copy_(torch.rand(12) - 0.5)
            m.out_proj.bias.copy_(torch.rand(4) - 0.5)
    return m


def torch_mha(bias, causal):
    m32 = torch_mha_module(bias)
    x32 = torch.rand(2, 5, 4)
    name = f"torch_mha_{'bias' if bias else 'nobias'}{'_causal' if causal else ''}_seed123"
    for ttype, dtype, suffix in DTYPES:
        m = torch_mha_module(bias).to(ttype)
        m.load_state_dict({k: v.to(ttype) for k, v in m32.state_dict().items()})
        x = x32.to(ttype)
        mask = causal_bool_mask(5) if causal else None
        # With autograd on, torch takes the documented (Python) path, not its fused fast path.
        out, w = m(x, x, x, need_weights=True, attn_mask=mask, average_attn_weights=False)
        out_avg, w_avg = m(x, x, x, need_weights=True, attn_mask=mask, average_attn_weights=True)
        assert torch.equal(out, out_avg)
        t = {"inputs": tensor(x, "input", "torch.manual_seed(123); module init; biases redrawn; torch.rand(2, 5, 4)")}
        for k, v in m.state_dict().items():
            t[k] = tensor(v, "weight")
        t["attn_weights"] = tensor(w, "intermediate", "need_weights=True, average_attn_weights=False: [B, H, S, S]")
        t["attn_weights_averaged"] = tensor(w_avg, "intermediate", "average_attn_weights=True: [B, S, S]")
        t["output"] = tensor(out, "output")
        yield name, suffix, doc(
            name, "torch_multihead_attention", dtype,
            f"torch.nn.MultiheadAttention(embed_dim=4, num_heads=2, bias={bias}, batch_first=True), self-attention "
            f"m(x, x, x){', attn_mask = triu(ones(5, 5, bool), 1) (causal)' if causal else ', no mask'}.",
            {"embed_dim": 4, "num_heads": 2, "head_dim": 2, "bias": bias, "causal": causal, "seq_len": 5,
             "batch": 2, "seed": 123}, t)


def sdpa_case():
    torch.manual_seed(123)
    q32, k32, v32 = torch.rand(2, 6, 4), torch.rand(2, 6, 4), torch.rand(2, 6, 4) - 0.5
    for ttype, dtype, suffix in DTYPES:
        q, k, v = q32.to(ttype), k32.to(ttype), v32.to(ttype)
        t = {"q": tensor(q, "input", "torch.manual_seed(123); rand(2, 6, 4)"), "k": tensor(k, "input"),
             "v": tensor(v, "input", "rand(2, 6, 4) - 0.5")}
        for causal in (False, True):
            o, w = sdpa(q, k, v, causal)
            sfx = "_causal" if causal else ""
            t["output" + sfx] = tensor(o, "output")
            t["attn_weights" + sfx] = tensor(w, "intermediate")
        yield suffix, doc("sdpa_seed123", "scaled_dot_product_attention", dtype,
                          f"{SDPA_NAME}(q, k, v, is_causal=...) on [2, 6, 4] (two independent heads).",
                          {"seq_len": 6, "head_dim": 4, "batch": 2, "seed": 123}, t)


def nonfinite_case():
    row = 3
    torch.manual_seed(123)
    q32, k32, v32 = torch.rand(6, 4), torch.rand(6, 4), torch.rand(6, 4) - 0.5
    m32 = torch_mha_module(True, seed=321)
    x32 = torch.rand(2, 6, 4)
    x32[0, row] = float("nan")
    x32[1, row] = float("inf")
    for ttype, dtype, suffix in DTYPES:
        base = {"q": q32.to(ttype), "k": k32.to(ttype), "v": v32.to(ttype)}
        t = {n: tensor(base[n], "input", "torch.manual_seed(123); rand(6, 4)" + (" - 0.5" if n == "v" else ""))
             for n in ("q", "k", "v")}
        for which in ("q", "k", "v"):
            for value in ("nan", "inf"):
                a = {n: base[n].clone() for n in base}
                a[which][row] = float(value)
                for causal in (False, True):
                    o, _ = sdpa(a["q"].unsqueeze(0), a["k"].unsqueeze(0), a["v"].unsqueeze(0), causal)
                    t[f"sdpa.{which}_{value}.{'causal' if causal else 'full'}"] = tensor(
                        o[0], "output", f"row {row} of {which} set to {value}")
        o, _ = sdpa(base["q"][:row].unsqueeze(0), base["k"][:row].unsqueeze(0), base["v"][:row].unsqueeze(0), True)
        t["sdpa.prefix"] = tensor(o[0], "output", f"causal, rows [0, {row}) of q, k, v only")
        m = torch_mha_module(True, seed=321).to(ttype)
        m.load_state_dict({k: v.to(ttype) for k, v in m32.state_dict().items()})
        x = x32.to(ttype)
        out, _ = m(x, x, x, need_weights=True, attn_mask=causal_bool_mask(6))
        pre, _ = m(x[:, :row], x[:, :row], x[:, :row], need_weights=True, attn_mask=causal_bool_mask(row))
        for k, v in m.state_dict().items():
            t["mha." + k] = tensor(v, "weight")
        t["mha.inputs"] = tensor(x, "input", f"torch.manual_seed(321); module init; biases redrawn; rand(2, 6, 4); "
                                             f"token {row} of item 0 NaN, of item 1 +inf")
        t["mha.output"] = tensor(out, "output", "causal attn_mask")
        t["mha.prefix_output"] = tensor(pre, "output", f"the first {row} tokens alone, causal attn_mask")
        yield suffix, doc(
            "attention_nonfinite_seed123", "attention_nonfinite", dtype,
            f"NaN / +inf in row {row} of q, k or v of {SDPA_NAME} (causal and not), and in token {row} of a causal "
            "torch.nn.MultiheadAttention(4, 2, batch_first=True); prefix outputs computed on rows before it only.",
            {"row": row, "seq_len": 6, "head_dim": 4, "embed_dim": 4, "num_heads": 2, "seed": 123}, t,
            notes="torch adds the causal mask (-inf) to the scores and multiplies masked weights (0) with the "
                  "values, so a NaN/inf key or value in a later row makes earlier rows NaN (NaN + -inf, 0 * inf).")


def num(v):
    if isinstance(v, float) and math.isnan(v):
        return '"nan"'
    if isinstance(v, float) and math.isinf(v):
        return '"inf"' if v > 0 else '"-inf"'
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    return "%.17g" % v


def dump(d):
    tensors = []
    for name, t in d["tensors"].items():
        fields = [f'"dtype": "{t["dtype"]}"', f'"shape": {json.dumps(t["shape"])}', f'"role": "{t["role"]}"']
        if "note" in t:
            fields.append(f'"note": {json.dumps(t["note"])}')
        fields.append('"data": [' + ", ".join(num(v) for v in t["data"]) + "]")
        tensors.append(f'    "{name}": {{' + ", ".join(fields) + "}")
    head = {k: v for k, v in d.items() if k != "tensors"}
    return json.dumps(head, indent=2)[:-2] + ',\n  "tensors": {\n' + ",\n".join(tensors) + "\n  }\n}\n"


def files():
    out = {}
    for suffix, d in mha_noncausal():
        out[f"mha_noncausal_qkvbias_seed123.{suffix}.json"] = dump(d)
    for bias in (True, False):
        for causal in (False, True):
            for name, suffix, d in torch_mha(bias, causal):
                out[f"{name}.{suffix}.json"] = dump(d)
    for suffix, d in sdpa_case():
        out[f"sdpa_seed123.{suffix}.json"] = dump(d)
    for suffix, d in nonfinite_case():
        out[f"attention_nonfinite_seed123.{suffix}.json"] = dump(d)
    return out


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    out_dir = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "attention")
    bad = 0
    for name, text in files().items():
        path = os.path.join(out_dir, name)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except OSError:
                same = False
            if not same:
                print(f"{path}: differs from what {os.path.basename(__file__)} writes")
                bad = 1
        else:
            os.makedirs(out_dir, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
