"""fit / evaluate / History / EarlyStopping behave as the course promises."""

from __future__ import annotations

import gc
import math
import warnings

import pytest
import torch
from helpers import InterruptingLoader, ListLoader, NoFloat64, tensor_loader
from torch import nn
from torch.optim import lr_scheduler as S

from course_lib import checkpoint, data, models, plots, progress, report, settings, train
from course_lib.schedules import lr_trace


def _adam(model, lr=1e-3):
    return torch.optim.Adam(model.parameters(), lr=lr)


def test_fit_learns_on_the_sample(sample_loaders, seeded):
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    h = train.fit(
        tl,
        vl,
        model,
        nn.CrossEntropyLoss(),
        _adam(model),
        4,
        save_best_model=False,
        early_stopping=False,
        device="cpu",
        mode="multi",
    )
    assert h.train_loss[-1] < h.train_loss[0] < math.log(10)
    assert h.val_loss[-1] < h.val_loss[0]
    assert h.val_acc[-1] > 0.8


def test_seed_call_shape_unpacks_and_saves(sample_loaders, seeded, tmp_path):
    tl, vl = sample_loaders
    small_model = models.SmallSizeModel()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(small_model.parameters(), lr=0.001)
    path = tmp_path / "models" / "small_model.pth"  # folder does not exist yet
    train_loss_list, train_acc_list, valid_loss_list, valid_acc_list = train.fit(
        tl,
        vl,
        small_model,
        loss_fn,
        optimizer,
        3,
        save_best_model=True,
        save_model_path=str(path),
        device="cpu",
        mode="multi",
    )
    assert [len(x) for x in (train_loss_list, train_acc_list, valid_loss_list, valid_acc_list)] == [3, 3, 3, 3]
    state = torch.load(path, weights_only=True)
    assert set(state["model_state"]) == {"output.weight", "output.bias"}
    # seed-style positional scheduler argument and `result = fit(...)` indexing
    m = models.BNModel()
    opt = _adam(m)
    result = train.fit(tl, vl, m, loss_fn, opt, 2, False, None, False, 10, "cpu", "multi", S.StepLR(opt, 1, 0.5))
    assert result[3] == result.val_acc and result.lr == pytest.approx([1e-3, 5e-4])


def test_history_fields(sample_loaders, seeded, tmp_path):
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), _adam(model), 3, save_model_path=tmp_path / "m.pth")
    assert h.epochs_run == 3 and h.epochs_requested == 3 and h.stop_reason == "completed"
    assert len(h.lr) == len(h.epoch_time) == 3 and all(t > 0 for t in h.epoch_time)
    assert h.best_epoch == min(range(1, 4), key=lambda e: h.val_loss[e - 1])
    assert h.best_val_loss == min(h.val_loss) and h.best_val_acc == h.val_acc[h.best_epoch - 1]
    assert h.model_name == "SmallSizeModel" and h.n_params == 7850
    assert all(type(v) is float for v in h.train_loss + h.train_acc + h.val_loss + h.val_acc + h.lr)
    assert h.to_dict()["val_acc"] == h.val_acc


def test_default_checkpoint_path_is_documented_one(sample_loaders, seeded):
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), _adam(model), 1)
    assert h.checkpoint_path == "models/SmallSizeModel.pth"
    checkpoint.load_checkpoint(h.checkpoint_path, models.SmallSizeModel())


def test_epoch_scheduler_matches_lr_trace(sample_loaders, seeded):
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    opt = _adam(model)
    sched = S.CosineAnnealingLR(opt, T_max=3, eta_min=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no order warning, no deprecation
        h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 4, save_best_model=False, lr_scheduler=sched)
    assert h.lr == pytest.approx(lr_trace(S.CosineAnnealingLR, 4, lr=1e-3, T_max=3, eta_min=1e-5))


def test_onecycle_is_stepped_per_batch_exactly(sample_loaders, seeded):
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    opt = _adam(model)
    sched = S.OneCycleLR(opt, max_lr=0.01, epochs=3, steps_per_epoch=len(tl))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 3, save_best_model=False, lr_scheduler=sched)
    assert sched.last_epoch == 3 * len(tl)
    trace = lr_trace(S.OneCycleLR, 3 * len(tl), lr=1e-3, max_lr=0.01, epochs=3, steps_per_epoch=len(tl))
    assert h.lr == pytest.approx(trace[:: len(tl)])


def test_plateau_gets_the_validation_loss(sample_loaders, seeded):
    tl, vl = sample_loaders
    seen = []

    class Recording(S.ReduceLROnPlateau):
        def step(self, metrics, *args, **kwargs):
            seen.append(metrics)
            return super().step(metrics, *args, **kwargs)

    model = models.SmallSizeModel()
    opt = _adam(model)
    h = train.fit(
        tl, vl, model, nn.CrossEntropyLoss(), opt, 3, save_best_model=False, lr_scheduler=Recording(opt, patience=0)
    )
    assert seen == h.val_loss


def test_early_stopping_scripted():
    es = train.EarlyStopping(patience=2)
    seq = [5.0, 4.0, 4.5, 3.9, 4.0, 4.1, 3.0]
    flags, stops = [], []
    for v in seq:
        flags.append(es.update(v))
        stops.append(es.should_stop)
    assert flags == [True, True, False, True, False, False, True]
    assert stops.index(True) == 5  # 2 epochs without improvement after 3.9
    es2 = train.EarlyStopping(patience=1, min_delta=0.5)
    assert es2.update(1.0) and not es2.should_stop
    assert es2.update(0.6) and es2.best == 0.6  # a new lowest value: the best epoch moves...
    assert es2.should_stop  # ...but 0.4 < min_delta is no real improvement: patience 1 is used up


def test_min_delta_decides_when_to_stop_not_which_epoch_is_best():
    """Lesson 06's scripted losses: with min_delta 0.015 the best stays the lowest (0.21, epoch 5), stop at 6."""
    losses = [0.30, 0.25, 0.22, 0.23, 0.21, 0.24, 0.25, 0.26, 0.20]
    es = train.EarlyStopping(patience=3, min_delta=0.015)
    stopped, best_epochs = None, []
    for epoch, v in enumerate(losses, 1):
        if es.update(v):
            best_epochs.append(epoch)
        if es.should_stop:
            stopped = epoch
            break
    assert (best_epochs, es.best, stopped) == ([1, 2, 3, 5], 0.21, 6)
    plain = train.EarlyStopping(patience=3)  # min_delta 0: the same best, and the stop three epochs after it
    for epoch, v in enumerate(losses[:8], 1):
        plain.update(v)
        assert plain.should_stop == (epoch == 8)
    assert plain.best == 0.21
    resumed = train.EarlyStopping(patience=3, min_delta=0.015)
    resumed.load_state_dict({"best": 0.21, "counter": 2, "reference": 0.22})  # as saved after epoch 5
    assert not resumed.update(0.24) and resumed.should_stop


def test_fit_best_checkpoint_is_the_lowest_validation_loss_with_min_delta(sample_loaders, tmp_path):
    tl, vl = sample_loaders
    settings.seed_everything(0)
    model = models.SmallSizeModel()
    path = tmp_path / "best.pth"
    h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), _adam(model, 0.01), 6, save_model_path=path,
                  min_delta=0.05, patience=2, verbose=False)  # fmt: skip
    lowest = min(range(h.epochs_run), key=lambda i: h.val_loss[i]) + 1
    assert h.best_epoch == lowest and h.best_val_loss == min(h.val_loss)
    ckpt = checkpoint.load_checkpoint(path)
    assert ckpt["epoch"] == lowest and ckpt["metric"] == min(h.val_loss)
    assert h.stop_reason == "early_stopping" and h.epochs_run < 6  # min_delta 0.05 stops it early
    small_steps = [i for i in range(1, h.epochs_run) if 0 < h.val_loss[i - 1] - h.val_loss[i] < 0.05]
    assert small_steps, "the run needs an improvement smaller than min_delta for this test to mean something"


def test_fit_stops_early_when_nothing_improves(sample_loaders, seeded):
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    h = train.fit(
        tl,
        vl,
        model,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.0),
        20,
        save_best_model=False,
        early_stopping=True,
        patience=3,
    )
    assert h.stop_reason == "early_stopping"
    assert h.epochs_run == 4 and h.best_epoch == 1


def test_restore_best_weights(sample_loaders, seeded):
    tl, vl = sample_loaders
    model = models.DropoutModel()
    h = train.fit(
        tl,
        vl,
        model,
        nn.CrossEntropyLoss(),
        _adam(model, 0.01),
        5,
        save_best_model=False,
        early_stopping=False,
        restore_best=True,
    )
    loss, acc = train.evaluate(vl, model, nn.CrossEntropyLoss())
    assert loss == pytest.approx(h.best_val_loss, rel=1e-6)
    assert acc == h.best_val_acc


def test_smoke_mode_caps_epochs_with_a_notice(sample_loaders, seeded, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), _adam(model), 10, save_best_model=False)
    assert h.epochs_run == settings.SMOKE_MAX_EPOCHS and h.epochs_requested == 10
    assert "epochs 10 → 2" in capsys.readouterr().out


def test_one_line_per_epoch(sample_loaders, seeded, capsys):
    tl, vl = sample_loaders
    model = models.SmallSizeModel()
    train.fit(tl, vl, model, nn.CrossEntropyLoss(), _adam(model), 2, save_best_model=False)
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("Epoch[")]
    assert len(lines) == 2 and "Train Accuracy" in lines[0] and "Accucracy" not in out
    assert "학습 종료(completed)" in out


def _module_globals():
    mods = (train, progress, checkpoint, plots, report, settings)
    return {m.__name__: {k: v for k, v in vars(m).items() if not k.startswith("__")} for m in mods}


def test_two_fits_share_no_state(sample_loaders, tmp_path):
    """Two identical runs in one process give identical results: no best-loss, progress or RNG state leaks."""
    tl, vl = sample_loaders
    before = _module_globals()
    runs = []
    for i in range(2):
        settings.seed_everything(3)
        m = models.DropoutModel(0.3)
        h = train.fit(tl, vl, m, nn.CrossEntropyLoss(), _adam(m), 2, save_model_path=tmp_path / f"{i}.pth")
        runs.append((h, m))
    (h0, m0), (h1, m1) = runs
    assert h0.val_loss == h1.val_loss and h0.train_acc == h1.train_acc  # same seed -> same run, bit for bit
    assert h0.best_epoch == h1.best_epoch is not None  # best tracking restarted from scratch
    assert all(torch.equal(a, b) for a, b in zip(m0.parameters(), m1.parameters(), strict=True))
    after = _module_globals()
    assert after.keys() == before.keys()
    for name in before:
        assert after[name].keys() == before[name].keys(), f"fit added module globals to {name}"
        changed = [k for k in before[name] if after[name][k] is not before[name][k]]
        assert changed == [], f"fit rebound module globals {changed} in {name}"


def test_fit_keeps_no_tensors_alive(sample_loaders):
    """A long run grows no tensors: History holds plain floats and nothing keeps graphs or batches alive."""
    tl, _ = sample_loaders
    small = ListLoader(list(tl)[:1])
    model, loss_fn = models.SmallSizeModel(), nn.CrossEntropyLoss()
    opt = _adam(model)
    kw = dict(save_best_model=False, early_stopping=False, verbose=False)
    train.fit(small, small, model, loss_fn, opt, 2, **kw)  # optimizer state now exists

    def live_tensors():
        gc.collect()
        with warnings.catch_warnings():  # isinstance() on some torch.distributed objects warns
            warnings.simplefilter("ignore")
            return sum(1 for o in gc.get_objects() if isinstance(o, torch.Tensor))

    before = live_tensors()
    h = train.fit(small, small, model, loss_fn, opt, 40, **kw)
    assert live_tensors() == before
    values = h.train_loss + h.train_acc + h.val_loss + h.val_acc + h.lr + h.epoch_time
    assert len(values) == 240 and all(type(v) is float for v in values)


def test_bf16_autocast_option_trains(sample_loaders, seeded):
    tl, vl = sample_loaders
    model = models.BNModel()
    h = train.fit(
        tl, vl, model, nn.CrossEntropyLoss(), _adam(model), 2, save_best_model=False, autocast_dtype=torch.bfloat16
    )
    assert h.val_acc[-1] > 0.8
    assert next(model.parameters()).dtype == torch.float32  # weights stay fp32


def test_best_checkpoint_holds_the_state_of_its_epoch(sample_loaders, seeded, tmp_path):
    tl, vl = sample_loaders
    path = tmp_path / "bn.pth"
    model = models.BNModel()
    opt = _adam(model)
    sched = S.StepLR(opt, step_size=1, gamma=0.5)
    first = train.fit(
        tl, vl, model, nn.CrossEntropyLoss(), opt, 2, save_model_path=path, lr_scheduler=sched, early_stopping=False
    )
    # a fresh kernel: new objects, state from the file only
    model2 = models.BNModel()
    opt2 = _adam(model2)
    sched2 = S.StepLR(opt2, step_size=1, gamma=0.5)
    ckpt = checkpoint.load_checkpoint(path, model2, opt2, sched2)
    prev = train.History.from_dict(ckpt["extra"]["history"])
    assert prev.epochs_run == ckpt["epoch"] == first.best_epoch
    assert prev.val_loss == first.val_loss[: prev.epochs_run]
    assert opt2.param_groups[0]["lr"] == pytest.approx(1e-3 * 0.5**prev.epochs_run)  # the schedule's position
    loss, _ = train.evaluate(vl, model2, nn.CrossEntropyLoss())
    assert loss == pytest.approx(first.best_val_loss, rel=1e-6)
    with pytest.raises(TypeError, match="history"):  # the old way of continuing is gone: resume_from is the one way
        train.fit(tl, vl, model2, nn.CrossEntropyLoss(), opt2, 1, history=prev)


# --- faults during training ----------------------------------------------------------------------


class NaNAfter(nn.CrossEntropyLoss):
    """Cross-entropy that turns NaN after `calls` calls (simulates a diverging run)."""

    def __init__(self, calls):
        super().__init__()
        self.left = calls

    def forward(self, pred, y):
        self.left -= 1
        loss = super().forward(pred, y)
        return loss * float("nan") if self.left < 0 else loss


def test_nan_loss_stops_and_keeps_best_checkpoint(sample_loaders, tmp_path, capsys):
    tl, vl = sample_loaders
    torch.manual_seed(0)
    model = models.SmallSizeModel()
    path = tmp_path / "best.pth"
    per_epoch = len(tl) + 2  # training batches + one big-batch evaluation each for train and val
    h = train.fit(tl, vl, model, NaNAfter(per_epoch), _adam(model), 5, save_model_path=path)
    assert h.stop_reason == "non_finite" and h.epochs_run == 2 and h.best_epoch == 1
    assert "nan" in capsys.readouterr().out
    fresh = models.SmallSizeModel()
    ckpt = checkpoint.load_checkpoint(path, fresh)
    assert ckpt["epoch"] == 1
    assert all(torch.isfinite(p).all() for p in fresh.parameters())
    assert train.evaluate(vl, fresh, nn.CrossEntropyLoss())[0] == pytest.approx(h.val_loss[0], rel=1e-6)


def test_keyboard_interrupt_stops_the_cell_and_keeps_the_history(sample_loaders, tmp_path, capsys):
    tl, vl = sample_loaders
    torch.manual_seed(0)
    model = models.SmallSizeModel()
    path = tmp_path / "best.pth"
    loader = InterruptingLoader(tl, epoch=2, at=4)  # the middle of epoch 2's training
    with pytest.raises(KeyboardInterrupt) as err:
        train.fit(loader, vl, model, nn.CrossEntropyLoss(), _adam(model), 5, save_model_path=path)
    assert isinstance(err.value, train.TrainingInterrupted)
    h = err.value.history
    assert h.stop_reason == "interrupted" and h.epochs_run == 1
    assert "KeyboardInterrupt" in capsys.readouterr().out
    assert checkpoint.load_checkpoint(path, models.SmallSizeModel())["epoch"] == 1


def test_stop_in_a_loop_of_runs_stops_the_loop_and_keeps_finished_runs(sample_loaders, tmp_path):
    """Lesson 07's pattern: Stop during the second of three runs ends the cell; the first run stays."""
    tl, vl = sample_loaders
    histories, started = {}, []
    with pytest.raises(KeyboardInterrupt):
        for name in ("a", "b", "c"):
            started.append(name)
            torch.manual_seed(0)
            model = models.SmallSizeModel()
            loader = InterruptingLoader(tl, epoch=2, at=1) if name == "b" else tl
            histories[name] = train.fit(loader, vl, model, nn.CrossEntropyLoss(), _adam(model), 2,
                                        save_model_path=tmp_path / f"{name}.pth", verbose=False)  # fmt: skip
    assert started == ["a", "b"]  # "c" never started
    assert list(histories) == ["a"] and histories["a"].epochs_run == 2
    assert checkpoint.load_checkpoint(tmp_path / "a.pth", models.SmallSizeModel())["epoch"] == histories["a"].best_epoch


def test_verbose_false_prints_nothing_even_when_stopping(sample_loaders, tmp_path, capsys, monkeypatch):
    tl, vl = sample_loaders
    monkeypatch.setenv("COURSE_SMOKE", "1")  # the smoke-mode epoch notice is fit's output too
    model = models.SmallSizeModel()
    train.fit(tl, vl, model, NaNAfter(len(tl) + 2), _adam(model), 5, save_model_path=tmp_path / "m.pth", verbose=False)
    with pytest.raises(KeyboardInterrupt):
        train.fit(InterruptingLoader(tl, 1, 2), vl, model, nn.CrossEntropyLoss(), _adam(model), 5, verbose=False,
                  last_checkpoint_path=tmp_path / "last.pth", resume_from=tmp_path / "last.pth")  # fmt: skip
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_rerun_in_same_folder_overwrites_checkpoint(sample_loaders, tmp_path):
    tl, vl = sample_loaders
    for _ in range(2):
        torch.manual_seed(0)
        model = models.SmallSizeModel()
        h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), _adam(model), 1, save_model_path=tmp_path / "m.pth")
    assert checkpoint.load_checkpoint(tmp_path / "m.pth", models.SmallSizeModel())["metric"] == h.val_loss[0]


# --- exact resume --------------------------------------------------------------------------------


def _exact_setup(kind):
    torch.manual_seed(0)
    if kind == "dropout":
        model = models.MLP((64, 32), drop_rate=0.3)
    elif kind == "batchnorm":
        model = models.MLP((64, 32), batch_norm=True)
    else:
        model = models.MLP((64,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = S.StepLR(opt, step_size=1, gamma=0.7) if kind == "steplr" else None
    return model, opt, sched


def _values(h):
    return [h.train_loss, h.train_acc, h.val_loss, h.val_acc, h.lr, h.best_epoch, h.stop_reason, h.epochs_run]


@pytest.mark.parametrize("kind", ["dropout", "batchnorm", "steplr", "paired-dropout"])
def test_interrupted_and_resumed_run_equals_the_uninterrupted_one(sample_loaders, tmp_path, kind):
    tl, vl = sample_loaders
    if kind.startswith("paired"):  # the loader's own shuffle generator is part of the state too
        tl, kind = data.InMemoryLoader(tl.dataset, tl.batch_size, shuffle=True, paired=True), "dropout"
    kw = dict(save_best_model=False, early_stopping=False, verbose=False)
    settings.seed_everything(5)
    model, opt, sched = _exact_setup(kind)
    full = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 4, lr_scheduler=sched, **kw)

    last = tmp_path / "last.pth"
    settings.seed_everything(5)
    model, opt, sched = _exact_setup(kind)
    with pytest.raises(KeyboardInterrupt):  # Stop in the middle of epoch 3
        train.fit(InterruptingLoader(tl, epoch=3, at=3), vl, model, nn.CrossEntropyLoss(), opt, 4,
                  lr_scheduler=sched, last_checkpoint_path=last, resume_from=last, **kw)  # fmt: skip
    settings.seed_everything(123)  # a new kernel: other objects, other RNG state; only the file carries over
    model, opt, sched = _exact_setup(kind)
    resumed = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 4, lr_scheduler=sched,
                        last_checkpoint_path=last, resume_from=last, **kw)  # fmt: skip
    assert resumed.epochs_run == 4
    for a, b in zip(_values(resumed), _values(full), strict=True):
        assert a == pytest.approx(b, abs=1e-6)


def test_resume_notices_and_errors(sample_loaders, tmp_path, capsys):
    tl, vl = sample_loaders
    last = tmp_path / "last.pth"
    model, opt, _ = _exact_setup("plain")
    h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 1, save_best_model=False, last_checkpoint_path=last,
                  resume_from=last)  # fmt: skip
    assert "처음부터" in capsys.readouterr().out  # a missing file: a one-line notice, then from scratch
    again = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 1, save_best_model=False, resume_from=last)
    assert again.val_loss == h.val_loss and "이미 끝난" in capsys.readouterr().out  # finished: not re-trained
    other = models.MLP((32,))
    with pytest.raises(checkpoint.CheckpointError, match="n_params"):
        train.fit(tl, vl, other, nn.CrossEntropyLoss(), _adam(other), 2, resume_from=last)
    with pytest.raises(checkpoint.CheckpointError, match="optimizer"):
        model, _, _ = _exact_setup("plain")
        train.fit(tl, vl, model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.1), 2,
                  resume_from=last)  # fmt: skip


@pytest.mark.parametrize(
    "make_opt,sched,changed",
    [
        (lambda m: torch.optim.Adam(m.parameters(), lr=1e-2), None, "lr: 파일 0.001 ≠ 지금 0.01"),
        (lambda m: torch.optim.Adam(m.parameters(), lr=1e-3, weight_decay=1e-4), None, "weight_decay"),
        (lambda m: torch.optim.Adam(m.parameters(), lr=1e-3, betas=(0.8, 0.999)), None, "betas"),
        (lambda m: torch.optim.Adam(m.parameters(), lr=1e-3), lambda o: S.StepLR(o, 1), "scheduler"),
    ],
    ids=["lr", "weight_decay", "betas", "scheduler"],
)
def test_resume_after_editing_the_cell_says_what_changed(sample_loaders, tmp_path, make_opt, sched, changed):
    tl, vl = sample_loaders
    last = tmp_path / "last.pth"
    model, opt, _ = _exact_setup("plain")  # Adam lr 1e-3, no scheduler
    train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 1, save_best_model=False, last_checkpoint_path=last,
              verbose=False)  # fmt: skip
    model, _, _ = _exact_setup("plain")
    opt = make_opt(model)
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(checkpoint.CheckpointError, match=changed) as err:
        train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 2, lr_scheduler=sched(opt) if sched else None,
                  save_best_model=False, resume_from=last, verbose=False)  # fmt: skip
    assert "지우거나" in str(err.value)  # how to start afresh
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))  # nothing loaded


def test_resume_with_a_schedule_compares_the_initial_lr(sample_loaders, tmp_path):
    """The saved optimizer's lr has moved (StepLR), the re-run cell's is the initial one: that is no change."""
    tl, vl = sample_loaders
    last = tmp_path / "last.pth"
    model, opt, sched = _exact_setup("steplr")
    with pytest.raises(KeyboardInterrupt):
        train.fit(InterruptingLoader(tl, epoch=3, at=1), vl, model, nn.CrossEntropyLoss(), opt, 4, lr_scheduler=sched,
                  save_best_model=False, last_checkpoint_path=last, verbose=False)  # fmt: skip
    model, opt, sched = _exact_setup("steplr")
    h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 4, lr_scheduler=sched, save_best_model=False,
                  resume_from=last, verbose=False)  # fmt: skip
    assert h.epochs_run == 4 and h.lr == pytest.approx([1e-3 * 0.7**i for i in range(4)])


@pytest.mark.parametrize("restore_best", [True, False])
def test_resume_after_the_best_epoch_ends_with_the_same_weights(sample_loaders, tmp_path, restore_best):
    """Interrupted after its best epoch and resumed: the same final weights as the uninterrupted run."""
    tl, vl = sample_loaders
    kw = dict(save_best_model=False, early_stopping=False, verbose=False, restore_best=restore_best)

    few = tensor_loader(tl.dataset.data[:300], tl.dataset.targets[:300], batch_size=50, shuffle=True)

    def setup():
        settings.seed_everything(11)
        model = models.MLP((256,))
        return model, _adam(model, 1e-2)  # 300 images: validation loss turns up after a few epochs

    model, opt = setup()
    full = train.fit(few, vl, model, nn.CrossEntropyLoss(), opt, 6, **kw)
    stop_at = full.best_epoch + 2  # Stop two epochs after the best one
    assert stop_at <= 6, full.val_loss  # the test needs the best epoch well before the end
    full_weights = [p.detach().clone() for p in model.parameters()]
    last = tmp_path / "last.pth"
    model, opt = setup()
    with pytest.raises(KeyboardInterrupt):
        train.fit(InterruptingLoader(few, epoch=stop_at, at=2), vl, model, nn.CrossEntropyLoss(), opt, 6,
                  last_checkpoint_path=last, **kw)  # fmt: skip
    model, opt = setup()
    resumed = train.fit(few, vl, model, nn.CrossEntropyLoss(), opt, 6, resume_from=last, **kw)
    assert resumed.best_epoch == full.best_epoch and resumed.val_loss == pytest.approx(full.val_loss, abs=1e-6)
    for a, b in zip(model.parameters(), full_weights, strict=True):
        assert torch.allclose(a, b, atol=1e-6)


def test_in_memory_data_moves_to_an_accelerator_once(sample_loaders):
    tl, _ = sample_loaders
    assert train._on_device(tl, torch.device("cpu")) is tl
    moved = train._on_device(tl, torch.device("meta"))  # stands in for cuda on a CPU-only machine
    assert moved.device.type == "meta" and train._on_device(tl, torch.device("meta")) is moved
    plain = ListLoader(list(tl)[:1])
    assert train._on_device(plain, torch.device("meta")) is plain  # other loaders are left alone


def test_fit_makes_no_float64_tensor(sample_loaders, tmp_path):
    """The whole of fit (best and last checkpoints, restore_best, a resume) runs without one float64 tensor (MPS)."""
    tl, vl = sample_loaders
    last = tmp_path / "last.pth"
    kw = dict(save_model_path=tmp_path / "best.pth", last_checkpoint_path=last, restore_best=True, verbose=False)
    settings.seed_everything(0)
    model = models.DropoutModel(0.2)
    opt = _adam(model)
    sched = S.ReduceLROnPlateau(opt, patience=0)
    with NoFloat64():
        first = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 1, lr_scheduler=sched, **kw)
        resumed = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 2, lr_scheduler=sched, resume_from=last, **kw)
    assert first.epochs_run == 1 and resumed.epochs_run == 2 and resumed.best_epoch is not None


def test_help_of_fit_documents_every_parameter():
    """Lesson 00 shows help(train.fit): every parameter has its line under Args, in the signature's order."""
    import inspect
    import re

    params = list(inspect.signature(train.fit).parameters)
    documented = re.findall(r"^        (\w+):", train.fit.__doc__, re.M)
    assert documented == params
    seed_order = "train_loader val_loader model loss_fn optimizer epochs save_best_model save_model_path early_stopping"
    assert params[:13] == [*seed_order.split(), "patience", "device", "mode", "lr_scheduler"]  # the original's order


def test_resume_notices_a_changed_schedule_or_dropout_rate(sample_loaders, tmp_path):
    """The same classes and parameter counts, other settings: StepLR's gamma, a Dropout's p."""
    tl, vl = sample_loaders
    last = tmp_path / "last.pth"
    kw = dict(save_best_model=False, verbose=False)

    def start(gamma=0.5, p=0.2):
        settings.seed_everything(0)
        model = models.MLP((32,), drop_rate=p)
        opt = _adam(model)
        return model, opt, S.StepLR(opt, step_size=1, gamma=gamma)

    model, opt, sched = start()
    train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 1, lr_scheduler=sched, last_checkpoint_path=last, **kw)
    model, opt, sched = start(gamma=0.1)
    with pytest.raises(checkpoint.CheckpointError, match="scheduler.gamma: 파일 0.5 ≠ 지금 0.1"):
        train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 2, lr_scheduler=sched, resume_from=last, **kw)
    model, opt, sched = start(p=0.5)
    with pytest.raises(checkpoint.CheckpointError, match="모델 구조"):
        train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 2, lr_scheduler=sched, resume_from=last, **kw)
    model, opt, sched = start()  # unchanged: it resumes
    h = train.fit(tl, vl, model, nn.CrossEntropyLoss(), opt, 2, lr_scheduler=sched, resume_from=last, **kw)
    assert h.epochs_run == 2
