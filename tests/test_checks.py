"""fit refuses bad arguments and bad batches before training, with a message naming what is wrong (checks.py)."""

from __future__ import annotations

import pytest
import torch
from helpers import ListLoader, binary_data, tensor_loader, tiny_mlp
from torch import nn
from torch.optim import lr_scheduler as S

from course_lib import models, train


def _setup():
    torch.manual_seed(0)
    model = models.SmallSizeModel()
    return model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=1e-3)


def _untrained(model, before):
    return all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))


# --- bad arguments: ValueError before any training, naming the argument ---------------------------


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(mode="multiclass"), "mode"),
        (dict(epochs=0), "epochs"),
        (dict(epochs=-3), "epochs"),
        (dict(epochs=2.5), "epochs"),
        (dict(epochs=True), "epochs"),
        (dict(patience=0), "patience"),
        (dict(patience=1.5), "patience"),
        (dict(save_model_path=""), "save_model_path"),
        (dict(scheduler_step="sometimes"), "scheduler_step"),
        (dict(min_delta=-0.1), "min_delta"),
        (dict(min_delta="0.01"), "min_delta"),
        (dict(resume_from=3), "resume_from"),
    ],
)
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


def _binary(shape_2d=True, scale=1.0):
    X, y = binary_data(shape_2d=shape_2d)
    return X, y * scale


@pytest.mark.parametrize(
    "make_y,loss_fn,mode,error",
    [
        # (B, 1) output but integer class labels in multi mode: the model is a binary one
        (lambda: _binary()[1].long().squeeze(1), nn.CrossEntropyLoss(), "multi", "mode='binary'"),
        (lambda: _binary(scale=2.0)[1], nn.BCEWithLogitsLoss(), "binary", "0 또는 1"),  # labels {0, 2}
        (lambda: _binary(shape_2d=False)[1], nn.BCEWithLogitsLoss(), "binary", r"\(64, 1\).*\(64,\)"),
        (lambda: _binary()[1], nn.MSELoss(), "binary", "from_logits"),  # logit or probability? unknown
    ],
    ids=["multi-with-one-output", "binary-labels-not-0-1", "binary-label-shape", "binary-unknown-loss"],
)
def test_wrong_labels_or_loss_for_the_mode_are_named(make_y, loss_fn, mode, error):
    X, _ = binary_data()
    model = tiny_mlp()  # (B, 1) output
    loader = tensor_loader(X, make_y())
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises((ValueError, TypeError), match=error):
        train.fit(loader, loader, model, loss_fn, torch.optim.Adam(model.parameters()), 1, save_best_model=False,
                  mode=mode)  # fmt: skip
    assert _untrained(model, before)


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
