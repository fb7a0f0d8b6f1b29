"""Lesson 05 exercise checks: the right answer passes, each named mistake gets its own message, the untouched
starter is "not attempted", and a crash in the learner's code is an ERROR, not a failed check."""

from __future__ import annotations

import pytest
import torch
from helpers import tensor_loader
from torch import nn
from torch.optim import lr_scheduler

from course_lib import schedules, train
from course_lib.exercises import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson05 import q1, q2, q3, q4
from course_lib.history import History


def _mistake(fb) -> str | None:
    assert fb.status == INCORRECT, fb
    return fb.mistake


def _boom(*args, **kwargs):
    raise RuntimeError("learner bug")


# ---------------------------------------------------------------- q1


def test_q1_right_answer_passes_and_matches_torch():
    trace = schedules.lr_trace(lr_scheduler.StepLR, 300, lr=0.001, step_size=30, gamma=0.5)
    assert next(e for e, lr in enumerate(trace) if lr < 1e-5) == 210  # the hand computation: 30 * 7
    assert q1.evaluate(210, False).status == CORRECT


@pytest.mark.parametrize(
    ("first_epoch", "within_200", "key"),
    [
        (180, True, "k_off_by_one"),  # 0.5 ** 6 taken as < 0.01
        (211, False, "counted_from_1"),  # epochs counted from 1
        (209, False, "one_early"),  # the LR taken to change during the epoch whose step() lowers it
        (210, True, "within_200"),
        (240, False, "other"),
        (210.0, False, "not_int"),
        (210, "no", "not_bool"),
    ],
)
def test_q1_named_mistakes(first_epoch, within_200, key):
    assert _mistake(q1.evaluate(first_epoch, within_200)) == key


def test_q1_untouched_starter():
    assert q1.evaluate(..., ...).status == NOT_ATTEMPTED
    assert q1.evaluate(210, ...).status == NOT_ATTEMPTED


# ---------------------------------------------------------------- q2


def make_scheduler(optimizer, epochs, steps_per_epoch):
    return lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch, eta_min=1e-5)


def _fit(scheduler_factory, scheduler_step="batch", epochs=3):
    """A tiny real run (20 images, 4 steps an epoch) so that History.lr is what train.fit records."""
    g = torch.Generator().manual_seed(0)
    loader = tensor_loader(torch.randn(20, 4, generator=g), torch.randint(0, 3, (20,), generator=g), 5)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    scheduler = scheduler_factory(optimizer, epochs, len(loader)) if scheduler_factory else None
    return train.fit(
        loader, loader, model, nn.CrossEntropyLoss(), optimizer, epochs,
        save_best_model=False, early_stopping=False, verbose=False, progress=False, device="cpu",
        lr_scheduler=scheduler, scheduler_step=scheduler_step if scheduler else None,
    )  # fmt: skip


def test_q2_right_answer_passes():
    assert q2.evaluate(make_scheduler, _fit(make_scheduler)).status == CORRECT


def test_q2_smoke_mode_cut_keeps_the_verdict(monkeypatch):
    """Smoke mode trains fewer epochs than the scheduler was built for: the check compares what was run."""
    monkeypatch.setenv("COURSE_SMOKE", "1")
    history = _fit(make_scheduler, epochs=3)
    assert len(history.lr) == 2 and history.epochs_requested == 3
    assert q2.evaluate(make_scheduler, history).status == CORRECT


@pytest.mark.parametrize(
    ("factory", "key"),
    [
        (lambda opt, e, s: lr_scheduler.CosineAnnealingLR(opt, T_max=e, eta_min=1e-5), "t_max_epochs"),
        (lambda opt, e, s: lr_scheduler.CosineAnnealingLR(opt, T_max=s, eta_min=1e-5), "t_max_one_epoch"),
        (lambda opt, e, s: lr_scheduler.CosineAnnealingLR(opt, T_max=2750, eta_min=1e-5), "ignores_args"),
        (lambda opt, e, s: lr_scheduler.CosineAnnealingLR(opt, T_max=e * s + 1), "t_max_other"),
        (lambda opt, e, s: lr_scheduler.StepLR(opt, step_size=s), "not_cosine"),
    ],
)
def test_q2_named_mistakes_in_the_scheduler(factory, key):
    assert _mistake(q2.evaluate(factory, _fit(make_scheduler))) == key


def test_q2_forgetting_scheduler_step_batch_is_named():
    history = _fit(make_scheduler, scheduler_step="epoch")  # fit's default for CosineAnnealingLR
    assert _mistake(q2.evaluate(make_scheduler, history)) == "per_epoch_step"


def test_q2_a_run_without_the_scheduler_is_named():
    assert _mistake(q2.evaluate(make_scheduler, _fit(None))) == "no_scheduler"


def test_q2_a_run_whose_t_max_is_the_epoch_count_is_named():
    """Stepped per batch with T_max = epochs, the LR goes down and up again within the run."""

    def per_epoch_t_max(opt, epochs, steps):
        return lr_scheduler.CosineAnnealingLR(opt, T_max=epochs, eta_min=1e-5)

    history = _fit(per_epoch_t_max, epochs=4)
    assert _mistake(q2.evaluate(make_scheduler, history)) == "cycled"


def test_q2_a_run_built_for_other_epochs_is_named():
    def for_ten_epochs(opt, epochs, steps):
        return make_scheduler(opt, 10, steps)  # scheduler for 10 epochs, fit for 3

    assert _mistake(q2.evaluate(make_scheduler, _fit(for_ten_epochs))) == "epochs_mismatch"
    assert _mistake(q2.evaluate(make_scheduler, "history")) == "not_history"


def test_q2_untouched_starter_and_a_half_done_one():
    def starter(optimizer, epochs, steps_per_epoch):
        return ...

    assert q2.evaluate(starter, ...).status == NOT_ATTEMPTED
    half = q2.evaluate(make_scheduler, ...)
    assert half.status == NOT_ATTEMPTED and "make_scheduler는 맞습니다" in half.message


def test_q2_crash_is_an_error():
    fb = q2.evaluate(_boom, ...)
    assert fb.status == ERROR and "RuntimeError" in fb.message


# ---------------------------------------------------------------- q3


def _range_tests():
    """Adam and SGD(momentum=0.9) range tests of one tiny model, as the exercise does with BNModel."""
    g = torch.Generator().manual_seed(0)
    loader = tensor_loader(torch.randn(40, 4, generator=g), torch.randint(0, 3, (40,), generator=g), 10)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    adam = torch.optim.Adam(model.parameters(), lr=0.001)
    sgd = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
    kw = dict(start_lr=1e-5, end_lr=1.0, num_steps=20)
    loss_fn = nn.CrossEntropyLoss()
    return (
        model,
        sgd,
        schedules.lr_range_test(model, sgd, loss_fn, loader, **kw),
        schedules.lr_range_test(model, adam, loss_fn, loader, **kw),
        loader,
    )


def test_q3_right_answer_passes():
    _, sgd, sgd_result, adam_result, _ = _range_tests()
    assert q3.evaluate(sgd, sgd_result, adam_result).status == CORRECT


def test_q3_named_mistakes():
    model, sgd, sgd_result, adam_result, loader = _range_tests()
    plain = torch.optim.SGD(model.parameters(), lr=0.001)
    assert _mistake(q3.evaluate(plain, sgd_result, adam_result)) == "no_momentum"
    adam = torch.optim.Adam(model.parameters(), lr=0.001)
    assert _mistake(q3.evaluate(adam, sgd_result, adam_result)) == "not_sgd"
    assert _mistake(q3.evaluate(sgd, adam_result, adam_result)) == "same_result"  # Adam's result passed twice
    other_range = schedules.lr_range_test(model, sgd, nn.CrossEntropyLoss(), loader, start_lr=1e-4, num_steps=20)
    assert _mistake(q3.evaluate(sgd, other_range, adam_result)) == "different_range"
    assert _mistake(q3.evaluate(sgd, sgd_result.suggestion, adam_result)) == "not_result"


def test_q3_untouched_starter_and_a_half_done_one():
    _, sgd, _, adam_result, _ = _range_tests()
    assert q3.evaluate(..., ..., adam_result).status == NOT_ATTEMPTED
    half = q3.evaluate(sgd, ..., adam_result)
    assert half.status == NOT_ATTEMPTED and "optimizer는 맞습니다" in half.message


# ---------------------------------------------------------------- q4

RIGHT = {1: [10, 14, 16, 18], 5: [18]}


def test_q4_right_answer_passes_and_matches_the_lesson():
    """The expected epochs are PyTorch's (through lr_trace), the same the solution notebook prints."""
    assert q4.evaluate(RIGHT).status == CORRECT
    assert q4.evaluate({1: (18, 10, 16, 14), 5: [18], 2: [11, 15, 18]}).status == CORRECT  # order and extras


@pytest.mark.parametrize(
    ("drops", "key"),
    [
        ({1: [9, 13, 15, 17], 5: [17]}, "one_early"),  # the epoch whose loss triggered the cut
        (
            {1: [7, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19], 5: [18]},
            "patience_inclusive",
        ),  # cut at `patience` bad epochs
        ({1: [10, 11, 14, 15, 16, 17, 18, 19], 5: [18]}, "no_reset"),  # counter not reset after a cut
        ({1: [11, 15, 18], 5: [18]}, "copied_patience2"),
        ({1: [10, 14, 16, 18], 5: [12]}, "other"),
        ({1: [10, 14, 16, 18]}, "keys"),
        ({1: [10, 14, 16, 18], 5: 18}, "not_list"),
        ({1: [10.0, 14, 16, 18], 5: [18]}, "not_list"),
    ],
)
def test_q4_named_mistakes(drops, key):
    assert _mistake(q4.evaluate(drops)) == key


def test_q4_untouched_starter():
    assert q4.evaluate({1: ..., 5: ...}).status == NOT_ATTEMPTED
    assert q4.evaluate(...).status == NOT_ATTEMPTED


def test_every_exercise_has_steps_of_hints_and_a_python_solution():
    for q in (q1, q2, q3, q4):
        assert len(q.hints) >= 2 and "```python" in q.solution_text and q.correct_text


def test_q2_histories_not_from_fit_are_named():
    assert _mistake(q2.evaluate(make_scheduler, History(lr=[0.001]))) == "too_short"
    assert _mistake(q2.evaluate(make_scheduler, History(lr=[0.001, 0.0005]))) == "not_history"  # no epochs_requested
