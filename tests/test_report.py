"""The comparison table is computed from History objects; results are saved only in full mode."""

import math
import statistics

import pytest

from course_lib import report
from course_lib.history import History


def _h(**kw):
    base = dict(
        train_loss=[0.5, 0.3],
        train_acc=[0.90, 0.99],
        val_loss=[0.4, 0.45],
        val_acc=[0.91, 0.95],
        lr=[1e-3, 1e-3],
        epoch_time=[1.25, 1.5],
        best_epoch=1,
        n_params=7850,
        model_name="M",
    )
    base.update(kw)
    return History(**base)


def test_mean_std_against_statistics():
    values = [0.97, 0.975, 0.9812]
    m, s = report.mean_std(values)
    assert m == pytest.approx(statistics.fmean(values)) and s == pytest.approx(statistics.stdev(values))
    assert report.mean_std([0.5]) == (0.5, 0.0)
    assert report.fmt_mean_std([0.9, 0.92]) == "0.9100 ± 0.0141"
    assert report.fmt_mean_std([0.04], sign=True) == "+0.0400"
    with pytest.raises(ValueError):
        report.mean_std([])
    assert all(math.isnan(x) for x in report.mean_std([0.9, float("nan")]))  # a diverged run: no mean


def test_comparison_table_by_hand():
    a, b = _h(), _h(val_acc=[0.93, 0.97], best_epoch=2, epoch_time=[1.0, 1.0])
    table = report.comparison_table({"small": [a, b], "one": a, "empty": History(n_params=10)}, {"small": [0.9, 0.92]})
    lines = table.splitlines()
    assert lines[0].startswith("| experiment | params | seeds | epochs | selected epoch (min val loss) |")
    # seeds: selected epochs 1 and 2 -> val acc 0.91 and 0.97; final 0.95 / 0.97; gaps +0.04 / +0.02; time 2.75 / 2.0
    assert lines[2] == (
        "| small | 7,850 | 2 | 2 | 1, 2 | 0.9400 ± 0.0424 | 0.9600 ± 0.0141 | +0.0300 ± 0.0141 "
        "| 0.9100 ± 0.0141 | 2.4 |"
    )
    assert lines[3] == "| one | 7,850 | 1 | 2 | 1 | 0.9100 | 0.9500 | +0.0400 | - | 2.8 |"
    assert lines[4] == "| empty | - | 0 | 0 | - | - | - | - | - | - |"


def test_save_and_summary_round_trip(tmp_path):
    h, h2 = _h(), _h(best_epoch=2)
    out = report.save_results({"small": [h, h2]}, folder=tmp_path, test_acc={"small": [0.9, 0.91]})
    histories, env, test_acc = report.load_histories(out)
    assert histories["small"] == [h, h2] and test_acc == {"small": [0.9, 0.91]}
    assert {"torch", "device", "threads", "cpu", "python"} <= set(env)
    summary = report.write_summary(tmp_path).read_text(encoding="utf-8")
    assert report.comparison_table({"small": [h, h2]}, {"small": [0.9, 0.91]}) in summary
    assert f"- torch: {env['torch']}" in summary
    assert sorted(p.name for p in tmp_path.iterdir()) == ["histories.json", "summary.md"]  # no temp files left


def test_smoke_mode_never_overwrites_results(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert report.save_results({"small": _h()}, folder=tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    assert "smoke mode" in capsys.readouterr().out
