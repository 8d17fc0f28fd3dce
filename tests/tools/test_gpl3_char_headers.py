"""Tests of the generators that turn models/gpl3_char into source code:
tools/generation_reference_to_header.py (the reference as a C++ header, checked against the
safetensors __metadata__) and tools/safetensors_to_c.py (the weights as C arrays). Every
expectation is read from the committed reference.json and model.f32.safetensors."""
import argparse
import json
import os
import pathlib
import re
import struct
import sys
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "gpl3_char"
sys.path.insert(0, str(ROOT / "tools"))
import generation_reference_to_header  # noqa: E402
import safetensors_to_c  # noqa: E402
import safetensors_to_header  # noqa: E402


def reference_header(reference, weights):
    return generation_reference_to_header.generate(
        argparse.Namespace(reference=str(reference), weights=str(weights), namespace="ref"))


class ReferenceHeader(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ref = json.loads((MODEL / "reference.json").read_text(encoding="utf-8"))
        cls.text = reference_header(MODEL / "reference.json", MODEL / "model.f32.safetensors")

    def test_ids_and_config(self):
        for i, g in enumerate(self.ref["generations"]):
            ids = ", ".join(str(t) for t in g["float32_ids"])
            self.assertIn(f"std::array<constformer::token_id, {len(g['float32_ids'])}> float32_ids_{i}{{{ids}}};",
                          self.text)
        self.assertIn(f".vocab_size = {self.ref['config']['vocab_size']}", self.text)

    def test_texts_are_escaped_literals(self):
        # Each C++ string literal, unescaped, is the reference's text.
        for i, g in enumerate(self.ref["generations"]):
            m = re.search(rf'float32_text_{i} = "((?:[^"\\]|\\.)*)";', self.text)
            self.assertIsNotNone(m)
            decoded = re.sub(r"\\([0-7]{3})", lambda o: chr(int(o.group(1), 8)), m.group(1))
            self.assertEqual(decoded, g["float32_text"])

    def test_mismatched_vocabulary_fails(self):
        ref = json.loads((MODEL / "reference.json").read_text(encoding="utf-8"))
        ref["vocabulary_list"][1], ref["vocabulary_list"][2] = ref["vocabulary_list"][2], ref["vocabulary_list"][1]
        ref["vocabulary"] = "".join(ref["vocabulary_list"])
        for g in ref["generations"]:  # keep the file consistent in itself
            g["float32_text"] = "".join(ref["vocabulary_list"][t] for t in g["float32_ids"])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reference.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(ref, f)
            with self.assertRaises(SystemExit) as cm:
                reference_header(path, MODEL / "model.f32.safetensors")
            self.assertIn("vocabulary differs", str(cm.exception.code))

    def test_ids_that_do_not_decode_fail(self):
        ref = json.loads((MODEL / "reference.json").read_text(encoding="utf-8"))
        ref["generations"][0]["float32_ids"][-1] = (ref["generations"][0]["float32_ids"][-1] + 1) % len(
            ref["vocabulary_list"])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reference.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(ref, f)
            with self.assertRaises(SystemExit):
                reference_header(path, MODEL / "model.f32.safetensors")


class CArrays(unittest.TestCase):
    def test_values_bitwise(self):
        text = safetensors_to_c.generate(argparse.Namespace(weights=str(MODEL / "model.f32.safetensors"),
                                                            prefix="m"))
        arrays = dict(re.findall(r"static const float (m_\w+)\[\d+\] = \{([^}]*)\};", text))
        tensors = safetensors_to_header.read_safetensors(str(MODEL / "model.f32.safetensors"))
        self.assertEqual(len(arrays), len(tensors))
        for name, _dtype, _shape, raw in tensors:
            literals = arrays["m_" + name.replace(".", "_")].replace("\n", " ").split(",")
            values = [float.fromhex(v.strip().rstrip("f")) for v in literals if v.strip()]
            packed = struct.pack(f"<{len(values)}f", *values)
            self.assertEqual(packed, raw, name)
        ref_cfg = json.loads((MODEL / "reference.json").read_text(encoding="utf-8"))["config"]
        self.assertIn(f"#define M_CONTEXT_LENGTH {ref_cfg['context_length']}", text)


if __name__ == "__main__":
    unittest.main()
