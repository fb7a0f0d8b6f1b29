"""Shared fixtures: tiny IDX datasets written by the tests, the bundled sample, env isolation."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from course_lib import data, settings


def write_idx(path: Path, tensor: torch.Tensor) -> None:
    """Write a uint8 tensor as a big-endian IDX file (the MNIST format)."""
    header = bytes([0, 0, 0x08, tensor.ndim]) + b"".join(d.to_bytes(4, "big") for d in tensor.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tensor.contiguous().numpy().tobytes())


def make_idx_root(root: Path, name: str = "MNIST", n_train: int = 230, n_test: int = 70, seed: int = 0) -> Path:
    """A data root holding random-but-valid MNIST-format files under <root>/<name>/raw/."""
    g = torch.Generator().manual_seed(seed)
    raw = root / name / "raw"
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        write_idx(raw / f"{prefix}-images-idx3-ubyte", torch.randint(0, 256, (n, 28, 28), generator=g, dtype=torch.uint8))
        write_idx(raw / f"{prefix}-labels-idx1-ubyte", torch.randint(0, 10, (n,), generator=g, dtype=torch.uint8))
    return root


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    """Each test starts in full mode, without a data-root override, in its own working folder."""
    monkeypatch.delenv("COURSE_SMOKE", raising=False)
    monkeypatch.delenv("COURSE_DATA_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def idx_root(tmp_path) -> Path:
    return make_idx_root(tmp_path / "data")


@pytest.fixture(scope="session")
def sample_loaders():
    """Train/validation loaders over the bundled real-MNIST sample (2,000 / 500)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("COURSE_SMOKE", "1")
    try:
        return data.load_mnist_dataset(None, 200, True), data.load_mnist_dataset(None, 200, False)
    finally:
        mp.undo()


@pytest.fixture
def seeded():
    settings.seed_everything(0)
