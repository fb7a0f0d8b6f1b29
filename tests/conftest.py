"""Fixtures: env isolation, tiny IDX data sets, the bundled sample. Shared helpers live in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_idx_root

from course_lib import data, settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    """Each test starts in full mode, without data-root or device overrides, in its own working folder."""
    for var in ("COURSE_SMOKE", "COURSE_DATA_ROOT", "COURSE_DEVICE"):
        monkeypatch.delenv(var, raising=False)
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
