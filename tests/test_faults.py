"""Bad input, interruptions and faults end in a clear message and lose nothing (one test per case)."""

from __future__ import annotations

import pickle
import tracemalloc

import pytest
import torch
from torch import nn
from torch.optim import lr_scheduler as S

from course_lib import checkpoint, data, models, settings, train
from course_lib.checkpoint import CheckpointError
from course_lib.data import DataFileError, DataNotFoundError
from helpers import ListLoader, binary_data, tensor_loader, tiny_mlp


def _setup():
    torch.manual_seed(0)
    model = models.SmallSizeModel()
    return model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=1e-3)


def _untrained(model, before):
    return all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


# --- bad arguments: ValueError before any training, naming the argument ---------------------------

@pytest.mark.parametrize("kwargs,name", [
    (dict(mode="multiclass"), "mode"),
    (dict(epochs=0), "epochs"),
    (dict(epochs=-3), "epochs"),
    (dict(epochs=2.5), "epochs"),
    (dict(epochs=True), "epochs"),
    (dict(patience=0), "patience"),
    (dict(patience=1.5), "patience"),
    (dict(save_model_path=""), "save_model_path"),
    (dict(scheduler_step="sometimes"), "scheduler_step"),
])
def test_bad_arguments_fail_before_training(sample_loaders, kwargs, name):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    before = [p.clone() for p in model.parameters()]
    args = dict(epochs=3, mode="multi")
    args.update(kwargs)
    epochs = args.pop("epochs")
    with pytest.raises(ValueError, match=name):
        train.fit(tl, vl, model, loss_fn, opt, epochs, **args)
    assert _untrained(model, before)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 2])
def test_bad_drop_rate(rate):
    with pytest.raises(ValueError, match="drop_rate"):
        models.DropoutModel(rate)


def test_save_best_model_without_path_uses_documented_default(sample_loaders, tmp_path):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    h = train.fit(tl, vl, model, loss_fn, opt, 1, save_best_model=True, save_model_path=None)
    assert (tmp_path / "models" / "SmallSizeModel.pth").is_file()
    assert h.checkpoint_path.endswith("SmallSizeModel.pth")


def test_save_path_that_is_a_folder(sample_loaders, tmp_path):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    with pytest.raises(ValueError, match="save_model_path"):
        train.fit(tl, vl, model, loss_fn, opt, 1, save_model_path=tmp_path)


def test_wrong_types_are_named(sample_loaders):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    with pytest.raises(TypeError, match="optimizer"):
        train.fit(tl, vl, model, loss_fn, "adam", 1)
    with pytest.raises(TypeError, match="model"):
        train.fit(tl, vl, "model", loss_fn, opt, 1)
    with pytest.raises(TypeError, match="train_loader"):
        train.fit(42, vl, model, loss_fn, opt, 1)


def test_scheduler_of_another_optimizer(sample_loaders):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    other = torch.optim.Adam(model.parameters(), lr=1e-3)
    with pytest.raises(ValueError, match="optimizer"):
        train.fit(tl, vl, model, loss_fn, opt, 1, lr_scheduler=S.StepLR(other, 1))


# --- loaders and batches -------------------------------------------------------------------------

def test_empty_loader(sample_loaders):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    with pytest.raises(ValueError, match="train_loader.*비어"):
        train.fit(ListLoader([]), vl, model, loss_fn, opt, 1)
    with pytest.raises(ValueError, match="val_loader.*비어"):
        train.fit(tl, ListLoader([]), model, loss_fn, opt, 1)


def test_empty_loader_without_len():
    model, loss_fn, opt = _setup()
    with pytest.raises(ValueError, match="비어"):
        train.train_one_epoch(iter([]), model, loss_fn, opt)


def test_wrong_input_shape_is_named():
    model, loss_fn, opt = _setup()
    loader = ListLoader([(torch.rand(8, 3, 32, 32), torch.zeros(8, dtype=torch.long))])
    with pytest.raises(ValueError, match=r"\(8, 3, 32, 32\)"):
        train.fit(loader, loader, model, loss_fn, opt, 1, save_best_model=False)


def test_mismatched_batch_sizes_are_named():
    model, loss_fn, opt = _setup()
    loader = ListLoader([(torch.rand(8, 1, 28, 28), torch.zeros(6, dtype=torch.long))])
    with pytest.raises(ValueError, match=r"\(8, 1, 28, 28\).*\(6,\)"):
        train.fit(loader, loader, model, loss_fn, opt, 1, save_best_model=False)


def test_float_labels_in_multi_mode():
    model, loss_fn, opt = _setup()
    loader = ListLoader([(torch.rand(8, 1, 28, 28), torch.zeros(8))])
    with pytest.raises(TypeError, match="float32.*long"):
        train.fit(loader, loader, model, loss_fn, opt, 1, save_best_model=False)


def test_labels_out_of_range_in_multi_mode():
    model, loss_fn, opt = _setup()
    loader = ListLoader([(torch.rand(8, 1, 28, 28), torch.full((8,), 12))])
    with pytest.raises(ValueError, match="클래스 수 10"):
        train.fit(loader, loader, model, loss_fn, opt, 1, save_best_model=False)


def test_loader_yielding_non_tensors():
    model, loss_fn, opt = _setup()
    loader = ListLoader([([1, 2], [0, 1])])
    with pytest.raises(TypeError, match="tensor"):
        train.fit(loader, loader, model, loss_fn, opt, 1, save_best_model=False)


def test_binary_mode_with_multi_column_output(sample_loaders):
    tl, vl = sample_loaders
    model, _, opt = _setup()
    with pytest.raises(ValueError, match=r"mode='binary'.*\(200, 10\).*mode='multi'"):
        train.fit(tl, vl, model, nn.BCEWithLogitsLoss(), opt, 1, save_best_model=False, mode="binary")


def test_multi_mode_with_single_output():
    X, y = binary_data()
    model = tiny_mlp()
    loader = tensor_loader(X, y.long().squeeze(1))
    with pytest.raises(ValueError, match="mode='binary'"):
        train.fit(loader, loader, model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters()), 1,
                  save_best_model=False, mode="multi")


def test_binary_labels_outside_zero_one():
    X, y = binary_data()
    y = y * 2  # labels {0, 2}
    model = tiny_mlp()
    loader = tensor_loader(X, y)
    with pytest.raises(ValueError, match="0 또는 1"):
        train.fit(loader, loader, model, nn.BCEWithLogitsLoss(), torch.optim.Adam(model.parameters()), 1,
                  save_best_model=False, mode="binary")


def test_binary_label_shape_mismatch():
    X, y = binary_data(shape_2d=False)
    model = tiny_mlp()  # (B, 1) output vs (B,) labels
    loader = tensor_loader(X, y)
    with pytest.raises(ValueError, match=r"\(64, 1\).*\(64,\)"):
        train.fit(loader, loader, model, nn.BCEWithLogitsLoss(), torch.optim.Adam(model.parameters()), 1,
                  save_best_model=False, mode="binary")


def test_binary_with_unknown_loss_asks_for_from_logits():
    X, y = binary_data()
    model = tiny_mlp()
    loader = tensor_loader(X, y)
    with pytest.raises(ValueError, match="from_logits"):
        train.fit(loader, loader, model, nn.MSELoss(), torch.optim.Adam(model.parameters()), 1,
                  save_best_model=False, mode="binary")


# --- faults during training ----------------------------------------------------------------------

class NaNAfter(nn.CrossEntropyLoss):
    """Cross-entropy that turns NaN after `calls` calls (simulates a diverging run)."""

    def __init__(self, calls):
        super().__init__()
        self.calls, self.left = calls, calls

    def forward(self, pred, y):
        self.left -= 1
        loss = super().forward(pred, y)
        return loss * float("nan") if self.left < 0 else loss


def test_nan_loss_stops_and_keeps_best_checkpoint(sample_loaders, tmp_path, capsys):
    tl, vl = sample_loaders
    model, _, opt = _setup()
    path = tmp_path / "best.pth"
    per_epoch = len(tl) + 2  # training batches + one big-batch evaluation each for train and val
    h = train.fit(tl, vl, model, NaNAfter(per_epoch), opt, 5, save_model_path=path)
    assert h.stop_reason == "non_finite" and h.epochs_run == 2 and h.best_epoch == 1
    assert "nan" in capsys.readouterr().out
    fresh = models.SmallSizeModel()
    ckpt = checkpoint.load_checkpoint(path, fresh)
    assert ckpt["epoch"] == 1
    assert all(torch.isfinite(p).all() for p in fresh.parameters())
    assert train.evaluate(vl, fresh, nn.CrossEntropyLoss())[0] == pytest.approx(h.val_loss[0], rel=1e-6)


class InterruptingLoader:
    """Wraps a loader and raises KeyboardInterrupt at batch `at` of epoch `epoch` (like pressing Stop)."""

    def __init__(self, loader, epoch, at):
        self.loader, self.epoch, self.at, self.count = loader, epoch, at, 0
        self.dataset = loader.dataset

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        self.count += 1
        for i, batch in enumerate(self.loader):
            if self.count == self.epoch and i == self.at:
                raise KeyboardInterrupt
            yield batch


def test_keyboard_interrupt_returns_history_so_far(sample_loaders, tmp_path, capsys):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    path = tmp_path / "best.pth"
    # iterations of the train loader per epoch: one for training, one for train-set evaluation
    loader = InterruptingLoader(tl, epoch=3, at=4)  # the middle of epoch 2's training
    h = train.fit(loader, vl, model, loss_fn, opt, 5, save_model_path=path)
    assert h.stop_reason == "interrupted" and h.epochs_run == 1
    assert "KeyboardInterrupt" in capsys.readouterr().out
    assert checkpoint.load_checkpoint(path, models.SmallSizeModel())["epoch"] == 1


def test_crash_during_checkpoint_save_keeps_previous_file(tmp_path, monkeypatch):
    model = models.SmallSizeModel()
    path = checkpoint.save_checkpoint(tmp_path / "m.pth", model, epoch=1)
    before = path.read_bytes()
    real_save = torch.save

    def half_then_fail(obj, f, *a, **k):
        real_save(obj, f, *a, **k)
        f.truncate(100)  # half-written
        raise OSError("No space left on device")

    monkeypatch.setattr(torch, "save", half_then_fail)
    with torch.no_grad():
        model.output.weight.add_(1.0)
    with pytest.raises(OSError, match="No space"):
        checkpoint.save_checkpoint(path, model, epoch=2)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.pth"]
    assert checkpoint.load_checkpoint(path, models.SmallSizeModel())["epoch"] == 1


def test_checkpoint_in_missing_folder_is_created(tmp_path):
    path = tmp_path / "a" / "b" / "c.pth"
    checkpoint.save_checkpoint(path, models.SmallSizeModel())
    assert path.is_file()


# --- opening checkpoints -------------------------------------------------------------------------

def test_truncated_checkpoint(tmp_path):
    path = checkpoint.save_checkpoint(tmp_path / "m.pth", models.BNModel())
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CheckpointError, match="잘렸거나 손상"):
        checkpoint.load_checkpoint(path, models.BNModel())


def test_garbage_checkpoint(tmp_path):
    path = tmp_path / "m.pth"
    path.write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointError, match=str(path.name)):
        checkpoint.load_checkpoint(path, models.BNModel())


class Evil:
    ran = False

    def __reduce__(self):
        return (Evil._pwn, ())

    @staticmethod
    def _pwn():
        Evil.ran = True
        return "pwned"


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")  # torch notes the foreign pickle before refusing it
def test_whole_pickled_model_and_arbitrary_code_are_refused(tmp_path):
    whole = tmp_path / "whole.pth"
    torch.save(models.SmallSizeModel(), whole)  # the seed's torch.save(model)
    with pytest.raises(CheckpointError, match="state_dict"):
        checkpoint.load_checkpoint(whole, models.SmallSizeModel())
    evil = tmp_path / "evil.pth"
    torch.save({"model_state": Evil()}, evil)
    with pytest.raises(CheckpointError):
        checkpoint.load_checkpoint(evil)
    assert Evil.ran is False
    evil_plain = tmp_path / "evil.pkl"
    evil_plain.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(CheckpointError):
        checkpoint.load_checkpoint(evil_plain)
    assert Evil.ran is False


def test_checkpoint_into_model_of_another_shape(tmp_path):
    path = checkpoint.save_checkpoint(tmp_path / "bn.pth", models.BNModel())
    with pytest.raises(CheckpointError, match=r"(?s)BNModel.*b2\.0\.weight: 파일 \(128, 256\) ≠ 모델 \(256, 256\)") as err:
        checkpoint.load_checkpoint(path, models.DropoutModel())
    assert "b1.1.running_mean" in str(err.value)  # BN buffers the dropout model lacks


def test_missing_checkpoint_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.pth"):
        checkpoint.load_checkpoint(tmp_path / "nope.pth")


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


def test_unrecognised_smoke_value(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "maybe")
    with pytest.raises(ValueError, match="COURSE_SMOKE='maybe'"):
        settings.is_smoke()


# --- schedulers ----------------------------------------------------------------------------------

def test_onecycle_overstepping_is_refused_before_training(sample_loaders):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    sched = S.OneCycleLR(opt, max_lr=0.01, total_steps=len(tl) * 2)
    with pytest.raises(ValueError, match="OneCycleLR"):
        train.fit(tl, vl, model, loss_fn, opt, 3, save_best_model=False, lr_scheduler=sched)


def test_plateau_cannot_be_stepped_per_batch(sample_loaders):
    tl, vl = sample_loaders
    model, loss_fn, opt = _setup()
    with pytest.raises(ValueError, match="ReduceLROnPlateau"):
        train.fit(tl, vl, model, loss_fn, opt, 1, lr_scheduler=S.ReduceLROnPlateau(opt), scheduler_step="batch")


# --- long runs and repeated runs -----------------------------------------------------------------

def test_long_fit_keeps_memory_flat(sample_loaders):
    tl, vl = sample_loaders
    small = ListLoader(list(tl)[:1])
    model, loss_fn, opt = _setup()
    train.fit(small, small, model, loss_fn, opt, 5, save_best_model=False, early_stopping=False, verbose=False)
    tracemalloc.start()
    h = train.fit(small, small, model, loss_fn, opt, 60, save_best_model=False, early_stopping=False, verbose=False)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert current < 200_000  # 60 epochs of floats, no tensors or graphs kept
    assert all(type(v) is float for v in h.val_loss)


def test_rerun_in_same_folder_overwrites_checkpoint(sample_loaders, tmp_path):
    tl, vl = sample_loaders
    for _ in range(2):
        model, loss_fn, opt = _setup()
        h = train.fit(tl, vl, model, loss_fn, opt, 1, save_model_path=tmp_path / "m.pth")
    assert checkpoint.load_checkpoint(tmp_path / "m.pth", models.SmallSizeModel())["metric"] == h.val_loss[0]
