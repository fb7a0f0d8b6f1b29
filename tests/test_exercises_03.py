"""Lesson 03's exercise checks: the right answer passes, each named mistake gets its own message."""

from __future__ import annotations

import copy
import math

import pytest
import torch

from course_lib import data, models, settings
from course_lib.exercises._core import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson03 import q1, q2, q3, q4
from course_lib.history import History


def _mistake(fb, key):
    assert (fb.status, fb.mistake) == (INCORRECT, key), fb
    return fb


# ---------------------------------------------------------------- q1
def make_optimizer(model, lr, weight_decay):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if name.endswith("bias") else decay).append(p)
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=lr,
    )


def _grouped(model, lr, wd_weight, wd_bias, rule=lambda name, p: name.endswith("bias"), cls=torch.optim.AdamW):
    decay = [p for n, p in model.named_parameters() if not rule(n, p)]
    no_decay = [p for n, p in model.named_parameters() if rule(n, p)]
    return cls([{"params": decay, "weight_decay": wd_weight}, {"params": no_decay, "weight_decay": wd_bias}], lr=lr)


def test_q1_correct_untouched_and_crash():
    assert q1.evaluate(make_optimizer).status == CORRECT
    # selecting the biases by shape (1-D tensors) is also right for an MLP
    by_ndim = q1.evaluate(lambda m, lr, wd: _grouped(m, lr, wd, 0.0, rule=lambda n, p: p.ndim == 1))
    assert by_ndim.status == CORRECT
    assert q1.evaluate(lambda model, lr, weight_decay: ...).status == NOT_ATTEMPTED

    def duplicated(model, lr, weight_decay):  # torch refuses a parameter in two groups: the learner's code errs
        return torch.optim.AdamW(
            [{"params": list(model.parameters())}, {"params": [p for n, p in model.named_parameters() if "bias" in n]}]
        )

    assert q1.evaluate(duplicated).status == ERROR


def test_q1_named_mistakes():
    fb = _mistake(
        q1.evaluate(lambda m, lr, wd: torch.optim.AdamW(m.parameters(), lr=lr, weight_decay=wd)), "bias_decayed"
    )
    assert "endswith" in fb.message
    exact_name = q1.evaluate(lambda m, lr, wd: _grouped(m, lr, wd, 0.0, rule=lambda n, p: n == "bias"))
    _mistake(exact_name, "bias_decayed")
    _mistake(q1.evaluate(lambda m, lr, wd: _grouped(m, lr, 0.0, wd)), "swapped")
    _mistake(q1.evaluate(lambda m, lr, wd: _grouped(m, lr, 0.0, 0.0)), "weights_not_decayed")
    _mistake(q1.evaluate(lambda m, lr, wd: _grouped(m, lr, 0.01, 0.0)), "weight_decay_value")
    _mistake(q1.evaluate(lambda m, lr, wd: _grouped(m, 0.001, wd, 0.0)), "lr")
    _mistake(q1.evaluate(lambda m, lr, wd: _grouped(m, lr, wd, 0.0, cls=torch.optim.Adam)), "adam_not_adamw")
    _mistake(q1.evaluate(lambda m, lr, wd: _grouped(m, lr, wd, 0.0, cls=torch.optim.SGD)), "not_adamw")

    def weights_only(model, lr, weight_decay):
        decay = [p for n, p in model.named_parameters() if not n.endswith("bias")]
        return torch.optim.AdamW(decay, lr=lr, weight_decay=weight_decay)

    fb = _mistake(q1.evaluate(weights_only), "missing_params")
    assert "net.1.bias" in fb.message


# ---------------------------------------------------------------- q2
def half_life_formula(eta, lam):
    return math.log(0.5) / math.log(1 - eta * lam)


def half_life_sgd(eta, lam, max_steps=10_000):
    p = torch.tensor([1.0], requires_grad=True)
    sgd = torch.optim.SGD([p], lr=eta, weight_decay=lam)
    step = 0
    while p.item() >= 0.5 and step < max_steps:
        p.grad = torch.zeros_like(p)
        sgd.step()
        step += 1
    return step


def test_q2_correct_untouched_and_crash():
    assert half_life_sgd(0.1, 0.01) == 693  # the lesson's expected result, by torch itself
    assert q2.evaluate(half_life_formula, half_life_sgd).status == CORRECT
    rounded_up = q2.evaluate(lambda eta, lam: math.ceil(half_life_formula(eta, lam)), half_life_sgd)
    assert rounded_up.status == CORRECT
    assert q2.evaluate(lambda eta, lam: ..., lambda eta, lam: ...).status == NOT_ATTEMPTED
    fb = q2.evaluate(half_life_formula, lambda eta, lam: ...)
    assert fb.status == NOT_ATTEMPTED and "half_life_sgd" in fb.message
    assert q2.evaluate(lambda eta, lam: math.log(0.5) / math.log(1 - eta * lam - 1), half_life_sgd).status == ERROR


def test_q2_formula_mistakes():
    sgd = half_life_sgd
    _mistake(q2.evaluate(lambda eta, lam: math.log(2) / (eta * lam), sgd), "approximation")
    _mistake(q2.evaluate(lambda eta, lam: math.log(0.5) / math.log(1 - lam), sgd), "forgot_lr")
    _mistake(q2.evaluate(lambda eta, lam: math.log(0.5) / math.log(1 - eta), sgd), "forgot_lambda")
    _mistake(q2.evaluate(lambda eta, lam: math.log(1 - eta * lam) / math.log(0.5), sgd), "inverted")
    _mistake(q2.evaluate(lambda eta, lam: math.log(2) / math.log(1 - eta * lam), sgd), "sign")
    _mistake(q2.evaluate(lambda eta, lam: math.floor(half_life_formula(eta, lam)), sgd), "rounded_down")
    _mistake(q2.evaluate(lambda eta, lam: 693, sgd), "formula_ignores_args")
    _mistake(q2.evaluate(lambda eta, lam: half_life_formula(eta, lam) + 5, sgd), "formula_value")
    _mistake(q2.evaluate(lambda eta, lam: "693", sgd), "not_number")


def test_q2_sgd_mistakes():
    f = half_life_formula

    def no_decay(eta, lam, max_steps=10_000):
        p = torch.tensor([1.0], requires_grad=True)
        sgd = torch.optim.SGD([p], lr=eta)  # weight_decay forgotten: the value never shrinks
        step = 0
        while p.item() >= 0.5 and step < max_steps:
            p.grad = torch.zeros_like(p)
            sgd.step()
            step += 1
        return step

    _mistake(q2.evaluate(f, no_decay), "no_decay")
    _mistake(q2.evaluate(f, lambda eta, lam: half_life_sgd(eta, lam) - 1), "off_by_one")
    _mistake(q2.evaluate(f, lambda eta, lam: 693), "sgd_ignores_args")
    _mistake(q2.evaluate(f, lambda eta, lam: half_life_sgd(eta, lam) * 2), "sgd_value")


# ---------------------------------------------------------------- q3
def run_zero_grad(opt_class, lam, steps, lr=0.1, w=2.0):  # as in the lesson's section 3.1
    p = torch.tensor([w], requires_grad=True)
    opt = opt_class([p], lr=lr, weight_decay=lam)
    for _ in range(steps):
        p.grad = torch.zeros_like(p)
        opt.step()
    return p.item()


PAIRS = [(0.001, 1.0), (0.002, 0.5), (0.01, 0.1), (0.001, 0.1)]


def _results(fn):
    return {(lr, lam): fn(lr, lam) for lr, lam in PAIRS}


def test_q3_reference_is_the_hand_computation():
    for lr, lam in PAIRS:
        assert math.isclose(run_zero_grad(torch.optim.AdamW, lam, 100, lr=lr), 2 * (1 - lr * lam) ** 100, rel_tol=1e-5)


def test_q3_correct_untouched_and_wrong_shape():
    results = _results(lambda lr, lam: run_zero_grad(torch.optim.AdamW, lam, 100, lr=lr))
    assert q3.evaluate(results).status == CORRECT
    assert q3.evaluate({}).status == NOT_ATTEMPTED
    assert q3.evaluate({pair: ... for pair in PAIRS}).status == NOT_ATTEMPTED
    _mistake(q3.evaluate([1.8]), "not_dict")
    _mistake(q3.evaluate({PAIRS[0]: results[PAIRS[0]]}), "missing_pair")


def test_q3_named_mistakes():
    _mistake(q3.evaluate(_results(lambda lr, lam: run_zero_grad(torch.optim.AdamW, lam, 100))), "lr_not_passed")
    adam = _results(lambda lr, lam: run_zero_grad(torch.optim.Adam, lam, 100, lr=lr))
    _mistake(q3.evaluate(adam), "adam_not_adamw")
    fb = _mistake(q3.evaluate(_results(lambda lr, lam: run_zero_grad(torch.optim.AdamW, lam, 10, lr=lr))), "steps")
    assert "10 step" in fb.message
    _mistake(q3.evaluate(_results(lambda lr, lam: 1.8)), "value")


# ---------------------------------------------------------------- q4
def _loader(n=5000, shuffle=True):
    ds = data.TensorPairDataset(torch.zeros(n, 1, 1, 1), torch.zeros(n, dtype=torch.long))
    return data.InMemoryLoader(ds, 200, shuffle=shuffle)


def _runs(lam, epochs=20, stop="completed", n_params=235146):
    out = []
    for seed in range(3):
        h = History(epochs_requested=epochs, stop_reason=stop, model_name="MLP", n_params=n_params)
        h.val_loss = [0.3 + 0.01 * seed + 0.1 * lam] * epochs
        out.append((h, 20.0 - lam))
    return out


@pytest.fixture
def results():
    return {0.0: _runs(0.0), 3.0: _runs(3.0)}


def test_q4_correct_untouched(results, monkeypatch):
    assert q4.evaluate(_loader(), results).status == CORRECT
    assert q4.evaluate(..., {}).status == NOT_ATTEMPTED
    assert q4.evaluate(_loader(), {}).status == NOT_ATTEMPTED
    monkeypatch.setenv("COURSE_SMOKE", "1")  # smoke mode: the train split has fewer than 5,000 images
    assert q4.evaluate(_loader(1833), results).status == CORRECT


def test_q4_named_mistakes(results):
    loader = _loader()
    _mistake(q4.evaluate(_loader(55000), results), "loader_size")
    _mistake(q4.evaluate(_loader(shuffle=False), results), "no_shuffle")
    _mistake(q4.evaluate("loader", results), "not_loader")
    _mistake(q4.evaluate(loader, [results]), "not_dict")
    _mistake(q4.evaluate(loader, {0.0: results[0.0], 0.3: _runs(0.3)}), "lambdas")
    _mistake(q4.evaluate(loader, {**results, 3.0: [h for h, _ in results[3.0]]}), "not_runs")
    _mistake(q4.evaluate(loader, {**results, 3.0: results[3.0][:2]}), "seeds")
    _mistake(q4.evaluate(loader, {**results, 3.0: _runs(3.0, epochs=6)}), "epochs")
    _mistake(q4.evaluate(loader, {**results, 3.0: _runs(3.0, stop="early_stopping")}), "early_stopped")
    same = [(copy.deepcopy(results[3.0][0][0]), n) for _, n in results[3.0]]
    _mistake(q4.evaluate(loader, {**results, 3.0: same}), "same_seed")
    _mistake(q4.evaluate(loader, {**results, 3.0: _runs(3.0, n_params=101770)}), "different_models")
    _mistake(q4.evaluate(loader, {**results, 3.0: copy.deepcopy(results[0.0])}), "decay_not_applied")


def test_q4_on_a_real_tiny_run(monkeypatch):
    """One real (tiny) fit per arm: the History that fit returns carries what the check reads."""
    monkeypatch.setenv("COURSE_SMOKE", "1")  # fit runs 2 of the 20 epochs; History still records 20 asked
    from course_lib import train

    X, y = torch.rand(60, 1, 28, 28), torch.randint(0, 10, (60,))
    small = data.InMemoryLoader(data.TensorPairDataset(X, y), 20, shuffle=True)
    val = data.InMemoryLoader(data.TensorPairDataset(X[:20], y[:20]), 20)
    results = {}
    for lam in (0.0, 3.0):
        results[lam] = []
        for seed in range(3):
            settings.seed_everything(seed)
            model = models.MLP((8,))
            opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=lam)
            h = train.fit(
                small,
                val,
                model,
                torch.nn.CrossEntropyLoss(),
                opt,
                20,
                save_best_model=False,
                early_stopping=False,
                device="cpu",
                verbose=False,
            )
            results[lam].append((h, 0.0))
    fb = q4.evaluate(_loader(), results)
    assert fb.status == CORRECT, fb


def half_life_by_penalty(eta, lam, max_steps=10_000):
    """The other right way (section 2's (b)): plain SGD, the L2 penalty added to the loss before backward()."""
    p = torch.tensor([1.0], requires_grad=True)
    sgd = torch.optim.SGD([p], lr=eta)
    step = 0
    while p.item() >= 0.5 and step < max_steps:
        sgd.zero_grad()
        loss = lam / 2 * (p**2).sum()  # data loss is 0
        loss.backward()
        sgd.step()
        step += 1
    return step


def half_life_penalty_after_backward(eta, lam, max_steps=10_000):
    p = torch.tensor([1.0], requires_grad=True)
    sgd = torch.optim.SGD([p], lr=eta)
    step = 0
    while p.item() >= 0.5 and step < max_steps:
        sgd.zero_grad()
        loss = (p * 0).sum()  # the data loss (gradient 0)
        loss.backward()
        loss = loss + lam / 2 * (p**2).sum()  # too late: the gradient was fixed by backward()
        sgd.step()
        step += 1
    return step


def test_q2_l2_penalty_in_the_loss():
    assert q2.evaluate(half_life_formula, half_life_by_penalty).status == CORRECT
    fb = _mistake(q2.evaluate(half_life_formula, half_life_penalty_after_backward), "penalty_after_backward")
    assert "backward()" in fb.message
