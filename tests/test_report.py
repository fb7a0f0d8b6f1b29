"""The comparison table is computed from History objects; results are saved only in full mode."""

import pytest

from course_lib import report
from course_lib.train import History


def _h(**kw):
    base = dict(train_loss=[0.5, 0.3], train_acc=[0.90, 0.99], val_loss=[0.4, 0.45], val_acc=[0.91, 0.95],
                lr=[1e-3, 1e-3], epoch_time=[1.25, 1.5], best_epoch=1, n_params=7850, model_name="M")
    base.update(kw)
    return History(**base)


def test_comparison_table_by_hand():
    table = report.comparison_table({"small": _h(), "empty": History(n_params=10)})
    lines = table.splitlines()
    assert lines[0].startswith("| experiment | params | epochs | best val acc (epoch)")
    # best epoch 1 -> val acc 0.91; final 0.95; gap 0.99 - 0.95 = +0.04; time 2.75 s
    assert lines[2] == "| small | 7,850 | 2 | 0.9100 (1) | 0.9500 | +0.0400 | 2.8 |"
    assert lines[3] == "| empty | 10 | 0 | - | - | - | - |"


def test_save_and_summary_round_trip(tmp_path, monkeypatch):
    h = _h()
    out = report.save_results({"small": h}, folder=tmp_path)
    histories, env = report.load_histories(out)
    assert histories["small"] == h
    assert {"torch", "device", "threads", "cpu", "python"} <= set(env)
    summary = report.write_summary(tmp_path).read_text(encoding="utf-8")
    assert report.comparison_table({"small": h}) in summary
    assert f"- torch: {env['torch']}" in summary


def test_smoke_mode_never_overwrites_results(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert report.save_results({"small": _h()}, folder=tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    assert "smoke mode" in capsys.readouterr().out
