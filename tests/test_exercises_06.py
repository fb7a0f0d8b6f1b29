"""Lesson 06's exercise checks: the right answer passes, each named mistake gets its own message, blanks and crashes."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from course_lib import data, train
from course_lib.epoch import evaluate
from course_lib.exercises import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson06 import Q1_CASES, _ref_stops, q1, q2, q3, q4
from course_lib.history import History


def _mistake(fb, key):
    assert (fb.status, fb.mistake) == (INCORRECT, key), fb
    return fb.message


# --- q1: where_it_stops ---------------------------------------------------------------------------------------


def where_it_stops(val_loss, patience):
    """The solution notebook's answer."""
    stopper = train.EarlyStopping(patience)
    best = None
    for epoch, value in enumerate(val_loss, start=1):
        if stopper.update(value):
            best = epoch
        if stopper.should_stop:
            return epoch, best
    return None, best


def test_q1_hand_counted_cases_follow_early_stopping():
    """The checker's hand-counted answers are what train.EarlyStopping (the trusted reference) does."""
    for val_loss, patience, want in Q1_CASES:
        assert where_it_stops(val_loss, patience) == want
        assert _ref_stops(val_loss, patience) == want


def test_q1_right_answer_and_blank():
    assert q1.evaluate(where_it_stops).status == CORRECT

    def starter(val_loss, patience):
        """(멈춘 epoch 또는 None, 그때까지의 best epoch). epoch은 1부터 센다."""
        ...  # TODO

    assert q1.evaluate(starter).status == NOT_ATTEMPTED


def _variant(**kw):
    return lambda val_loss, patience: _ref_stops(val_loss, patience, **kw)


def test_q1_named_mistakes():
    assert "1부터" in _mistake(q1.evaluate(_variant(zero_based=True)), "zero_based")
    assert "늦게" in _mistake(q1.evaluate(_variant(late=True)), "late_by_one")
    assert "최저 기록" in _mistake(q1.evaluate(_variant(vs_previous=True)), "vs_previous")
    assert "None" in _mistake(q1.evaluate(_variant(no_none=True)), "no_none")
    assert "patience 인자" in _mistake(q1.evaluate(lambda v, p: _ref_stops(v, 3)), "ignores_patience")

    def stop_as_best(val_loss, patience):
        stop, best = where_it_stops(val_loss, patience)
        return stop, stop if stop is not None else best

    assert "best epoch으로" in _mistake(q1.evaluate(stop_as_best), "best_is_stop")
    assert "두 값" in _mistake(q1.evaluate(lambda v, p: 5), "not_pair")
    assert _mistake(q1.evaluate(lambda v, p: ("epoch 8", "epoch 5")), "not_pair")
    assert q1.evaluate(lambda v, p: tuple(torch.tensor(e) if e else e for e in where_it_stops(v, p))).status == CORRECT

    def off_in_one_case(val_loss, patience):
        stop, best = where_it_stops(val_loss, patience)
        return (stop, best + 1) if patience == 5 else (stop, best)

    assert "(None, 9)" in _mistake(q1.evaluate(off_in_one_case), "other")


def test_q1_crash_in_the_learners_function_is_an_error():
    fb = q1.evaluate(lambda val_loss, patience: val_loss["x"])
    assert fb.status == ERROR and "TypeError" in fb.message


# --- q2: restore_best -----------------------------------------------------------------------------------------


@pytest.fixture
def tiny():
    """A tiny model and validation loader, and the model's own validation loss/accuracy (the trusted reference)."""
    g = torch.Generator().manual_seed(0)
    X, y = torch.randn(40, 4, generator=g), torch.randint(0, 3, (40,), generator=g)
    loader = data.InMemoryLoader(data.TensorPairDataset(X, y), 16)
    torch.manual_seed(0)
    model = nn.Linear(4, 3)
    loss, acc = evaluate(loader, model, nn.CrossEntropyLoss())
    return model, loader, loss, acc


def _history(val_loss, val_acc, best, name="BNModel", requested=None, stop="completed"):
    n = len(val_loss)
    return History(
        train_loss=[0.1] * n,
        train_acc=[0.9] * n,
        val_loss=list(val_loss),
        val_acc=list(val_acc),
        lr=[1e-3] * n,
        epoch_time=[1.0] * n,
        best_epoch=best,
        stop_reason=stop,
        epochs_requested=requested or n,
        model_name=name,
    )


def test_q2_restored_model_passes(tiny):
    model, loader, loss, acc = tiny
    h = _history([loss + 0.3, loss, loss + 0.05], [0.1, acc, 0.2], best=2)
    assert q2.evaluate(h, model, loader).status == CORRECT


def test_q2_named_mistakes(tiny, monkeypatch):
    model, loader, loss, acc = tiny
    # the model still has the last epoch's weights: restore_best was left out
    last = _history([loss + 0.3, loss - 0.05, loss], [0.1, 0.5, acc], best=2)
    assert "restore_best=True" in _mistake(q2.evaluate(last, model, loader), "not_restored")
    # neither the best nor the last epoch: another run's checkpoint loaded, or the test loader passed
    other = _history([loss + 0.3, loss - 0.05, loss + 0.1], [0.1, 0.5, 0.6], best=2)
    assert "checkpoint" in _mistake(q2.evaluate(other, model, loader), "other_weights")
    # best = last: restoring cannot be told apart from not restoring (full mode) ...
    at_end = _history([loss + 0.3, loss + 0.1, loss], [0.1, 0.2, acc], best=3)
    assert "마지막 epoch" in _mistake(q2.evaluate(at_end, model, loader), "best_is_last")
    # ... but smoke mode (1-2 epochs) often ends at its best epoch: the right answer must still pass there
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert q2.evaluate(at_end, model, loader).status == CORRECT
    assert _mistake(q2.evaluate([loss], model, loader), "not_history")
    assert _mistake(q2.evaluate(at_end, "model", loader), "not_model")


def test_q2_blank_and_crash(tiny):
    model, loader, loss, acc = tiny
    assert q2.evaluate(..., model, loader).status == NOT_ATTEMPTED
    h = _history([loss + 0.3, loss, loss + 0.05], [0.1, acc, 0.2], best=2)

    class Broken(nn.Module):
        def forward(self, x):
            raise RuntimeError("forward를 아직 안 씀")

    fb = q2.evaluate(h, Broken(), loader)
    assert fb.status == ERROR and "forward를 아직 안 씀" in fb.message


def test_q2_with_a_real_fit(tiny):
    """The check reads what train.fit really produces: restore_best=True passes, the same run without it does not."""
    _, loader, _, _ = tiny
    g = torch.Generator().manual_seed(1)
    X, y = torch.randn(60, 4, generator=g), torch.randint(0, 3, (60,), generator=g)  # labels are noise: val loss rises
    train_loader = data.InMemoryLoader(data.TensorPairDataset(X, y), 10, shuffle=True)
    results = {}
    for restore in (True, False):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 3))
        opt = torch.optim.Adam(model.parameters(), lr=0.05)
        h = train.fit(train_loader, loader, model, nn.CrossEntropyLoss(), opt, 8, save_best_model=False,
                      early_stopping=False, restore_best=restore, device="cpu", verbose=False)  # fmt: skip
        assert h.best_epoch < h.epochs_run  # the data were chosen so that the check means something
        results[restore] = q2.evaluate(h, model, loader)
    assert results[True].status == CORRECT
    assert results[False].mistake == "not_restored"


# --- q3: DropoutModel with early stopping -----------------------------------------------------------------------


def test_q3_right_answers():
    completed = _history([0.5, 0.4, 0.3], [0.8, 0.85, 0.9], best=3, name="DropoutModel", requested=10)
    assert q3.evaluate(completed).status == CORRECT
    stopped = _history([0.5, 0.4, 0.45, 0.46, 0.47], [0.8] * 5, best=2, name="DropoutModel", stop="early_stopping")
    assert q3.evaluate(stopped).status == CORRECT
    # one or two epochs past the best without stopping is what patience 3 allows
    waiting = _history([0.5, 0.4, 0.45, 0.46], [0.8] * 4, best=2, name="DropoutModel")
    assert q3.evaluate(waiting).status == CORRECT


def test_q3_named_mistakes_and_blank():
    assert q3.evaluate(...).status == NOT_ATTEMPTED
    bn = _history([0.5, 0.4, 0.3], [0.8] * 3, best=3, name="BNModel")
    assert "DropoutModel(0.5)" in _mistake(q3.evaluate(bn), "wrong_model")
    no_es = _history([0.5, 0.4, 0.45, 0.46, 0.47, 0.48], [0.8] * 6, best=2, name="DropoutModel")
    assert "early_stopping=True" in _mistake(q3.evaluate(no_es), "no_early_stopping")
    p1 = _history([0.5, 0.4, 0.45], [0.8] * 3, best=2, name="DropoutModel", stop="early_stopping")
    assert "patience가 1" in _mistake(q3.evaluate(p1), "different_patience")
    stopped = _history([0.5, 0.4], [0.8] * 2, best=2, name="DropoutModel", stop="interrupted")
    assert _mistake(q3.evaluate(stopped), "not_finished")
    assert _mistake(q3.evaluate((0.5, 0.4)), "not_history")


def test_q3_bad_input_is_reported_not_raised():
    """q3 runs none of the learner's code (the cell trains before the check): odd values give a message, not a crash."""
    assert q3.evaluate(History()).mistake == "not_history"
    assert q3.evaluate("h_drop").status == INCORRECT


# --- q4: resuming with the weights only -------------------------------------------------------------------------


def _lr_history(val_loss, lr, requested):
    h = _history(val_loss, [0.9] * len(val_loss), best=1, name="MLP", requested=requested)
    h.lr = list(lr)
    return h


FULL = _lr_history([0.50, 0.40, 0.35, 0.33], [1e-3, 5e-4, 2.5e-4, 1.25e-4], 4)
FIRST = _lr_history([0.50, 0.40], [1e-3, 5e-4], 2)
REST = _lr_history([0.36, 0.34], [1e-3, 5e-4], 2)  # fresh optimizer and StepLR: lr starts over, records differ


def test_q4_right_answer_also_in_smoke_mode():
    assert q4.evaluate(FULL, FIRST, REST).status == CORRECT
    # smoke mode: 4 and 2 requested epochs both run as 2, so the full run has nothing after epoch 2 to compare with
    smoke_full = _lr_history([0.50, 0.40], [1e-3, 5e-4], 4)
    assert q4.evaluate(smoke_full, FIRST, REST).status == CORRECT


def test_q4_named_mistakes_and_blank():
    assert q4.evaluate(FULL, FIRST, ...).status == NOT_ATTEMPTED
    # resume_from with the last checkpoint: the whole history comes back identical
    assert "resume_from" in _mistake(q4.evaluate(FULL, FIRST, FULL), "used_full_state")
    same_tail = _lr_history([0.35, 0.33], [2.5e-4, 1.25e-4], 2)
    assert _mistake(q4.evaluate(FULL, FIRST, same_tail), "used_full_state")
    four_more = _lr_history([0.36, 0.34, 0.33, 0.32], [1e-3, 5e-4, 2.5e-4, 1.25e-4], 4)
    assert "남은 epoch 수" in _mistake(q4.evaluate(FULL, FIRST, four_more), "counted_total")
    other_seed = _lr_history([0.52, 0.41], [1e-3, 5e-4], 2)
    assert "같은 seed" in _mistake(q4.evaluate(FULL, other_seed, REST), "different_start")
    scheduler_too = _lr_history([0.36, 0.34], [2.5e-4, 1.25e-4], 2)
    assert "scheduler" in _mistake(q4.evaluate(FULL, FIRST, scheduler_too), "restored_more")
    assert _mistake(q4.evaluate(FULL, FIRST, [0.36, 0.34]), "not_history")
