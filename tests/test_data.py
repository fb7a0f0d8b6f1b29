"""The in-memory loader yields exactly what torchvision's MNIST + ToTensor() yields."""

from __future__ import annotations

import pytest
import torch
from helpers import make_idx_root
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from course_lib import data, settings
from course_lib.data import DataFileError, DataNotFoundError
from course_lib.train import fit


def _reference(root, train, name="MNIST"):
    cls = getattr(datasets, name)
    return cls(root=str(root), train=train, download=False, transform=transforms.ToTensor())


def _rows(X, y):
    """Lexicographically sorted unique (image, label) rows: compares epochs regardless of order."""
    return torch.unique(torch.cat([X.flatten(1), y[:, None].float()], 1), dim=0)


@pytest.mark.parametrize(
    "name,loader_fn", [("MNIST", data.load_mnist_dataset), ("FashionMNIST", data.load_fashion_mnist_dataset)]
)
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
    assert X.min() >= 0.0 and X.max() <= 1.0
    assert "InMemoryLoader" in repr(loader)
    with pytest.raises(ValueError, match="batch_size"):
        data.load_mnist_dataset(idx_root, 0, True)


def test_data_root_env_is_used_when_root_is_none(monkeypatch, idx_root):
    monkeypatch.setenv("COURSE_DATA_ROOT", str(idx_root))
    assert len(data.load_mnist_dataset(None, 10, False).dataset) == 70


# --- data ----------------------------------------------------------------------------------------


def test_offline_first_run_names_folder_and_smoke_mode(tmp_path, monkeypatch):
    def fake_download(self):
        # like torchvision offline: creates raw/, maybe a partial file, then fails
        raw = tmp_path / "data" / "MNIST" / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        (raw / "train-images-idx3-ubyte.gz").write_bytes(b"partial")
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz")

    monkeypatch.setattr(data.datasets.MNIST, "download", fake_download)
    with pytest.raises(DataNotFoundError) as err:
        data.load_mnist_dataset(tmp_path / "data", 200, True)
    msg = str(err.value)
    assert str(tmp_path / "data" / "MNIST" / "raw") in msg and "COURSE_SMOKE=1" in msg
    assert "train-images-idx3-ubyte" in msg
    assert not (tmp_path / "data" / "MNIST").exists()  # nothing half-written left behind


def test_no_silent_fallback_to_sample(tmp_path, monkeypatch):
    monkeypatch.setattr(data.datasets.MNIST, "download", lambda self: (_ for _ in ()).throw(RuntimeError("offline")))
    with pytest.raises(DataNotFoundError):
        data.load_mnist_dataset(tmp_path, 200, False)


@pytest.mark.parametrize("fname", ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"])
def test_truncated_idx_file_is_named(idx_root, fname):
    f = idx_root / "MNIST" / "raw" / fname
    f.write_bytes(f.read_bytes()[:-100])
    with pytest.raises(DataFileError, match=fname) as err:
        data.load_mnist_dataset(idx_root, 200, True)
    assert "지우고 다시" in str(err.value)


# --- train / validation / test split -------------------------------------------------------------


def test_splits_sizes_disjoint_and_union_is_the_training_set(idx_root):
    tl, vl, te = data.load_mnist_splits(idx_root, 50, val_size=30, seed=0)
    assert (len(tl.dataset), len(vl.dataset), len(te.dataset)) == (200, 30, 70)
    assert tl.shuffle and not vl.shuffle and not te.shuffle
    full = data.load_mnist_dataset(idx_root, 50, True).dataset
    train_idx, val_idx = data.split_indices(230, 30, seed=0)
    assert set(train_idx.tolist()).isdisjoint(val_idx.tolist())
    assert sorted(train_idx.tolist() + val_idx.tolist()) == list(range(230))
    # the loaders hold exactly those images: union of train and val rows == the training set's rows
    rows = torch.cat([tl.dataset.data, vl.dataset.data]).flatten(1)
    assert torch.equal(torch.unique(rows, dim=0), torch.unique(full.data.flatten(1), dim=0))
    assert torch.equal(vl.dataset.data, full.data[val_idx]) and torch.equal(vl.dataset.targets, full.targets[val_idx])
    assert torch.equal(te.dataset.data, data.load_mnist_dataset(idx_root, 50, False).dataset.data)


def test_split_is_fixed_by_its_seed_not_by_the_global_rng(idx_root):
    settings.seed_everything(1)
    a = data.load_mnist_splits(idx_root, 50, val_size=30, seed=0)[1].dataset.targets
    rng = torch.get_rng_state()
    settings.seed_everything(2)
    b = data.load_mnist_splits(idx_root, 50, val_size=30, seed=0)[1].dataset.targets
    c = data.load_mnist_splits(idx_root, 50, val_size=30, seed=1)[1].dataset.targets
    assert torch.equal(a, b) and not torch.equal(a, c)
    settings.seed_everything(1)
    data.load_mnist_splits(idx_root, 50, val_size=30, seed=0)
    assert torch.equal(torch.get_rng_state(), rng)  # splitting consumed no global random numbers
    # the same split on every machine: the first validation indices for seed 0 of 60,000 are fixed
    assert data.split_indices(60000, 5000, seed=0)[1][:5].tolist() == SPLIT_HEAD


SPLIT_HEAD = [1, 3, 47, 49, 80]  # torch.randperm with a seeded CPU generator: stable across machines


def test_splits_in_smoke_mode_keep_the_fraction(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    tl, vl, te = data.load_mnist_splits("ignored-in-smoke-mode", 200)
    assert (len(tl.dataset), len(vl.dataset), len(te.dataset)) == (1833, 167, 500)  # 2,000 × 5,000/60,000 = 167


@pytest.mark.parametrize("val_size", [0, 230, -1, 2.5])
def test_bad_val_size(idx_root, val_size):
    with pytest.raises(ValueError, match="val_size"):
        data.load_mnist_splits(idx_root, 50, val_size=val_size)


def test_loader_to_device_keeps_batches_and_caches_the_copy(idx_root):
    loader = data.load_mnist_dataset(idx_root, 50, True)
    assert loader.to("cpu") is loader  # already there: nothing copied
    meta = loader.to("meta")  # a device without real memory stands in for a GPU on this CPU-only machine
    assert meta is loader.to("meta") and meta.device.type == "meta"
    assert (len(meta), meta.batch_size, meta.shuffle) == (len(loader), 50, True)
    X, y = next(iter(meta))
    assert X.device.type == "meta" and X.shape == (50, 1, 28, 28) and y.shape == (50,)
    assert all(x.device.type == "meta" for x, _ in meta.batches(200, shuffle=False))
    assert loader.device.type == "cpu"  # the original stays where it was


# --- a small training set and paired batch order ---------------------------------------------------


def test_balanced_subset_is_balanced_fixed_by_its_seed_and_leaves_the_global_rng():
    targets = torch.arange(10).repeat_interleave(50)  # 50 images of each class
    torch.manual_seed(3)
    before = torch.get_rng_state()
    idx = data.balanced_subset(targets, 103, seed=1)
    assert torch.equal(torch.get_rng_state(), before)
    counts = torch.bincount(targets[idx], minlength=10)
    assert counts.tolist() == [11, 11, 11] + [10] * 7 and len(idx.unique()) == 103
    assert torch.equal(idx, data.balanced_subset(targets, 103, seed=1))
    assert not torch.equal(idx, data.balanced_subset(targets, 103, seed=2))
    with pytest.raises(ValueError, match="train_size"):
        data.balanced_subset(targets, 5)
    with pytest.raises(ValueError, match="클래스 0"):
        data.balanced_subset(targets[40:], 110)  # 11 of each class wanted; only 10 images of class 0 are left


def test_splits_with_a_small_training_set_keep_validation_and_test(idx_root):
    full_train, full_val, full_test = data.load_mnist_splits(idx_root, 20, val_size=30)
    train, val, test = data.load_mnist_splits(idx_root, 20, val_size=30, train_size=40)
    assert len(train.dataset) == 40 and len(val.dataset) == 30 and len(test.dataset) == 70
    assert torch.equal(val.dataset.data, full_val.dataset.data) and torch.equal(
        test.dataset.data, full_test.dataset.data
    )
    rows = {tuple(x.flatten().tolist()) for x in full_train.dataset.data}
    assert all(tuple(x.flatten().tolist()) in rows for x in train.dataset.data)  # drawn from the training split only
    counts = torch.bincount(train.dataset.targets, minlength=10)
    assert counts.max() - counts.min() <= 1


class _Recorder(nn.Module):
    """An MLP with dropout that remembers a fingerprint of every training batch it sees."""

    def __init__(self, p):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Dropout(p), nn.Linear(32, 10))
        self.seen = []

    def forward(self, x):
        if self.training:
            self.seen.append(x.sum().item())
        return self.net(x)


@pytest.mark.parametrize("paired", [True, False])
def test_paired_loader_gives_control_and_treated_the_same_batches(idx_root, paired):
    """Same seed, dropout 0 against 0.5: with paired=True both see the same batches in the same order every epoch."""
    train, val, _ = data.load_mnist_splits(idx_root, 20, val_size=30, paired=paired)
    seen = {}
    for p in (0.0, 0.5):
        settings.seed_everything(4)
        model = _Recorder(p)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        fit(train, val, model, nn.CrossEntropyLoss(), opt, 3, save_best_model=False, verbose=False)
        seen[p] = model.seen
    assert len(seen[0.0]) == 3 * len(train)
    assert (seen[0.0] == seen[0.5]) is paired  # the global RNG's dropout draws shift the unpaired order from epoch 2


def test_label_noise_changes_exactly_that_fraction_to_other_classes(idx_root):
    train, _, _ = data.load_mnist_splits(idx_root, 20, val_size=30, paired=True)
    clean = train.dataset.targets.clone()
    torch.manual_seed(5)
    before = torch.get_rng_state()
    noisy = data.with_label_noise(train, 0.4, seed=1)
    assert torch.equal(torch.get_rng_state(), before)
    changed = noisy.dataset.targets != clean
    assert int(changed.sum()) == round(0.4 * len(clean))  # exactly 40% wrong: a "replacement" never keeps the class
    assert noisy.dataset.targets.min() >= 0 and noisy.dataset.targets.max() <= 9
    assert torch.equal(train.dataset.targets, clean)  # the original loader keeps its labels
    assert noisy.dataset.data is train.dataset.data  # same images, not a copy
    assert (noisy.batch_size, noisy.shuffle, noisy.paired) == (train.batch_size, True, True)
    assert noisy.generator is not train.generator
    assert torch.equal(noisy.dataset.targets, data.with_label_noise(train, 0.4, seed=1).dataset.targets)
    assert not torch.equal(noisy.dataset.targets, data.with_label_noise(train, 0.4, seed=2).dataset.targets)
    assert torch.equal(data.with_label_noise(train, 0.0).dataset.targets, clean)
    assert bool((data.with_label_noise(train, 1.0).dataset.targets != clean).all())
    for bad in (-0.1, 1.5, "0.4", True):
        with pytest.raises(ValueError, match="fraction"):
            data.with_label_noise(train, bad)


def test_label_noise_spreads_over_the_other_classes():
    targets = torch.zeros(9000, dtype=torch.int64)
    ds = data.TensorPairDataset(torch.zeros(9000, 1, 2, 2), targets, [str(i) for i in range(10)])
    noisy = data.with_label_noise(data.InMemoryLoader(ds, 100), 1.0).dataset.targets
    counts = torch.bincount(noisy, minlength=10)
    assert counts[0] == 0 and counts[1:].min() > 850 and counts[1:].max() < 1150  # ~1,000 each of classes 1-9
