"""Lesson 01's exercise checks: the right answer passes, each named mistake gets its own message."""

from __future__ import annotations

import dataclasses

import pytest
import torch
import torch.nn as nn

from course_lib import checkpoint, data, models, settings, train
from course_lib.exercises._core import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson01 import MID_PARAMS, MLP256_PARAMS, SMALL_PARAMS, q1, q2, q3, q4
from course_lib.history import History


def _mistake(fb):
    assert fb.status == INCORRECT, fb
    return fb.mistake


def _history(n_params, epochs=5, *, run=None, lr=0.001, stop="completed", shift=0.0, requested=None):
    """A History as fit records it, without training: losses fall each epoch; ``shift`` makes seeds differ."""
    run = epochs if run is None else run
    h = History(model_name="Sequential", n_params=n_params, epochs_requested=requested or epochs, stop_reason=stop)
    for e in range(run):
        h.train_loss.append(1.0 / (e + 1) + shift)
        h.train_acc.append(0.8 + 0.02 * e)
        h.val_loss.append(1.1 / (e + 1) + shift)
        h.val_acc.append(0.79 + 0.02 * e)
        h.lr.append(lr)
        h.epoch_time.append(0.1)
    h.best_epoch = run
    return h


def _runs(n_params, **kw):
    return [_history(n_params, shift=0.001 * s, **kw) for s in range(3)]


# ---------------------------------------------------------------- q1


def make_mid_model():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def test_q1_right_answer_and_starter():
    assert MID_PARAMS == models.count_parameters(make_mid_model()) == 101_770
    assert q1.evaluate(make_mid_model, _runs(MID_PARAMS)).status == CORRECT
    assert q1.evaluate(make_mid_model(), _runs(MID_PARAMS)).status == CORRECT  # a model instead of its maker
    assert q1.evaluate(lambda: ..., ...).status == NOT_ATTEMPTED  # the untouched starter
    half = q1.evaluate(make_mid_model, ...)
    assert half.status == NOT_ATTEMPTED and "모델은 맞습니다" in half.message


def test_q1_accepts_runs_that_fit_really_recorded(monkeypatch):
    """The check reads the History fields fit writes (n_params, epochs_requested, lr): one tiny real sweep."""
    g = torch.Generator().manual_seed(0)
    ds = data.TensorPairDataset(torch.rand(20, 1, 28, 28, generator=g), torch.randint(0, 10, (20,), generator=g))
    loader = data.InMemoryLoader(ds, 20, shuffle=True)
    runs = []
    for seed in (0, 1, 2):
        settings.seed_everything(seed)
        model = make_mid_model()
        opt = torch.optim.Adam(model.parameters(), lr=0.001)
        runs.append(
            train.fit(loader, loader, model, nn.CrossEntropyLoss(), opt, 5, save_best_model=False,
                      early_stopping=False, device="cpu", verbose=False)
        )  # fmt: skip
    assert q1.evaluate(make_mid_model, runs).status == CORRECT
    assert _mistake(q1.evaluate(make_mid_model, [runs[0]] * 3)) == "same_seed"


def test_q1_passes_in_smoke_mode_where_fit_caps_the_epochs(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert q1.evaluate(make_mid_model, _runs(MID_PARAMS, run=2, requested=5)).status == CORRECT
    monkeypatch.delenv("COURSE_SMOKE")
    assert _mistake(q1.evaluate(make_mid_model, _runs(MID_PARAMS, run=2, requested=5))) == "stopped_early"


def test_q1_named_model_mistakes():
    runs = _runs(MID_PARAMS)

    def seq(*layers):
        return lambda: nn.Sequential(*layers)

    assert _mistake(q1.evaluate(seq(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)), runs)) == "no_flatten"
    assert _mistake(q1.evaluate(seq(nn.Flatten(), nn.Linear(784, 128), nn.Linear(128, 10)), runs)) == "no_relu"
    softmax = seq(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1))
    assert _mistake(q1.evaluate(softmax, runs)) == "softmax"
    relu_last = seq(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.ReLU())
    assert _mistake(q1.evaluate(relu_last, runs)) == "relu_last"
    assert _mistake(q1.evaluate(seq(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10)), runs)) == "layers"
    no_bias = seq(nn.Flatten(), nn.Linear(784, 128, bias=False), nn.ReLU(), nn.Linear(128, 10))
    assert _mistake(q1.evaluate(no_bias, runs)) == "params"
    assert _mistake(q1.evaluate(lambda: "Sequential", runs)) == "not_module"


def test_q1_named_run_mistakes():
    assert _mistake(q1.evaluate(make_mid_model, _history(MID_PARAMS))) == "one_run"
    assert _mistake(q1.evaluate(make_mid_model, _runs(MID_PARAMS)[:2])) == "seeds"
    assert _mistake(q1.evaluate(make_mid_model, [_history(MID_PARAMS)] * 3)) == "same_seed"
    assert _mistake(q1.evaluate(make_mid_model, _runs(50_890))) == "wrong_model"
    assert _mistake(q1.evaluate(make_mid_model, _runs(MID_PARAMS, epochs=10))) == "epochs"
    assert _mistake(q1.evaluate(make_mid_model, _runs(MID_PARAMS, run=3, stop="early_stopping"))) == "stopped_early"
    assert _mistake(q1.evaluate(make_mid_model, _runs(MID_PARAMS, lr=0.01))) == "lr"
    continued = _runs(MID_PARAMS)
    continued[1] = _history(MID_PARAMS, shift=-0.9)  # starts below where the first run ended: the same model again
    assert _mistake(q1.evaluate(make_mid_model, continued)) == "not_fresh"
    assert _mistake(q1.evaluate(make_mid_model, [0.95, 0.96, 0.97])) == "not_histories"


def test_q1_crash_is_an_error():
    fb = q1.evaluate(lambda: nn.Sequential(nn.Flatten(), nn.Linear(784), nn.ReLU()), ...)  # Linear needs two sizes
    assert fb.status == ERROR and "TypeError" in fb.message


# ---------------------------------------------------------------- q2


def test_q2_right_answer_and_starter():
    control = _history(SMALL_PARAMS, epochs=10)
    assert q2.evaluate(_history(SMALL_PARAMS, epochs=30), control).status == CORRECT
    assert q2.evaluate(_history(SMALL_PARAMS, epochs=30)).status == CORRECT  # the solutions notebook has no control
    assert q2.evaluate(..., control).status == NOT_ATTEMPTED


def test_q2_named_mistakes():
    control = _history(SMALL_PARAMS, epochs=10)
    continued = _history(SMALL_PARAMS, epochs=30, shift=-0.95)  # epoch 1 already below the control's last epoch
    assert _mistake(q2.evaluate(continued, control)) == "not_fresh"
    assert _mistake(q2.evaluate(_history(SMALL_PARAMS, epochs=30, run=14, stop="early_stopping"), control)) == (
        "stopped_early"
    )
    assert _mistake(q2.evaluate(_history(SMALL_PARAMS, epochs=10), control)) == "epochs"
    assert _mistake(q2.evaluate(_history(MID_PARAMS, epochs=30), control)) == "wrong_model"
    assert _mistake(q2.evaluate(list(_history(SMALL_PARAMS, epochs=30)), control)) == "unpacked"
    assert _mistake(q2.evaluate(0.9236, control)) == "not_history"


# ---------------------------------------------------------------- q3


@pytest.fixture
def saved_run():
    """A 3-epoch History whose best checkpoint (epoch 2: lowest val loss) is on disk; the highest val acc is epoch 3."""
    torch.manual_seed(0)
    best = models.MLP(hidden=(8,))
    path = checkpoint.save_checkpoint("models/ex3.pth", best, epoch=2)
    h = _history(models.count_parameters(best), epochs=3)
    h.val_loss[:] = [0.50, 0.30, 0.35]
    h.val_acc[:] = [0.90, 0.93, 0.94]
    h.best_epoch, h.checkpoint_path = 2, str(path)
    return h, best


def _restored(h, hidden=(8,)):
    model = models.MLP(hidden=hidden)
    checkpoint.load_checkpoint(h.checkpoint_path, model)
    return model


def test_q3_right_answer_and_starter(saved_run):
    h, _ = saved_run
    assert q3.evaluate(2, _restored(h), 0.93, h).status == CORRECT
    assert q3.evaluate(2, _restored(h), (0.30, 0.93), h).status == CORRECT  # train.evaluate's (loss, acc) as is
    assert q3.evaluate(..., ..., ..., h).status == NOT_ATTEMPTED
    assert "best epoch이 2번째인 것은 맞습니다" in q3.evaluate(2, ..., ..., h).message
    assert q3.evaluate(2, _restored(h), ..., h).status == NOT_ATTEMPTED


def test_q3_named_mistakes(saved_run):
    h, _ = saved_run
    assert _mistake(q3.evaluate(3, _restored(h), 0.93, h)) == "max_acc"
    assert _mistake(q3.evaluate(1, _restored(h), 0.93, h)) == "zero_based"
    assert _mistake(q3.evaluate(7, _restored(h), 0.93, h)) == "epoch"
    torch.manual_seed(1)
    assert _mistake(q3.evaluate(2, models.MLP(hidden=(8,)), 0.93, h)) == "not_loaded"  # a fresh, unloaded model
    assert _mistake(q3.evaluate(2, models.SmallSizeModel(), 0.93, h)) == "wrong_class"
    assert _mistake(q3.evaluate(2, _restored(h), 1.3, h)) == "loss_not_acc"
    assert _mistake(q3.evaluate(2, _restored(h), 0.94, h)) == "last_epoch"
    assert _mistake(q3.evaluate(2, _restored(h), 0.912, h)) == "mismatch"
    assert _mistake(q3.evaluate(2, _restored(h), "high", h)) == "not_number"
    no_ckpt = dataclasses.replace(h, checkpoint_path=None)
    assert _mistake(q3.evaluate(2, _restored(h), 0.93, no_ckpt)) == "no_checkpoint"


def test_q3_a_missing_checkpoint_file_is_an_error_not_a_wrong_answer(saved_run):
    h, _ = saved_run
    restored = _restored(h)
    moved = dataclasses.replace(h, checkpoint_path="elsewhere/ex3.pth")  # run from another folder
    fb = q3.evaluate(2, restored, 0.93, moved)
    assert fb.status == ERROR and "FileNotFoundError" in fb.message


# ---------------------------------------------------------------- q4


def _images(n, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.randint(0, 256, (n, 1, 28, 28), generator=g) / 255).float(), torch.randint(0, 10, (n,), generator=g)


@pytest.fixture(scope="module")
def splits():
    """Stand-ins for the train split (6,000 images) and the validation set (5,000), none shared."""
    X, y = _images(6000, 0)
    Xv, yv = _images(5000, 1)
    train_ds = data.TensorPairDataset(X, y)
    val = data.InMemoryLoader(data.TensorPairDataset(Xv, yv), 200)
    return train_ds, val


def _small_loader(ds, n=5000, batch_size=200, shuffle=True):
    return data.InMemoryLoader(data.TensorPairDataset(ds.data[:n], ds.targets[:n]), batch_size, shuffle=shuffle)


def test_q4_right_answer_and_starter(splits):
    ds, val = splits
    assert models.count_parameters(models.MLP(hidden=(256,))) == MLP256_PARAMS
    assert q4.evaluate(_runs(MLP256_PARAMS), _small_loader(ds), val).status == CORRECT
    assert q4.evaluate(..., ..., val).status == NOT_ATTEMPTED  # the untouched starter
    half = q4.evaluate(..., _small_loader(ds), val)
    assert half.status == NOT_ATTEMPTED and "loader는 맞습니다" in half.message


def test_q4_smoke_mode_accepts_the_smaller_sample(splits, monkeypatch):
    ds, val = splits
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert q4.evaluate(_runs(MLP256_PARAMS, run=2, requested=5), _small_loader(ds, n=1833), val).status == CORRECT


def test_q4_named_mistakes(splits):
    ds, val = splits
    runs = _runs(MLP256_PARAMS)
    assert _mistake(q4.evaluate(runs, _small_loader(val.dataset), val)) == "val_in_train"
    assert _mistake(q4.evaluate(runs, _small_loader(ds, n=6000), val)) == "too_many"
    assert _mistake(q4.evaluate(runs, _small_loader(ds, n=500), val)) == "size"
    assert _mistake(q4.evaluate(runs, _small_loader(ds, shuffle=False), val)) == "no_shuffle"
    assert _mistake(q4.evaluate(runs, _small_loader(ds, batch_size=100), val)) == "batch_size"
    assert _mistake(q4.evaluate(runs, ds.data[:5000], val)) == "not_loader"
    assert _mistake(q4.evaluate(_runs(MID_PARAMS), _small_loader(ds), val)) == "wrong_model"
    assert _mistake(q4.evaluate([runs[0]] * 3, _small_loader(ds), val)) == "same_seed"
    assert _mistake(q4.evaluate(_runs(MLP256_PARAMS, epochs=10), _small_loader(ds), val)) == "epochs"


def test_q4_crash_is_an_error(splits):
    _, val = splits

    class Broken(data.TensorPairDataset):  # a learner's dataset whose __len__ fails
        def __len__(self):
            raise RuntimeError("len failed")

    X, y = _images(10, 2)
    fb = q4.evaluate(_runs(MLP256_PARAMS), data.InMemoryLoader(Broken(X, y), 200, shuffle=True), val)
    assert fb.status == ERROR and "len failed" in fb.message


def test_q1_check_keeps_the_learners_random_state():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    q1.evaluate(make_mid_model, _runs(MID_PARAMS))
    assert torch.equal(torch.rand(3), expected)
