"""The committed character model (models/gpl3_char) reproduces its committed PyTorch reference:
the weights are loaded into the torch twin of the book's GPTModel (tools/train_char_gpt.py),
the greedy generations are rerun in float32 and float64, the ids must be equal and the logits
bit-identical. Run: /usr/bin/python3 -m unittest discover -s tests/tools"""

import json
import pathlib
import struct
import sys
import unittest

import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import export_safetensors  # noqa: E402
import train_char_gpt  # noqa: E402

MODEL = ROOT / "models" / "gpl3_char"


def bits(values):
    return [struct.unpack("<Q", struct.pack("<d", v))[0] for v in values]


class CommittedModel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.cfg, cls.vocab, cls.state = train_char_gpt.load_model_file(
            MODEL / "model.f32.safetensors")
        cls.texts = train_char_gpt.reference_texts(cls.cfg, cls.vocab, cls.state)
        cls.fresh = {name: json.loads(text) for name, text in cls.texts.items()}
        cls.committed = {name: json.loads((MODEL / name).read_text(encoding="utf-8"))
                         for name in cls.texts}

    def test_weights_file(self):
        blob = (MODEL / "model.f32.safetensors").read_bytes()
        _, metadata = export_safetensors.parse(blob)
        # The exporter writes these exact bytes from the tensors and metadata it reads back.
        self.assertEqual(export_safetensors.serialize(self.state, metadata), blob)
        self.assertEqual(self.cfg["vocab_size"], len(self.vocab))
        self.assertEqual(int(metadata["parameters"]),
                         sum(t.numel() for t in self.state.values()))
        self.assertTrue(all(t.dtype == torch.float32 for t in self.state.values()))
        model = train_char_gpt.build_model(self.cfg, self.state, torch.float32)
        expected = [k for k in model.state_dict() if not k.endswith(".mask")]
        self.assertEqual(list(self.state), expected)

    def test_vocabulary_is_the_texts_characters(self):
        text = train_char_gpt.read_text(train_char_gpt.TEXT)
        self.assertEqual(self.vocab, train_char_gpt.vocabulary(text))

    def test_generations(self):
        fresh, committed = self.fresh["reference.json"], self.committed["reference.json"]
        self.assertEqual(len(fresh["generations"]), len(committed["generations"]))
        for got, want in zip(fresh["generations"], committed["generations"]):
            with self.subTest(prompt=want["prompt"]):
                self.assertEqual(got["prompt_ids"], want["prompt_ids"])
                self.assertEqual(got["float32_ids"], want["float32_ids"])
                self.assertEqual(got["float64_ids"], want["float64_ids"])
                self.assertEqual(got["float32_text"], want["float32_text"])
                self.assertEqual(len(want["float32_ids"]),
                                 len(want["prompt_ids"]) + committed["max_new_tokens"])
        self.assertGreater(committed["min_margin"]["float32"], 1e-3)

    def test_step_logits_bitwise(self):
        fresh, committed = self.fresh["reference.json"], self.committed["reference.json"]
        for dtype in ("float32", "float64"):
            for k, (got, want) in enumerate(zip(fresh["step_logits"][dtype],
                                                committed["step_logits"][dtype])):
                with self.subTest(dtype=dtype, step=k):
                    diff = max(abs(a - b) for a, b in zip(got, want))
                    self.assertEqual(bits(got), bits(want), f"max |diff| {diff:.3g}")

    def test_fixture_tensors_bitwise(self):
        for name in ("reference.f32.json", "reference.f64.json"):
            fresh = self.fresh[name]["tensors"]
            committed = self.committed[name]["tensors"]
            self.assertEqual(list(fresh), list(committed))
            for tensor, want in committed.items():
                with self.subTest(file=name, tensor=tensor):
                    got = fresh[tensor]
                    self.assertEqual(got["shape"], want["shape"])
                    if want["dtype"] == "int64":
                        self.assertEqual(got["data"], want["data"])
                    else:
                        self.assertEqual(bits(got["data"]), bits(want["data"]))

    def test_files_identical(self):
        for name, text in self.texts.items():
            with self.subTest(file=name):
                self.assertEqual(text, (MODEL / name).read_text(encoding="utf-8"))


if __name__ == "__main__":
    unittest.main()
