"""Small loaders and models for the training tests."""

from __future__ import annotations

import torch
from torch import nn

from course_lib.data import InMemoryLoader, TensorPairDataset


class ListLoader:
    """A plain list of (X, y) batches with len(): a stand-in for any user-made loader."""

    def __init__(self, batches):
        self.batches_ = list(batches)
        self.dataset = range(sum(len(b[1]) for b in self.batches_))

    def __iter__(self):
        return iter(self.batches_)

    def __len__(self):
        return len(self.batches_)


def binary_data(n: int = 300, seed: int = 0, shape_2d: bool = True):
    """Linearly separable 2-feature binary data; y float (B, 1) or (B,)."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 2, generator=g)
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).float()
    return X, (y[:, None] if shape_2d else y)


def tensor_loader(X, y, batch_size=64, shuffle=False):
    ds = TensorPairDataset(X, y)
    return InMemoryLoader(ds, batch_size, shuffle=shuffle)


def tiny_mlp(n_in=2, n_out=1, prob=False):
    layers = [nn.Linear(n_in, 8), nn.ReLU(), nn.Linear(8, n_out)]
    if prob:
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)
