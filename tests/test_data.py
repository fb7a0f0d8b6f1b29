"""The in-memory loader yields exactly what torchvision's MNIST + ToTensor() yields."""

from __future__ import annotations

import pytest
import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from course_lib import data, settings
from conftest import make_idx_root


def _reference(root, train, name="MNIST"):
    cls = getattr(datasets, name)
    return cls(root=str(root), train=train, download=False, transform=transforms.ToTensor())


def _rows(X, y):
    """Lexicographically sorted unique (image, label) rows: compares epochs regardless of order."""
    return torch.unique(torch.cat([X.flatten(1), y[:, None].float()], 1), dim=0)


@pytest.mark.parametrize("name,loader_fn", [("MNIST", data.load_mnist_dataset),
                                            ("FashionMNIST", data.load_fashion_mnist_dataset)])
def test_test_split_matches_torchvision_batch_by_batch(tmp_path, name, loader_fn):
    root = make_idx_root(tmp_path, name)
    ours = loader_fn(root, 32, False)
    ref = DataLoader(_reference(root, False, name), batch_size=32, shuffle=False)
    assert len(ours) == len(ref) == 3  # 70 samples: 32 + 32 + 6
    for (X, y), (Xr, yr) in zip(ours, ref, strict=True):
        assert X.shape == Xr.shape and X.dtype == Xr.dtype == torch.float32
        assert torch.equal(X, Xr)
        assert torch.equal(y, yr)


def test_train_split_is_shuffled_permutation_of_torchvision(idx_root):
    ours = data.load_mnist_dataset(idx_root, 50, True)
    ref = _reference(idx_root, True)
    Xr = torch.stack([ref[i][0] for i in range(len(ref))])
    yr = torch.tensor([ref[i][1] for i in range(len(ref))])
    settings.seed_everything(1)
    epoch1 = list(ours)
    X1, y1 = torch.cat([b[0] for b in epoch1]), torch.cat([b[1] for b in epoch1])
    assert [len(b[1]) for b in epoch1] == [50, 50, 50, 50, 30]
    assert torch.equal(_rows(X1, y1), _rows(Xr, yr))  # every sample exactly once
    assert not torch.equal(y1, yr)  # ...in a new order
    X2 = torch.cat([b[0] for b in ours])
    assert not torch.equal(X1, X2)  # and a different order next epoch
    # per-sample access is torchvision's (image tensor, int label)
    img, label = ours.dataset[3]
    assert torch.equal(img, ref[3][0]) and label == ref[3][1] and isinstance(label, int)


def test_bundled_sample_matches_torchvision(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    for train, n in ((True, 2000), (False, 500)):
        ours = data.load_mnist_dataset("ignored-in-smoke-mode", 200, train)
        ref = _reference(data.SAMPLE_ROOT, train)
        assert len(ours.dataset) == len(ref) == n
        assert len(ours) == -(-n // 200)  # ceil: the last batch is partial
        X = ours.dataset.data
        Xr = torch.stack([ref[i][0] for i in range(n)])
        assert torch.equal(X, Xr)
        assert torch.equal(ours.dataset.targets, ref.targets)
        # balanced classes, real digits (not blank)
        assert torch.bincount(ours.dataset.targets).tolist() == [n // 10] * 10
        assert X.mean() > 0.05


def test_smoke_mode_announces_itself(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    monkeypatch.setattr(data, "_notice_shown", False)
    data.load_mnist_dataset(None, 200, True)
    assert "smoke mode" in capsys.readouterr().out


def test_loader_contract(idx_root):
    loader = data.load_mnist_dataset(idx_root, 100, True)
    assert len(loader) == 3 and len(loader.dataset) == 230
    X, y = next(iter(loader))
    assert X.shape == (100, 1, 28, 28) and y.shape == (100,) and y.dtype == torch.int64
    assert 0.0 <= X.min() and X.max() <= 1.0
    assert "InMemoryLoader" in repr(loader)
    with pytest.raises(ValueError, match="batch_size"):
        data.load_mnist_dataset(idx_root, 0, True)


def test_data_root_default_and_override(monkeypatch, tmp_path):
    assert settings.data_root().name == "datasets"
    monkeypatch.setenv("COURSE_DATA_ROOT", str(tmp_path / "elsewhere"))
    assert settings.data_root() == tmp_path / "elsewhere"


def test_data_root_env_is_used_when_root_is_none(monkeypatch, idx_root):
    monkeypatch.setenv("COURSE_DATA_ROOT", str(idx_root))
    assert len(data.load_mnist_dataset(None, 10, False).dataset) == 70


@pytest.mark.parametrize("value,expected", [("1", True), ("true", True), ("YES", True), (" on ", True),
                                            ("0", False), ("", False), ("false", False), ("off", False)])
def test_smoke_flag_parsing(monkeypatch, value, expected):
    monkeypatch.setenv("COURSE_SMOKE", value)
    assert settings.is_smoke() is expected


def test_device_choice(monkeypatch):
    assert settings.get_device("cpu").type == "cpu"
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert settings.get_device().type == "cpu"


def test_seed_everything_makes_shuffles_repeat(idx_root):
    loader = data.load_mnist_dataset(idx_root, 50, True)
    settings.seed_everything(7)
    a = torch.cat([y for _, y in loader])
    settings.seed_everything(7)
    b = torch.cat([y for _, y in loader])
    assert torch.equal(a, b)
