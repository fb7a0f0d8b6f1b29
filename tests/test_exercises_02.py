"""Lesson 02's exercise checks: the right answer passes, each named mistake gets its own message."""

from __future__ import annotations

import copy

import pytest
import torch
import torch.nn as nn

from course_lib import data, models, settings
from course_lib.exercises._core import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson02 import q1, q2, q3, q4
from course_lib.history import History

device = torch.device("cpu")  # the name the learner's q3 function reads, as in the notebook


def _mistake(fb, key):
    assert (fb.status, fb.mistake) == (INCORRECT, key), fb
    return fb


# ---------------------------------------------------------------- q1
def patched_model():
    model = models.DropoutModel(0.5)
    model.output[1] = nn.Identity()
    return model


def test_q1_correct_untouched_and_crash():
    fb = q1.evaluate(patched_model)
    assert fb.status == CORRECT and "초기 가중치가 같습니다" in fb.message
    assert q1.evaluate(lambda: ...).status == NOT_ATTEMPTED

    def crashes():
        model = models.DropoutModel(0.5)
        model.output[2] = nn.Identity()  # IndexError in the learner's code
        return model

    assert q1.evaluate(crashes).status == ERROR


def test_q1_keeps_the_learners_rng():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    q1.evaluate(patched_model)
    assert torch.equal(torch.rand(3), expected)


def test_q1_named_mistakes():
    _mistake(q1.evaluate(patched_model()), "model_not_function")
    _mistake(q1.evaluate(lambda: 3), "not_a_model")
    _mistake(q1.evaluate(lambda: models.MLP((256,), drop_rate=0.5)), "other_model")
    _mistake(q1.evaluate(lambda: models.DropoutModel(0.5)), "output_dropout_kept")

    def whole_output_replaced():
        model = models.DropoutModel(0.5)
        model.output = nn.Identity()
        return model

    def linear_replaced():
        model = models.DropoutModel(0.5)
        model.output[0] = nn.Identity()
        return model

    _mistake(q1.evaluate(whole_output_replaced), "output_linear_replaced")
    _mistake(q1.evaluate(linear_replaced), "output_linear_replaced")

    def relu_after_output():
        model = models.DropoutModel(0.5)
        model.output[1] = nn.ReLU()
        return model

    _mistake(q1.evaluate(relu_after_output), "output_not_identity")

    def every_dropout_removed():
        model = models.DropoutModel(0.5)
        for block in (model.b1, model.b2, model.b3, model.b4, model.output):
            block[-1] = nn.Identity()
        return model

    _mistake(q1.evaluate(every_dropout_removed), "hidden_dropout_changed")
    _mistake(q1.evaluate(lambda: models.DropoutModel(0.0)), "hidden_dropout_changed")


def test_q1_an_already_trained_or_prebuilt_model_is_not_the_same_condition():
    trained = patched_model()
    with torch.no_grad():
        trained.b1[0].weight.add_(0.01)  # stands for weights that 5 epochs of training moved
    _mistake(q1.evaluate(lambda: trained), "not_fresh")

    def other_seed():
        settings.seed_everything(1)
        return patched_model()

    fb = _mistake(q1.evaluate(other_seed), "not_fresh")
    assert "이미 학습한 모델" in fb.message


# ---------------------------------------------------------------- q2
def vanilla_dropout(x, p, training=True):
    if not training:
        return x * (1 - p)
    mask = torch.rand_like(x) > p
    return x * mask


def test_q2_correct_untouched_and_crash():
    assert q2.evaluate(vanilla_dropout).status == CORRECT

    def starter(x, p, training=True):
        if not training:
            return ...
        mask = ...  # noqa: F841
        return ...

    assert q2.evaluate(starter).status == NOT_ATTEMPTED

    def eval_missing(x, p, training=True):
        if not training:
            return ...
        return x * (torch.rand_like(x) > p)

    fb = q2.evaluate(eval_missing)
    assert fb.status == NOT_ATTEMPTED and "training=False" in fb.message
    crash = q2.evaluate(lambda x, p, training: x * torch.rand(3))  # shape mismatch inside the learner's code
    assert crash.status == ERROR


def test_q2_inverted_dropout_and_eval_mistakes():
    def inverted(x, p, training=True):
        if not training:
            return x * (1 - p)
        return x * (torch.rand_like(x) > p) / (1 - p)

    fb = _mistake(q2.evaluate(inverted), "scaled")
    assert "inverted dropout" in fb.message

    def no_eval_scale(x, p, training=True):  # inverted dropout without its 1/(1-p): eval forgets the (1-p)
        if not training:
            return x
        return x * (torch.rand_like(x) > p)

    fb = _mistake(q2.evaluate(no_eval_scale), "eval_not_scaled")
    assert "1/(1-p)" in fb.message

    def mask_in_eval(x, p, training=True):
        return x * (torch.rand_like(x) > p)

    _mistake(q2.evaluate(mask_in_eval), "mask_in_eval")

    def eval_divided(x, p, training=True):
        return x / (1 - p) if not training else vanilla_dropout(x, p)

    _mistake(q2.evaluate(eval_divided), "eval_divided")

    def eval_times_p(x, p, training=True):
        return x * p if not training else vanilla_dropout(x, p)

    fb = _mistake(q2.evaluate(eval_times_p), "eval_times_p")
    assert "남길" in fb.message and "(1 - p)" in fb.message  # names the paper's retain probability and the fix
    _mistake(q2.evaluate(lambda x, p, t: x * 0.5 if not t else vanilla_dropout(x, p)), "eval_values")


def test_q2_training_side_mistakes():
    def swapped(x, p, training=True):
        return x * (1 - p) if not training else x * (torch.rand_like(x) < p)

    _mistake(q2.evaluate(swapped), "keep_prob_swapped")
    _mistake(q2.evaluate(lambda x, p, t: x * (1 - p)), "no_mask")
    _mistake(q2.evaluate(lambda x, p, t: x.clone()), "no_mask")
    _mistake(q2.evaluate(lambda x, p, t: x * (1 - p) if not t else x * (torch.rand_like(x) > 0.1)), "drop_rate")
    _mistake(q2.evaluate(lambda x, p, t: x * (1 - p) if not t else x * (torch.rand_like(x) > 0.3)), "ignores_p")

    def doubled(x, p, training=True):
        return x * (1 - p) if not training else 2 * x * (torch.rand_like(x) > p)

    _mistake(q2.evaluate(doubled), "train_values")

    def in_place(x, p, training=True):
        if not training:
            return x * (1 - p)
        x *= torch.rand_like(x) > p
        return x

    _mistake(q2.evaluate(in_place), "in_place")
    _mistake(q2.evaluate(lambda x, p, t: x.tolist()), "not_tensor")
    _mistake(q2.evaluate(lambda x, p, t: x.flatten()), "shape")


# ---------------------------------------------------------------- q3
@torch.no_grad()
def accuracy(model, loader, training):
    model.train(training)
    correct = sum((model(X.to(device)).argmax(1) == y.to(device)).sum().item() for X, y in loader)
    model.eval()
    return correct / len(loader.dataset)


def test_q3_correct_untouched_and_crash():
    assert q3.evaluate(accuracy).status == CORRECT
    assert q3.evaluate(lambda model, loader, training: ...).status == NOT_ATTEMPTED
    assert q3.evaluate(lambda model, loader, training: model(loader)).status == ERROR


def test_q3_named_mistakes():
    @torch.no_grad()
    def mode_ignored(model, loader, training):
        correct = sum((model(X).argmax(1) == y).sum().item() for X, y in loader)
        return correct / len(loader.dataset)

    _mistake(q3.evaluate(mode_ignored), "eval_mode_not_set")

    @torch.no_grad()
    def count(model, loader, training):
        model.train(training)
        correct = sum((model(X).argmax(1) == y).sum().item() for X, y in loader)
        model.eval()
        return correct

    _mistake(q3.evaluate(count), "count")

    @torch.no_grad()
    def per_batch(model, loader, training):
        model.train(training)
        n = len(loader)
        correct = sum((model(X).argmax(1) == y).sum().item() for X, y in loader)
        model.eval()
        return correct / n

    _mistake(q3.evaluate(per_batch), "divided_by_batches")

    @torch.no_grad()
    def batch_mean(model, loader, training):
        model.train(training)
        accs = [(model(X).argmax(1) == y).float().mean().item() for X, y in loader]
        model.eval()
        return sum(accs) / len(accs)

    _mistake(q3.evaluate(batch_mean), "batch_mean")

    def no_grad_missing(model, loader, training):
        model.train(training)
        correct = sum((model(X).argmax(1) == y).sum().item() for X, y in loader)
        model.eval()
        return correct / len(loader.dataset)

    _mistake(q3.evaluate(no_grad_missing), "no_grad_missing")

    @torch.no_grad()
    def always_eval(model, loader, training):
        model.eval()
        return accuracy(model, loader, False)

    _mistake(q3.evaluate(always_eval), "train_mode_not_set")

    @torch.no_grad()
    def not_restored(model, loader, training):
        model.train(training)
        correct = sum((model(X).argmax(1) == y).sum().item() for X, y in loader)
        return correct / len(loader.dataset)

    _mistake(q3.evaluate(not_restored), "mode_not_restored")
    _mistake(q3.evaluate(lambda model, loader, training: "0.8"), "not_number")

    @torch.no_grad()
    def off(model, loader, training):
        return accuracy(model, loader, training) - 0.1

    _mistake(q3.evaluate(off), "eval_value")


def test_q3_accepts_a_tensor_result():
    @torch.no_grad()
    def as_tensor(model, loader, training):
        model.train(training)
        correct = sum((model(X).argmax(1) == y).sum() for X, y in loader)
        model.eval()
        return correct / len(loader.dataset)

    assert q3.evaluate(as_tensor).status == CORRECT


# ---------------------------------------------------------------- q4
def _loader(n=5000, shuffle=True, paired=True):
    ds = data.TensorPairDataset(torch.zeros(n, 1, 1, 1), torch.zeros(n, dtype=torch.long))
    return data.InMemoryLoader(ds, 200, shuffle=shuffle, paired=paired)


def _history(seed, rate, epochs=10, stop="completed"):
    h = History(epochs_requested=epochs, stop_reason=stop, model_name="DropoutModel")
    h.val_loss = [0.3 + 0.01 * seed + rate] * epochs
    return h


def _runs(rate, drop_output=False, **kw):
    settings.seed_everything(0)
    model = models.DropoutModel(rate, drop_output=drop_output)
    return [(_history(seed, rate, **kw), model) for seed in range(3)]


@pytest.fixture(scope="module")
def small():
    return {"p=0.0": _runs(0.0), "p=0.5 hidden만": _runs(0.5)}


def test_q4_correct_untouched(small):
    fb = q4.evaluate(_loader(), small)
    assert fb.status == CORRECT and "판정 규칙" in fb.message
    assert q4.evaluate(..., {}).status == NOT_ATTEMPTED
    assert q4.evaluate(_loader(), {}).status == NOT_ATTEMPTED


def test_q4_loader_mistakes(small, monkeypatch):
    _mistake(q4.evaluate(_loader(55000), small), "loader_size")
    _mistake(q4.evaluate(_loader(4000), small), "loader_size")
    monkeypatch.setenv("COURSE_SMOKE", "1")  # smoke mode: the train split has fewer than 5,000 images
    assert q4.evaluate(_loader(1833), small).status == CORRECT
    monkeypatch.delenv("COURSE_SMOKE")
    _mistake(q4.evaluate(_loader(paired=False), small), "not_paired")
    _mistake(q4.evaluate(_loader(shuffle=False), small), "no_shuffle")
    _mistake(q4.evaluate([1, 2], small), "not_loader")


def test_q4_run_mistakes(small):
    loader = _loader()
    _mistake(q4.evaluate(loader, {**small, "p=0.5 hidden만": _runs(0.5, drop_output=True)}), "logit_dropout")
    _mistake(q4.evaluate(loader, {**small, "p=0.5 hidden만": _runs(0.3)}), "configs")
    _mistake(q4.evaluate(loader, {"p=0.5 hidden만": small["p=0.5 hidden만"]}), "configs")
    _mistake(q4.evaluate(loader, {**small, "p=0.0": small["p=0.0"][:1]}), "seeds")
    _mistake(q4.evaluate(loader, {**small, "p=0.0": _runs(0.0, epochs=5)}), "epochs")
    _mistake(q4.evaluate(loader, {**small, "p=0.0": _runs(0.0, stop="early_stopping")}), "early_stopped")
    same = [(copy.deepcopy(small["p=0.0"][0][0]), m) for _, m in small["p=0.0"]]
    _mistake(q4.evaluate(loader, {**small, "p=0.0": same}), "same_seed")
    big = [(h, models.BigSizeModel()) for h, _ in small["p=0.0"]]
    _mistake(q4.evaluate(loader, {**small, "p=0.0": big}), "other_model")
    _mistake(q4.evaluate(loader, {k: [h for h, _ in v] for k, v in small.items()}), "no_models")
    mixed = [small["p=0.0"][0], *small["p=0.5 hidden만"][1:]]
    _mistake(q4.evaluate(loader, {**small, "p=0.0": mixed}), "mixed_settings")
    _mistake(q4.evaluate(loader, [small]), "not_dict")
