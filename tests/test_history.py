"""History: one record per epoch, named lists, the original material's 4-tuple, a round trip through a dict."""

import json

import pytest

from course_lib.history import EpochResult, History, as_runs


def _run(val_losses, improved):
    h = History(model_name="m", n_params=3)
    for e, (v, imp) in enumerate(zip(val_losses, improved, strict=True), start=1):
        h.record(EpochResult(e, 2 * v, 0.5 + e / 100, v, 0.4 + e / 100, 1e-3 / e, 0.5), improved=imp)
    return h


def test_record_keeps_named_lists_and_the_best_epoch():
    h = _run([0.5, 0.4, 0.45], [True, True, False])
    assert h.val_loss == [0.5, 0.4, 0.45] and h.train_loss == [1.0, 0.8, 0.9]
    assert h.lr == pytest.approx([1e-3, 5e-4, 1e-3 / 3])
    assert (h.epochs_run, h.best_epoch, h.best_val_loss) == (3, 2, 0.4)
    assert h.best_val_acc == h.val_acc[1]  # the accuracy at the lowest loss, not the highest accuracy (epoch 3)
    assert h.total_time == 1.5
    train_loss, train_acc, val_loss, val_acc = h  # the original material's unpacking
    assert [train_loss, train_acc, val_loss, val_acc] == [h.train_loss, h.train_acc, h.val_loss, h.val_acc]
    assert h[3] == h.val_acc


def test_record_refuses_an_epoch_out_of_order():
    h = _run([0.5], [True])
    with pytest.raises(ValueError, match="epoch 2"):
        h.record(EpochResult(3, 1.0, 0.5, 0.5, 0.5, 1e-3, 1.0))


def test_gap_by_hand():
    h = History(train_acc=[0.9, 0.99], val_acc=[0.9, 0.95], val_loss=[0.3, 0.2])
    assert h.gap == pytest.approx([0.0, 0.04])


def test_no_best_epoch_yet():
    h = History()
    assert h.best_val_loss == float("inf") and h.best_val_acc != h.best_val_acc  # inf and NaN


def test_round_trip_through_json():
    h = _run([0.5, 0.4], [True, True])
    again = History.from_dict(json.loads(json.dumps(h.to_dict())))
    assert again == h
    assert as_runs(h) == [h] and as_runs([h, again]) == [h, again]
