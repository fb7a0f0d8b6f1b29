"""Lesson 04 exercise checks: the right answer passes, each named mistake gets its own message, the untouched
starter is "not attempted", and a crash in the learner's code is an ERROR, not a failed check."""

from __future__ import annotations

import copy
import functools

import pytest
import torch
from helpers import tensor_loader
from torch import nn

from course_lib import models, report, settings, stats, train
from course_lib.exercises import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson04 import q1, q2, q3, q4, q5
from course_lib.history import History


def _mistake(fb) -> str | None:
    assert fb.status == INCORRECT, fb
    return fb.mistake


def _boom(*args, **kwargs):
    raise RuntimeError("learner bug")


# ---------------------------------------------------------------- q1


def test_q1_right_prediction_and_the_measured_tensor_pass():
    assert q1.evaluate((100 / 99) ** 0.5).status == CORRECT
    assert q1.evaluate(1.005).status == CORRECT  # rounded by hand
    torch.manual_seed(0)
    measured = nn.BatchNorm1d(5)(torch.rand(100, 5)).std(dim=0).detach()
    assert q1.evaluate(measured).status == CORRECT


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (1.0, "biased_std"),
        (100 / 99, "variance_ratio"),
        ((99 / 100) ** 0.5, "inverted"),
        ((10 / 9) ** 0.5, "kept_m10"),
        (1.2, "other"),
        ("1.005", "not_number"),
        (True, "not_number"),
    ],
)
def test_q1_named_mistakes(answer, key):
    assert _mistake(q1.evaluate(answer)) == key


def test_q1_untouched_starter():
    fb = q1.evaluate(...)
    assert fb.status == NOT_ATTEMPTED and "q1.hint()" in fb.message


# ---------------------------------------------------------------- q2


def _bn(dim=0, keepdim=False, unbiased_running=False, unbiased_standardise=False, eval_updates=False):
    """Lesson 04 section 5's function with the running_var line changed, plus switches for the usual mistakes."""

    def forward(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
        if training or eval_updates:
            m = x.shape[0]
            mean = x.mean(dim=dim, keepdim=keepdim)
            var = ((x - mean) ** 2).mean(dim=dim, keepdim=keepdim)
            running_mean = (1 - momentum) * running_mean + momentum * mean
            running_var = (1 - momentum) * running_var + momentum * var * (m / (m - 1) if unbiased_running else 1)
            if unbiased_standardise:
                var = x.var(dim=0)
            if not training:
                mean, var = running_mean, running_var
        else:
            mean, var = running_mean, running_var
        return gamma * (x - mean) / torch.sqrt(var + eps) + beta, running_mean, running_var

    return forward


ANSWERS = ({"running_var", "eval mode 출력"}, "작아진다")


def test_q2_right_answer_passes():
    assert q2.evaluate(_bn(), *ANSWERS).status == CORRECT
    assert q2.evaluate(_bn(), ["running_var 일치", "eval"], "작아진다").status == CORRECT  # names as printed


@pytest.mark.parametrize(
    ("fn", "key"),
    [
        (_bn(unbiased_running=True), "still_unbiased"),  # forgot to change the line: still PyTorch's rule
        (_bn(dim=1, keepdim=True), "wrong_dim"),
        (_bn(dim=1), "wrong_dim"),  # without keepdim: caught on the square batch, not as a shape error
        (_bn(unbiased_standardise=True), "unbiased_standardise"),  # changed the wrong variance
        (_bn(eval_updates=True), "eval_updates"),
    ],
)
def test_q2_named_mistakes_in_the_function(fn, key):
    assert _mistake(q2.evaluate(fn, *ANSWERS)) == key


def test_q2_no_affine_and_wrong_eval_are_named():
    def no_affine(x, gamma, beta, rm, rv, training, momentum=0.1, eps=1e-5):
        y, rm, rv = _bn()(x, gamma, beta, rm, rv, training, momentum, eps)
        return (y - beta) / gamma, rm, rv

    assert _mistake(q2.evaluate(no_affine, *ANSWERS)) == "no_affine"

    def batch_stats_in_eval(x, gamma, beta, rm, rv, training, momentum=0.1, eps=1e-5):
        y, _, _ = _bn()(x, gamma, beta, rm, rv, True, momentum, eps)
        return (y, rm, rv) if not training else _bn()(x, gamma, beta, rm, rv, True, momentum, eps)

    assert _mistake(q2.evaluate(batch_stats_in_eval, *ANSWERS)) == "eval_batch_stats"


@pytest.mark.parametrize(
    ("lines", "trend", "key"),
    [
        ({"train mode 출력", "running_var", "eval mode 출력"}, "작아진다", "train_listed"),
        ({"running_mean", "running_var", "eval mode 출력"}, "작아진다", "running_mean_listed"),
        ({"running_var"}, "작아진다", "eval_missed"),
        ({"eval mode 출력"}, "작아진다", "running_var_missed"),
        ({"running_var", "eval mode 출력"}, "커진다", "grows"),
        ({"running_var", "eval mode 출력"}, "모르겠다", "trend_unclear"),
        ({"num_batches_tracked"}, "작아진다", "unknown_line"),
    ],
)
def test_q2_named_mistakes_in_the_answers(lines, trend, key):
    assert _mistake(q2.evaluate(_bn(), lines, trend)) == key


def test_q2_untouched_starter_and_a_half_done_one():
    def starter(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5): ...

    assert q2.evaluate(starter, ..., ...).status == NOT_ATTEMPTED
    half = q2.evaluate(_bn(), ..., ...)
    assert half.status == NOT_ATTEMPTED and "함수는 맞습니다" in half.message


def test_q2_crash_is_an_error():
    fb = q2.evaluate(_boom, *ANSWERS)
    assert fb.status == ERROR and "RuntimeError" in fb.message


def test_q2_returning_one_tensor_is_named():
    assert _mistake(q2.evaluate(lambda x, *a, **k: x, *ANSWERS)) == "not_triple"


# ---------------------------------------------------------------- q3


def relu_then_bn():
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256),
        nn.Linear(256, 128), nn.ReLU(), nn.BatchNorm1d(128),
        nn.Linear(128, 64), nn.ReLU(), nn.BatchNorm1d(64),
        nn.Linear(64, 10),
    )  # fmt: skip


def _verdict(n_seeds=3):
    g = torch.Generator().manual_seed(0)
    control = torch.rand(n_seeds, 40, generator=g) < 0.9
    treated = torch.rand(n_seeds, 40, generator=g) < 0.9
    return stats.paired_bootstrap(control, treated, resamples=200)


def test_q3_right_answer_passes_with_either_form_of_the_rule():
    assert q3.evaluate(relu_then_bn, _verdict()).status == CORRECT
    v = _verdict()
    record = report.comparison_record("04", "order", {}, "BNModel", "ReLU->BN", [0, 1, 2], v, v)
    assert q3.evaluate(relu_then_bn, record).status == CORRECT


def test_q3_the_check_leaves_the_global_rng_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    q3.evaluate(relu_then_bn, _verdict())
    assert torch.equal(torch.rand(3), expected)


def _bn_after_output():
    return nn.Sequential(*relu_then_bn(), nn.BatchNorm1d(10))


def _two_bn():
    return nn.Sequential(*list(relu_then_bn())[:-2], nn.Linear(64, 10))


def _narrow():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.BatchNorm1d(64), nn.Linear(64, 10))


def _reordered_init():
    """Same layers, but the last Linear is created first: the same seed gives other initial weights."""
    head = nn.Linear(64, 10)
    body = list(relu_then_bn())[:-1]
    return nn.Sequential(*body, head)


_shared = relu_then_bn()


@pytest.mark.parametrize(
    ("factory", "key"),
    [
        (models.BNModel, "bn_before_relu"),  # the order was not changed
        (_bn_after_output, "bn_after_output"),
        (_two_bn, "bn_count"),
        (_narrow, "sizes"),
        (_reordered_init, "different_init"),
        (lambda: _shared, "same_instance"),  # one model object reused for every seed
        (lambda: "model", "not_module"),
    ],
)
def test_q3_named_mistakes_in_the_model(factory, key):
    assert _mistake(q3.evaluate(factory, _verdict())) == key


@pytest.mark.parametrize(
    ("verdict", "key"),
    [
        ({"BN": "0.955 ± 0.001", "ReLU->BN": "0.951 ± 0.003"}, "no_decision_rule"),  # mean ± std only
        (0.004, "no_decision_rule"),
        (_verdict(n_seeds=2), "too_few_seeds"),
    ],
)
def test_q3_named_mistakes_in_the_comparison(verdict, key):
    assert _mistake(q3.evaluate(relu_then_bn, verdict)) == key


def test_q3_untouched_starter_and_a_half_done_one():
    assert q3.evaluate(lambda: ..., ...).status == NOT_ATTEMPTED
    half = q3.evaluate(relu_then_bn, ...)
    assert half.status == NOT_ATTEMPTED and "모델은 맞습니다" in half.message


def test_q3_crash_is_an_error():
    assert q3.evaluate(_boom, _verdict()).status == ERROR


# ---------------------------------------------------------------- q4

device = "cpu"


def train_mode_accuracy(model, loader, batch_size):
    probe = copy.deepcopy(model).train()
    correct, n = 0, 0
    with torch.no_grad():
        for X, y in loader.batches(batch_size, shuffle=False):
            X, y = X.to(device), y.to(device)
            correct += (probe(X).argmax(dim=1) == y).sum().item()
            n += len(y)
    return correct / n


def _accuracy(model, loader, batch_size):
    correct = 0
    with torch.no_grad():
        for X, y in loader.batches(batch_size, shuffle=False):
            correct += (model(X).argmax(dim=1) == y).sum().item()
    return correct / len(loader.dataset)


def test_q4_right_answer_passes():
    assert q4.evaluate(train_mode_accuracy).status == CORRECT


@pytest.mark.parametrize(
    ("fn", "key"),
    [
        (lambda m, loader, bs: _accuracy(m.train(), loader, bs), "mutates_model"),  # no copy
        (lambda m, loader, bs: _accuracy(copy.deepcopy(m).eval(), loader, bs), "eval_mode"),
        (lambda m, loader, bs: train_mode_accuracy(m, loader, bs) * len(loader.dataset), "not_fraction"),
        (lambda m, loader, bs: train_mode_accuracy(m, loader, bs) * 0.5, "other"),
        (lambda m, loader, bs: "0.9", "not_number"),
    ],
)
def test_q4_named_mistakes(fn, key):
    assert _mistake(q4.evaluate(fn)) == key


def test_q4_model_left_in_train_mode_is_named():
    def leaves_train_mode(model, loader, batch_size):
        acc = train_mode_accuracy(model, loader, batch_size)
        model.train()  # switches the caller's model, even though the stats were measured on a copy
        return acc

    assert _mistake(q4.evaluate(leaves_train_mode)) == "mode_changed"


def test_q4_untouched_starter_and_crash():
    def starter(model, loader, batch_size): ...

    assert q4.evaluate(starter).status == NOT_ATTEMPTED
    assert q4.evaluate(_boom).status == ERROR


def test_q4_reference_differs_from_eval_mode():
    """The check can only tell train mode from eval mode if the two accuracies differ on its data."""
    from course_lib.exercises.lesson04 import _q4_setup, _reference_train_accuracy

    model, loader = _q4_setup()
    assert _accuracy(model, loader, 2) == 1.0  # eval mode: running statistics
    assert _reference_train_accuracy(model, loader, 2) < 0.9
    assert _reference_train_accuracy(model, loader, 8) < 1.0


# ---------------------------------------------------------------- q5

SGD = functools.partial(torch.optim.SGD, momentum=0.9)
BN_PARAMS, PLAIN_PARAMS = (
    models.count_parameters(models.BNModel()),
    models.count_parameters(models.BNModel(batch_norm=False)),
)


def _history(lr, n_params, epochs=3):
    return History(lr=[lr, lr], n_params=n_params, epochs_requested=epochs)


def _runs(lrs=(0.01, 0.1), seeds=3, epochs=3, recorded_lr=None, same_model=False):
    return {
        lr: {
            "BN": [_history(recorded_lr or lr, BN_PARAMS, epochs) for _ in range(seeds)],
            "No BN": [_history(recorded_lr or lr, BN_PARAMS if same_model else PLAIN_PARAMS, epochs)] * seeds,
        }
        for lr in lrs
    }


def test_q5_right_answer_passes():
    assert q5.evaluate(SGD, _runs()).status == CORRECT


def test_q5_passes_with_histories_from_fit():
    """The check reads History.lr, n_params and epochs_requested as train.fit fills them (one fit per lr and arm)."""
    g = torch.Generator().manual_seed(0)
    loader = tensor_loader(torch.rand(10, 1, 28, 28, generator=g), torch.randint(0, 10, (10,), generator=g), 10)
    runs = {}
    for lr in (0.01, 0.1):
        runs[lr] = {}
        for name, batch_norm in {"BN": True, "No BN": False}.items():
            settings.seed_everything(0)
            model = models.BNModel(batch_norm=batch_norm)
            h = train.fit(
                loader, loader, model, nn.CrossEntropyLoss(), SGD(model.parameters(), lr=lr), 3,
                save_best_model=False, early_stopping=False, verbose=False, progress=False, device="cpu",
            )  # fmt: skip
            runs[lr][name] = [h, h, h]  # three seeds would give three such Histories
    assert q5.evaluate(SGD, runs).status == CORRECT


@pytest.mark.parametrize(
    ("sgd", "key"),
    [
        (torch.optim.SGD, "no_momentum"),  # plain SGD
        (torch.optim.Adam, "not_sgd"),
        (lambda params, lr: torch.optim.SGD(params, lr=0.01, momentum=0.9), "lr_ignored"),
    ],
)
def test_q5_named_mistakes_in_the_optimizer(sgd, key):
    assert _mistake(q5.evaluate(sgd, _runs())) == key


@pytest.mark.parametrize(
    ("runs", "key"),
    [
        (_runs(recorded_lr=0.001), "lr_not_passed"),  # train_run's default LR: lr never reached the optimizer
        (_runs(same_model=True), "same_model"),
        (_runs(seeds=2), "too_few_seeds"),
        (_runs(lrs=(0.01,)), "missing_lr"),
        (_runs(epochs=10), "epochs"),
        ({0.01: [History()], 0.1: [History()]}, "runs_type"),
    ],
)
def test_q5_named_mistakes_in_the_runs(runs, key):
    assert _mistake(q5.evaluate(SGD, runs)) == key


def test_q5_unequal_epochs_and_unpaired_runs():
    runs = _runs()
    runs[0.1]["BN"][0] = _history(0.1, BN_PARAMS, epochs=2)
    assert _mistake(q5.evaluate(SGD, runs)) == "unequal_epochs"
    runs = _runs()
    runs[0.1]["BN"].append(_history(0.1, BN_PARAMS))
    assert _mistake(q5.evaluate(SGD, runs)) == "unpaired"


def test_q5_untouched_starter_and_a_half_done_one():
    assert q5.evaluate(..., {}).status == NOT_ATTEMPTED
    assert q5.evaluate(SGD, {}).status == NOT_ATTEMPTED
    half = q5.evaluate(SGD, {0.01: ..., 0.1: ...})  # the loop's TODO line left as it is
    assert half.status == NOT_ATTEMPTED and "sgd는 맞습니다" in half.message


def test_q5_an_optimizer_object_instead_of_a_factory_is_named():
    sgd = torch.optim.SGD(models.BNModel().parameters(), lr=0.01, momentum=0.9)
    assert _mistake(q5.evaluate(sgd, _runs())) == "optimizer_instance"


def test_q5_crash_is_an_error():
    assert q5.evaluate(_boom, _runs()).status == ERROR


def test_every_exercise_has_steps_of_hints_and_a_python_solution():
    for q in (q1, q2, q3, q4, q5):
        assert len(q.hints) >= 2 and "```python" in q.solution_text and q.correct_text
