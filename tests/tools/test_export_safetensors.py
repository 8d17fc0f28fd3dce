"""Tests of tools/export_safetensors.py: round trips, the byte layout of the reference files,
and the command line. Run: /usr/bin/python3 -m unittest discover -s tests/tools"""

import collections
import json
import os
import pathlib
import struct
import subprocess
import sys
import tempfile
import unittest

import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "tools"))
import export_safetensors as est  # noqa: E402
from tiny_modules import Tied  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "gpt"
TOOL = ROOT / "tools" / "export_safetensors.py"


def raw_header(blob):
    """The header of a safetensors blob, parsed independently of the module under test."""
    (n,) = struct.unpack("<Q", blob[:8])
    return n, json.loads(blob[8:8 + n].decode("utf-8"), object_pairs_hook=collections.OrderedDict)


class ReferenceLayout(unittest.TestCase):
    """Exporting the reference file's tensors, in its order, with its metadata, gives the
    reference file byte for byte."""

    def check(self, filename):
        blob = (FIXTURES / filename).read_bytes()
        n, header = raw_header(blob)
        metadata = header.pop("__metadata__")
        data = blob[8 + n:]
        tensors = collections.OrderedDict()
        for name, info in header.items():
            dtype = {"F32": torch.float32, "F64": torch.float64}[info["dtype"]]
            begin, end = info["data_offsets"]
            # bytearray: a writable buffer, so torch.frombuffer does not warn.
            t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype)
            tensors[name] = t.reshape(info["shape"]).clone()
        out = est.serialize(tensors, metadata)
        self.assertEqual(len(out), len(blob))
        self.assertEqual(out, blob)
        # And the reader returns the same tensors and metadata, in header order.
        got, got_md = est.load_safetensors(FIXTURES / filename)
        self.assertEqual(got_md, dict(metadata))
        self.assertEqual(list(got), list(tensors))
        for name in tensors:
            self.assertEqual(got[name].dtype, tensors[name].dtype)
            self.assertTrue(torch.equal(got[name], tensors[name]), name)

    def test_f32(self):
        self.check("gpt_tiny_seed123.f32.safetensors")

    def test_f64(self):
        self.check("gpt_tiny_seed123.f64.safetensors")


class RoundTrip(unittest.TestCase):
    def test_dtypes_shapes_and_layout(self):
        g = torch.Generator().manual_seed(7)
        base = torch.randn(3, 4, 5, generator=g)
        sd = collections.OrderedDict([
            ("b.f32", base),
            ("a.f64", base.double() * 1e-300),
            ("f16", base.half()),
            ("bf16", base.bfloat16()),
            ("noncontig", base.transpose(0, 2)),
            ("scalar", torch.tensor(-0.0)),
            ("empty", torch.zeros(0, 3)),
            ("ids", torch.tensor([[-1, 2 ** 40], [3, 4]], dtype=torch.int64)),
            ("i32", torch.tensor([7, -8], dtype=torch.int32)),
            ("u8", torch.tensor([0, 255], dtype=torch.uint8)),
            ("flags", torch.tensor([True, False])),
        ])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x.safetensors")
            size = est.save_state_dict(sd, path, {"note": "ünïcode"})
            blob = pathlib.Path(path).read_bytes()
            got, md = est.load_safetensors(path)
        self.assertEqual(size, len(blob))
        self.assertEqual(md, {"format": "pt", "note": "ünïcode"})
        self.assertEqual(list(got), list(sd))
        for name, t in sd.items():
            self.assertEqual(got[name].dtype, t.dtype, name)
            self.assertEqual(got[name].shape, t.shape, name)
            self.assertTrue(torch.equal(got[name], t), name)
        # Bit patterns, not just values: -0.0 stays negative.
        self.assertEqual(struct.unpack("<I", struct.pack("<f", got["scalar"].item()))[0],
                         0x80000000)
        n, header = raw_header(blob)
        self.assertEqual(n % 8, 0)
        self.assertEqual(list(header)[0], "__metadata__")
        self.assertEqual(list(header["__metadata__"])[0], "format")
        text = blob[8:8 + n]
        self.assertNotIn(b": ", text.rstrip(b" "))
        self.assertEqual(text, text.rstrip(b" ") + b" " * (n - len(text.rstrip(b" "))))
        position = 0
        for name in sd:
            begin, end = header[name]["data_offsets"]
            self.assertEqual(begin, position, name)
            position = end
        self.assertEqual(position, len(blob) - 8 - n)
        self.assertEqual(header["noncontig"]["shape"], [5, 4, 3])
        self.assertEqual(header["bf16"]["dtype"], "BF16")
        self.assertEqual(header["f16"]["dtype"], "F16")
        # Little-endian, row-major: the first element of the transposed tensor comes first.
        first = blob[8 + n + header["noncontig"]["data_offsets"][0]:][:4]
        self.assertEqual(struct.unpack("<f", first)[0], base[0, 0, 0].item())
        second = blob[8 + n + header["noncontig"]["data_offsets"][0] + 4:][:4]
        self.assertEqual(struct.unpack("<f", second)[0], base[1, 0, 0].item())

    def test_bad_metadata_and_names(self):
        with self.assertRaises(TypeError):
            est.serialize({"x": torch.zeros(1)}, {"n": 1})
        with self.assertRaises(ValueError):
            est.serialize({"__metadata__": torch.zeros(1)})
        with self.assertRaises(TypeError):
            est.serialize({"x": [1.0]})

    def test_reader_rejects_bad_files(self):
        good = est.serialize(collections.OrderedDict(
            [("a", torch.ones(2)), ("b", torch.ones(3))]))
        n, header = raw_header(good)

        def with_header(h, data=good[8 + n:]):
            text = json.dumps(h, separators=(",", ":")).encode()
            text += b" " * (-len(text) % 8)
            return struct.pack("<Q", len(text)) + text + data

        est.parse(with_header(header))  # the control case parses
        cases = {
            "truncated": good[:-1],
            "short": good[:5],
            "huge header length": struct.pack("<Q", 1 << 40) + good[8:],
            "gap": with_header({**header, "b": {**header["b"], "data_offsets": [12, 24]}},
                               good[8 + n:] + b"\0" * 4),
            "overlap": with_header({**header, "b": {**header["b"], "data_offsets": [4, 16]}},
                                   good[8 + n:8 + n + 16]),
            "size mismatch": with_header({**header, "b": {**header["b"], "shape": [4]}}),
            "unknown dtype": with_header({**header, "b": {**header["b"], "dtype": "F8"}}),
            "metadata not str": with_header({**header, "__metadata__": {"format": 1}}),
            "trailing bytes": good + b"\0" * 8,
        }
        for what, blob in cases.items():
            with self.subTest(what):
                with self.assertRaises(ValueError):
                    est.parse(blob, "x.safetensors")


class CommandLine(unittest.TestCase):
    def run_tool(self, *args):
        # A pickled nn.Module needs its class importable: tiny_modules is on the path.
        env = dict(os.environ, PYTHONPATH=str(ROOT / "tests" / "tools"))
        result = subprocess.run([sys.executable, str(TOOL), *map(str, args)], env=env,
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def setUp(self):
        torch.manual_seed(3)
        self.model = Tied()
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_state_dict_drops_masks_and_keeps_ties(self):
        torch.save(self.model.state_dict(), self.dir / "sd.pt")
        out = self.run_tool(self.dir / "sd.pt", self.dir / "sd.safetensors")
        got, md = est.load_safetensors(self.dir / "sd.safetensors")
        expected = [k for k in self.model.state_dict() if not k.endswith(".mask")]
        self.assertEqual(list(got), expected)
        self.assertIn("blocks.0.mask", out)
        self.assertEqual(json.loads(md["tied"]), [["emb.weight", "head.weight"]])
        self.assertTrue(torch.equal(got["head.weight"], self.model.emb.weight.detach()))
        for name, t in self.model.state_dict().items():
            if name in got:
                self.assertTrue(torch.equal(got[name], t), name)

    def test_whole_module_exports_parameters_only(self):
        torch.save(self.model, self.dir / "m.pt")
        self.run_tool(self.dir / "m.pt", self.dir / "m.safetensors", "--metadata", "k=v")
        got, md = est.load_safetensors(self.dir / "m.safetensors")
        self.assertEqual(list(got), ["emb.weight", "blocks.0.lin.weight", "blocks.0.lin.bias",
                                     "blocks.1.lin.weight", "blocks.1.lin.bias", "head.weight"])
        self.assertEqual(md["k"], "v")

    def test_drop_override_and_dtype(self):
        torch.save({"model_state_dict": self.model.state_dict(), "epoch": 3},
                   self.dir / "ckpt.pt")
        self.run_tool(self.dir / "ckpt.pt", self.dir / "all.safetensors", "--drop")
        got, _ = est.load_safetensors(self.dir / "all.safetensors")
        self.assertEqual(list(got), list(self.model.state_dict()))
        self.run_tool(self.dir / "ckpt.pt", self.dir / "b.safetensors",
                      "--drop", r"\.bias$", "^head", "--dtype", "bf16")
        got, _ = est.load_safetensors(self.dir / "b.safetensors")
        self.assertEqual(list(got), ["emb.weight", "blocks.0.mask", "blocks.0.lin.weight",
                                     "blocks.1.mask", "blocks.1.lin.weight"])
        self.assertTrue(all(t.dtype == torch.bfloat16 for t in got.values()))
        self.assertTrue(torch.equal(got["emb.weight"],
                                    self.model.emb.weight.detach().bfloat16()))


if __name__ == "__main__":
    unittest.main()
