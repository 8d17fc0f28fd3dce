"""Small modules for the exporter tests (importable, so a pickled one can be loaded)."""

import torch


class Block(torch.nn.Module):
    """A stand-in for the book's modules: a parameter, a persistent `mask` buffer."""

    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 2)
        self.register_buffer("mask", torch.triu(torch.ones(4, 4), diagonal=1))


class Tied(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(5, 3)
        self.blocks = torch.nn.Sequential(Block(), Block())
        self.head = torch.nn.Linear(3, 5, bias=False)
        self.head.weight = self.emb.weight  # weight tying
