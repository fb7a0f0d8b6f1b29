"""Small data sets, loaders and models shared by the tests (imported as `from helpers import ...`)."""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

from course_lib.data import InMemoryLoader, TensorPairDataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # maintainer scripts, outside the package
from make_sample import write_idx


def make_idx_root(root: Path, name: str = "MNIST", n_train: int = 230, n_test: int = 70, seed: int = 0) -> Path:
    """A data root holding random-but-valid MNIST-format files under <root>/<name>/raw/."""
    g = torch.Generator().manual_seed(seed)
    raw = root / name / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        write_idx(
            raw / f"{prefix}-images-idx3-ubyte", torch.randint(0, 256, (n, 28, 28), generator=g, dtype=torch.uint8)
        )
        write_idx(raw / f"{prefix}-labels-idx1-ubyte", torch.randint(0, 10, (n,), generator=g, dtype=torch.uint8))
    return root


class ListLoader:
    """A plain list of (X, y) batches with len(): a stand-in for any user-made loader."""

    def __init__(self, batches):
        self.batches_ = list(batches)
        self.dataset = range(sum(len(b[1]) for b in self.batches_))

    def __iter__(self):
        return iter(self.batches_)

    def __len__(self):
        return len(self.batches_)


class InterruptingLoader:
    """Wraps a loader and raises KeyboardInterrupt at batch `at` of training epoch `epoch` (like pressing Stop).

    Evaluation goes through ``batches()`` (as fit does for the in-memory loader) and is not counted.
    """

    def __init__(self, loader, epoch, at):
        self.loader, self.epoch, self.at, self.count = loader, epoch, at, 0
        self.dataset = loader.dataset
        self.generator = getattr(loader, "generator", None)  # a paired loader's shuffle generator

    def restart(self, seed):
        self.loader.restart(seed)

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        self.count += 1
        for i, batch in enumerate(self.loader):
            if self.count == self.epoch and i == self.at:
                raise KeyboardInterrupt
            yield batch

    def batches(self, batch_size=None, shuffle=None):
        return self.loader.batches(batch_size, shuffle)


def binary_data(n: int = 300, seed: int = 0, shape_2d: bool = True):
    """Linearly separable 2-feature binary data; y float (B, 1) or (B,)."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 2, generator=g)
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).float()
    return X, (y[:, None] if shape_2d else y)


def tensor_loader(X, y, batch_size=64, shuffle=False):
    return InMemoryLoader(TensorPairDataset(X, y), batch_size, shuffle=shuffle)


def tiny_mlp(n_in=2, n_out=1, prob=False):
    layers = [nn.Linear(n_in, 8), nn.ReLU(), nn.Linear(8, n_out)]
    if prob:
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


class NoFloat64(TorchDispatchMode):
    """Fails on the first op that makes a float64 tensor: Apple's MPS has no float64, so fit must not make one.

    Neither the CPU nor the meta device refuses float64; this mode inspects every op's outputs on the CPU instead.
    """

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in tree_leaves(out):
            if isinstance(t, torch.Tensor) and t.dtype == torch.float64:
                raise AssertionError(f"{func} made a float64 tensor {tuple(t.shape)}: MPS has no float64")
        return out


def make_history(train_acc, val_acc, best=2):
    """A History with the given accuracies, rising validation loss and a fixed lr: data for plot and display tests."""
    from course_lib.history import History

    n = len(val_acc)
    return History(
        train_loss=[1.0] * n,
        train_acc=train_acc,
        val_loss=[0.5 + 0.1 * i for i in range(n)],
        val_acc=val_acc,
        lr=[1e-3] * n,
        epoch_time=[1.0] * n,
        best_epoch=best,
    )
