#!/usr/bin/python3
"""Trains the chapter-4 GPT of "Build a Large Language Model (From Scratch)" as a
character-level model of the GNU GPL version 3 text, and writes its weights and a PyTorch
reference of its greedy generations.

    /usr/bin/python3 tools/train_char_gpt.py [--out models/gpl3_char] [--text FILE]

Writes into --out:
  model.f32.safetensors   the float32 weights (tools/export_safetensors.py), metadata: the
                          config (JSON), the vocabulary (JSON list of characters) and how it
                          was trained;
  reference.json          config, vocabulary, the greedy continuations of PROMPTS in float32
                          and float64, the last-position logits of the first steps, margins;
  reference.f32.json,     the same ids and logits as tensors in the fixture format of
  reference.f64.json      tests/fixtures/book/README.md (kind gpt_model).

    /usr/bin/python3 tools/train_char_gpt.py --reference-only [--out models/gpl3_char]

recomputes only the three reference files from the committed weights.

The model classes below follow the book's chapter-4 code expression by expression (same
operations in the same order), so torch computes the same bits as the book's classes. Training
is deterministic: one thread, fixed seeds, a fixed number of steps.
"""

import argparse
import collections
import json
import math
import os
import pathlib
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import export_safetensors  # noqa: E402

TEXT = "/usr/share/common-licenses/GPL-3"

CONFIG = collections.OrderedDict([
    ("vocab_size", None),  # filled in from the text: the number of distinct characters
    ("context_length", 64),
    ("emb_dim", 48),
    ("n_heads", 4),
    ("n_layers", 2),
    ("drop_rate", 0.0),
    ("qkv_bias", False),
])

TRAINING = collections.OrderedDict([
    ("seed", 123),
    ("steps", 1100),
    ("batch_size", 16),
    ("learning_rate", 1.2e-2),
    ("min_learning_rate", 4e-4),
    ("warmup_steps", 50),
    ("weight_decay", 0.1),
    ("grad_clip", 1.0),
    ("train_drop_rate", 0.0),
])

PROMPTS = ["This program is ", "GNU General Public License", "You may "]
MAX_NEW_TOKENS = 64
LOGIT_STEPS = 4


# --- The book's chapter-4 architecture -------------------------------------------------------

class MultiHeadAttention(nn.Module):
    def __init__(self, d_in, d_out, context_length, dropout, num_heads, qkv_bias=False):
        super().__init__()
        assert d_out % num_heads == 0, "d_out must be divisible by num_heads"
        self.d_out = d_out
        self.num_heads = num_heads
        self.head_dim = d_out // num_heads
        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.out_proj = nn.Linear(d_out, d_out)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.triu(torch.ones(context_length, context_length),
                                                diagonal=1))

    def forward(self, x):
        b, num_tokens, d_in = x.shape
        keys = self.W_key(x)
        queries = self.W_query(x)
        values = self.W_value(x)
        keys = keys.view(b, num_tokens, self.num_heads, self.head_dim)
        values = values.view(b, num_tokens, self.num_heads, self.head_dim)
        queries = queries.view(b, num_tokens, self.num_heads, self.head_dim)
        keys = keys.transpose(1, 2)
        queries = queries.transpose(1, 2)
        values = values.transpose(1, 2)
        attn_scores = queries @ keys.transpose(2, 3)
        mask_bool = self.mask.bool()[:num_tokens, :num_tokens]
        attn_scores.masked_fill_(mask_bool, -torch.inf)
        attn_weights = torch.softmax(attn_scores / keys.shape[-1] ** 0.5, dim=-1)
        attn_weights = self.dropout(attn_weights)
        context_vec = (attn_weights @ values).transpose(1, 2)
        context_vec = context_vec.contiguous().view(b, num_tokens, self.d_out)
        context_vec = self.out_proj(context_vec)
        return context_vec


class LayerNorm(nn.Module):
    def __init__(self, emb_dim):
        super().__init__()
        self.eps = 1e-5
        self.scale = nn.Parameter(torch.ones(emb_dim))
        self.shift = nn.Parameter(torch.zeros(emb_dim))

    def forward(self, x):
        mean = x.mean(dim=-1, keepdim=True)
        var = x.var(dim=-1, keepdim=True, unbiased=False)
        norm_x = (x - mean) / torch.sqrt(var + self.eps)
        return self.scale * norm_x + self.shift


class GELU(nn.Module):
    def forward(self, x):
        return 0.5 * x * (1 + torch.tanh(
            torch.sqrt(torch.tensor(2.0 / torch.pi)) * (x + 0.044715 * torch.pow(x, 3))))


class FeedForward(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(cfg["emb_dim"], 4 * cfg["emb_dim"]),
            GELU(),
            nn.Linear(4 * cfg["emb_dim"], cfg["emb_dim"]),
        )

    def forward(self, x):
        return self.layers(x)


class TransformerBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.att = MultiHeadAttention(
            d_in=cfg["emb_dim"], d_out=cfg["emb_dim"], context_length=cfg["context_length"],
            num_heads=cfg["n_heads"], dropout=cfg["drop_rate"], qkv_bias=cfg["qkv_bias"])
        self.ff = FeedForward(cfg)
        self.norm1 = LayerNorm(cfg["emb_dim"])
        self.norm2 = LayerNorm(cfg["emb_dim"])
        self.drop_shortcut = nn.Dropout(cfg["drop_rate"])

    def forward(self, x):
        shortcut = x
        x = self.norm1(x)
        x = self.att(x)
        x = self.drop_shortcut(x)
        x = x + shortcut
        shortcut = x
        x = self.norm2(x)
        x = self.ff(x)
        x = self.drop_shortcut(x)
        x = x + shortcut
        return x


class GPTModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.tok_emb = nn.Embedding(cfg["vocab_size"], cfg["emb_dim"])
        self.pos_emb = nn.Embedding(cfg["context_length"], cfg["emb_dim"])
        self.drop_emb = nn.Dropout(cfg["drop_rate"])
        self.trf_blocks = nn.Sequential(*[TransformerBlock(cfg) for _ in range(cfg["n_layers"])])
        self.final_norm = LayerNorm(cfg["emb_dim"])
        self.out_head = nn.Linear(cfg["emb_dim"], cfg["vocab_size"], bias=False)

    def forward(self, in_idx):
        batch_size, seq_len = in_idx.shape
        tok_embeds = self.tok_emb(in_idx)
        pos_embeds = self.pos_emb(torch.arange(seq_len, device=in_idx.device))
        x = tok_embeds + pos_embeds
        x = self.drop_emb(x)
        x = self.trf_blocks(x)
        x = self.final_norm(x)
        logits = self.out_head(x)
        return logits


def generate_text_simple(model, idx, max_new_tokens, context_size, step_logits=None):
    """The book's cell 87. If `step_logits` is a list, the last-position logits of every step
    are appended to it."""
    for _ in range(max_new_tokens):
        idx_cond = idx[:, -context_size:]
        with torch.no_grad():
            logits = model(idx_cond)
        logits = logits[:, -1, :]
        if step_logits is not None:
            step_logits.append(logits.clone())
        probas = torch.softmax(logits, dim=-1)
        idx_next = torch.argmax(probas, dim=-1, keepdim=True)
        idx = torch.cat((idx, idx_next), dim=1)
    return idx


# --- Data, training ---------------------------------------------------------------------------

def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def vocabulary(text):
    return sorted(set(text))


def encode(text, vocab):
    index = {ch: i for i, ch in enumerate(vocab)}
    return [index[ch] for ch in text]


def decode(ids, vocab):
    return "".join(vocab[i] for i in ids)


def full_text_loss(model, data, ctx):
    """Mean cross-entropy over every position of the text: windows of ctx tokens with stride
    ctx (each target predicted once, with between 1 and ctx tokens of context)."""
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        starts = list(range(0, len(data) - 1, ctx))
        for i in range(0, len(starts), 64):
            batch = [s for s in starts[i:i + 64] if s + ctx + 1 <= len(data)]
            if not batch:
                continue
            x = torch.stack([data[s:s + ctx] for s in batch])
            y = torch.stack([data[s + 1:s + ctx + 1] for s in batch])
            logits = model(x)
            loss = nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten(), reduction="sum")
            total += loss.item()
            count += y.numel()
    return total / count


def learning_rate(step, t):
    if step < t["warmup_steps"]:
        return t["learning_rate"] * (step + 1) / t["warmup_steps"]
    progress = (step - t["warmup_steps"]) / max(1, t["steps"] - t["warmup_steps"])
    return t["min_learning_rate"] + 0.5 * (t["learning_rate"] - t["min_learning_rate"]) * (
        1 + math.cos(math.pi * progress))


def train(cfg, data, t, log=print):
    torch.manual_seed(t["seed"])
    train_cfg = dict(cfg, drop_rate=t["train_drop_rate"])
    model = GPTModel(train_cfg)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([
        {"params": decay, "weight_decay": t["weight_decay"]},
        {"params": no_decay, "weight_decay": 0.0}], lr=t["learning_rate"])
    generator = torch.Generator().manual_seed(t["seed"])
    ctx = cfg["context_length"]
    history = []
    start = time.perf_counter()
    for step in range(t["steps"]):
        model.train()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, t)
        starts = torch.randint(len(data) - ctx, (t["batch_size"],), generator=generator)
        x = torch.stack([data[s:s + ctx] for s in starts.tolist()])
        y = torch.stack([data[s + 1:s + ctx + 1] for s in starts.tolist()])
        logits = model(x)
        loss = nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten())
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), t["grad_clip"])
        optimizer.step()
        if step % 100 == 0 or step == t["steps"] - 1:
            elapsed = time.perf_counter() - start
            history.append([step, loss.item()])
            log(f"step {step:5d}  loss {loss.item():.4f}  lr {learning_rate(step, t):.2e}  "
                f"{elapsed:.1f} s")
    return model, time.perf_counter() - start, history


# --- Reference ------------------------------------------------------------------------------

def build_model(cfg, state_dict, dtype):
    """GPTModel built under torch.set_default_dtype(dtype) (so GELU's constant and LayerNorm's
    eps are in that dtype), with the float32 weights widened exactly."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        model = GPTModel(dict(cfg, drop_rate=0.0))
        missing, unexpected = model.load_state_dict(
            {k: v.to(dtype) for k, v in state_dict.items()}, strict=False)
        assert not unexpected, unexpected
        assert all(k.endswith(".mask") for k in missing), missing
        model.eval()
    finally:
        torch.set_default_dtype(previous)
    return model


def top_margin(logits):
    """Smallest top-1 minus top-2 logit difference over the rows of a [B, V] tensor."""
    top = torch.topk(logits.double(), 2, dim=-1).values
    return float((top[:, 0] - top[:, 1]).min())


def run_dtype(cfg, vocab, state_dict, dtype):
    """Greedy continuations of PROMPTS in `dtype`: a list of dicts per prompt."""
    previous = torch.get_default_dtype()
    model = build_model(cfg, state_dict, dtype)
    torch.set_default_dtype(dtype)
    try:
        results = []
        for prompt in PROMPTS:
            ids = torch.tensor([encode(prompt, vocab)], dtype=torch.int64)
            with torch.no_grad():
                prompt_logits = model(ids[:, -cfg["context_length"]:])
            steps = []
            out = generate_text_simple(model, ids, MAX_NEW_TOKENS, cfg["context_length"], steps)
            results.append({
                "prompt": prompt,
                "prompt_ids": ids[0].tolist(),
                "ids": out[0].tolist(),
                "text": decode(out[0].tolist(), vocab),
                "min_margin": min(top_margin(s) for s in steps),
                "prompt_logits": prompt_logits,
                "step_logits": torch.stack(steps),  # [steps, 1, V]
            })
    finally:
        torch.set_default_dtype(previous)
    return results


def fmt(x):
    return "%.17g" % x


def json_text(obj, indent=0):
    """JSON with floats as %.17g and each list of scalars on one line."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {json_text(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple)) for v in obj):
            return "[" + ", ".join(json_text(v) for v in obj) + "]"
        return "[\n" + ",\n".join(pad + "  " + json_text(v, indent + 1) for v in obj) + \
            "\n" + pad + "]"
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return json.dumps(obj, ensure_ascii=False)
    if isinstance(obj, float):
        if not math.isfinite(obj):
            return json.dumps(str(obj))
        return fmt(obj)
    raise TypeError(type(obj))


def reference(cfg, vocab, state_dict):
    """The contents of reference.json, reference.f32.json and reference.f64.json."""
    runs = {"float32": run_dtype(cfg, vocab, state_dict, torch.float32),
            "float64": run_dtype(cfg, vocab, state_dict, torch.float64)}
    env = (f"torch {torch.__version__}, CPU, torch.set_num_threads(1), eval(), no_grad; "
           "float64: the float32 weights widened exactly, computed under "
           "torch.set_default_dtype(torch.float64)")
    main = collections.OrderedDict([
        ("description", "Greedy generate_text_simple (book ch04 cell 87: crop to the last "
                        "context_length tokens, softmax, argmax with the first index on ties) "
                        "of the character GPT in models/gpl3_char/model.f32.safetensors"),
        ("environment", env),
        ("config", dict(cfg)),
        ("vocabulary", "".join(vocab)),
        ("vocabulary_list", list(vocab)),
        ("max_new_tokens", MAX_NEW_TOKENS),
        ("generations", []),
        ("step_logits", collections.OrderedDict()),
        ("min_margin", collections.OrderedDict()),
        ("f32_ids_equal_f64_ids", True),
    ])
    for i, prompt in enumerate(PROMPTS):
        f32, f64 = runs["float32"][i], runs["float64"][i]
        main["generations"].append(collections.OrderedDict([
            ("prompt", prompt),
            ("prompt_ids", f32["prompt_ids"]),
            ("float32_ids", f32["ids"]),
            ("float32_text", f32["text"]),
            ("float32_min_margin", f32["min_margin"]),
            ("float64_ids", f64["ids"]),
            ("float64_text", f64["text"]),
            ("float64_min_margin", f64["min_margin"]),
        ]))
        main["f32_ids_equal_f64_ids"] &= f32["ids"] == f64["ids"]
    for name, run in runs.items():
        main["step_logits"][name] = [
            [float(v) for v in run[0]["step_logits"][k, 0].tolist()] for k in range(LOGIT_STEPS)]
        main["min_margin"][name] = min(r["min_margin"] for r in run)

    fixtures = {}
    for name, run in runs.items():
        tensors = collections.OrderedDict()
        for i, r in enumerate(run):
            n = len(r["prompt_ids"])
            tensors[f"prompt_{i}.in_idx"] = {
                "dtype": "int64", "shape": [1, n], "role": "input",
                "note": f"{r['prompt']!r} encoded with the vocabulary", "data": r["prompt_ids"]}
            tensors[f"prompt_{i}.logits"] = {
                "dtype": name, "shape": list(r["prompt_logits"].shape), "role": "output",
                "note": "model(in_idx) [1, T, vocab_size]",
                "data": [float(v) for v in r["prompt_logits"].flatten().tolist()]}
            tensors[f"prompt_{i}.generated_ids"] = {
                "dtype": "int64", "shape": [1, len(r["ids"])], "role": "output",
                "note": f"generate_text_simple(model, in_idx, {MAX_NEW_TOKENS}, "
                        f"context_size={cfg['context_length']}); includes the prompt; "
                        f"text {r['text']!r}",
                "data": r["ids"]}
            steps = r["step_logits"][:LOGIT_STEPS]
            tensors[f"prompt_{i}.generation_step_logits"] = {
                "dtype": name, "shape": list(steps.shape), "role": "intermediate",
                "note": f"[{LOGIT_STEPS}, 1, vocab_size]: last-position logits of the first "
                        f"{LOGIT_STEPS} generation steps",
                "data": [float(v) for v in steps.flatten().tolist()]}
        fixtures[name] = collections.OrderedDict([
            ("name", "gpl3_char"),
            ("kind", "gpt_model"),
            ("dtype", name),
            ("description", main["description"] + "; weights: model.f32.safetensors (float64 "
                            "file: widened exactly). Tensors per prompt i: prompt_i.*"),
            ("params", collections.OrderedDict(list(cfg.items()) + [
                ("max_new_tokens", MAX_NEW_TOKENS), ("context_size", cfg["context_length"]),
                ("head_dim", cfg["emb_dim"] // cfg["n_heads"]), ("prompts", PROMPTS)])),
            ("meta", {"environment": env, "vocabulary": "".join(vocab)}),
            ("checks", {"min top1-top2 logit margin during generation":
                        min(r["min_margin"] for r in run),
                        "generated_ids identical f32 vs f64": main["f32_ids_equal_f64_ids"]}),
            ("tensors", tensors),
        ])
    return main, fixtures["float32"], fixtures["float64"]


def reference_texts(cfg, vocab, state_dict):
    """The three reference files as text: {filename: text}."""
    main, f32, f64 = reference(cfg, vocab, state_dict)
    return {"reference.json": json_text(main) + "\n",
            "reference.f32.json": json_text(f32) + "\n",
            "reference.f64.json": json_text(f64) + "\n"}


def load_model_file(path):
    """(config, vocabulary list, float32 state_dict) from a model.f32.safetensors file."""
    tensors, metadata = export_safetensors.load_safetensors(path)
    cfg = json.loads(metadata["config"], object_pairs_hook=collections.OrderedDict)
    vocab = json.loads(metadata["vocabulary"])
    return cfg, vocab, tensors


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="models/gpl3_char")
    parser.add_argument("--text", default=TEXT)
    parser.add_argument("--steps", type=int, default=TRAINING["steps"])
    parser.add_argument("--reference-only", action="store_true",
                        help="recompute the reference files from OUT/model.f32.safetensors")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    weights = out / "model.f32.safetensors"

    if not args.reference_only:
        text = read_text(args.text)
        vocab = vocabulary(text)
        cfg = collections.OrderedDict(CONFIG, vocab_size=len(vocab))
        t = collections.OrderedDict(TRAINING, steps=args.steps)
        data = torch.tensor(encode(text, vocab), dtype=torch.int64)
        cpu_start = time.process_time()
        model, seconds, history = train(cfg, data, t)
        cpu_seconds = time.process_time() - cpu_start
        model.eval()
        loss = full_text_loss(model, data, cfg["context_length"])
        params = count_parameters(model)
        print(f"trained {t['steps']} steps in {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU; "
              f"full-text loss {loss:.4f}; {params} parameters")
        state = collections.OrderedDict(
            (k, v.detach()) for k, v in model.state_dict().items() if not k.endswith(".mask"))
        metadata = collections.OrderedDict([
            ("model", "GPTModel of Raschka, LLMs from scratch, ch04; character level"),
            ("config", json.dumps(cfg)),
            ("vocabulary", json.dumps(vocab)),
            ("text", f"{os.path.basename(args.text)}, {len(text)} characters"),
            ("training", json.dumps(t)),
            ("final_loss", fmt(loss)),
            ("parameters", str(params)),
            ("omitted", "trf_blocks.{i}.att.mask buffers (triu(ones(ctx, ctx), 1)); "
                        "not parameters"),
        ])
        export_safetensors.save_state_dict(state, weights, metadata)
        (out / "training_log.json").write_text(json.dumps(collections.OrderedDict([
            ("wall_seconds", round(seconds, 1)), ("cpu_seconds", round(cpu_seconds, 1)),
            ("final_loss", loss), ("parameters", params), ("torch", torch.__version__),
            ("config", cfg), ("training", t), ("loss_history", history)]), indent=1) + "\n")

    cfg, vocab, state = load_model_file(weights)
    for name, text in reference_texts(cfg, vocab, state).items():
        (out / name).write_text(text, encoding="utf-8")
    main_ref = json.loads((out / "reference.json").read_text(encoding="utf-8"))
    for g in main_ref["generations"]:
        print(f"f32 {g['float32_text']!r} (min margin {g['float32_min_margin']:.3g})")
        print(f"f64 {g['float64_text']!r} (min margin {g['float64_min_margin']:.3g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
