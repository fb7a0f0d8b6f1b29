"""The comparison table is computed from History objects; results are saved only in full mode, atomically, and the
summary links only the figures that were saved."""

import contextlib
import json
import math
import statistics

import pytest
import torch
from matplotlib.figure import Figure

from course_lib import report, stats
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


def _figure():
    fig = Figure(figsize=(2, 2))
    fig.add_subplot().plot([0, 1], [1, 0])
    return fig


class _BrokenFigure:
    """savefig dies half way through writing the PNG (a render error, a full disk, Ctrl+C)."""

    def savefig(self, fname, **kwargs):
        with contextlib.nullcontext(fname) if hasattr(fname, "write") else open(fname, "wb") as f:
            f.write(b"\x89PNG half")
            raise RuntimeError("render failed")


def test_summary_links_only_the_figures_just_saved(tmp_path):
    (tmp_path / "old_experiment.png").write_bytes(b"stale")  # left over from an earlier version of the lesson
    report.save_results({"small": _h()}, {"val_loss": _figure(), "gap": _figure()}, folder=tmp_path)
    payload = json.loads((tmp_path / "histories.json").read_text(encoding="utf-8"))
    assert payload["figures"] == ["val_loss.png", "gap.png"]
    assert (tmp_path / "val_loss.png").read_bytes().startswith(b"\x89PNG")
    summary = report.write_summary(tmp_path).read_text(encoding="utf-8")
    assert "![val_loss](val_loss.png)\n![gap](gap.png)" in summary and "old_experiment" not in summary
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["gap.png", "histories.json", "old_experiment.png", "summary.md", "val_loss.png"]  # no temp files


def test_summary_of_an_older_histories_file_links_no_figures(tmp_path):
    report.save_results({"small": _h()}, {"val_loss": _figure()}, folder=tmp_path)
    path = tmp_path / "histories.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload.pop("figures", None)  # written before the list of figures was recorded
    path.write_text(json.dumps(payload), encoding="utf-8")
    summary = report.write_summary(tmp_path).read_text(encoding="utf-8")
    assert "## Figures" not in summary and ".png" not in summary


def test_failed_figure_keeps_the_old_png_and_results(tmp_path):
    report.save_results({"small": _h()}, {"val_loss": _figure()}, folder=tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(RuntimeError, match="render failed"):
        report.save_results({"small": _h(best_epoch=2)}, {"val_loss": _BrokenFigure()}, folder=tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # old PNG and JSON intact, no temp file


def test_smoke_mode_never_overwrites_results(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert report.save_results({"small": _h()}, folder=tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    assert "smoke mode" in capsys.readouterr().out


def _comparison(delta_points, seeds=3):
    control = torch.zeros(seeds, 1000, dtype=torch.bool)
    treated = control.clone()
    treated[:, : int(delta_points * 10)] = True  # delta_points points better in every seed
    return stats.paired_bootstrap(control, treated)


def test_comparison_records_round_trip_and_render(tmp_path):
    regime = {"train_images": 2000, "epochs": 60, "model": "MLP 784-512-512-10"}
    rec = report.comparison_record("02", "dropout 0.5", regime, "p=0", "p=0.5", [0, 1, 2], _comparison(2.0),
                                   _comparison(1.5))  # fmt: skip
    assert rec["verdict_val"] == rec["verdict_test"] == "helps" and rec["rule"] == stats.RULE
    assert rec["delta_val"]["mean"] == pytest.approx(0.02) and rec["val_acc"]["treated"] == [0.02] * 3
    report.save_comparisons([rec], folder=tmp_path)
    other = dict(rec, lesson="03", technique="weight decay 1.0")
    report.save_comparisons([other], folder=tmp_path)  # another lesson: both kept
    report.save_comparisons([dict(rec, verdict_test="within noise")], folder=tmp_path)  # the same one again: replaced
    records = report.load_comparisons(tmp_path)
    assert [(r["lesson"], r["verdict_test"]) for r in records] == [("02", "within noise"), ("03", "helps")]
    table = report.comparisons_table(records)
    assert "| 02 | dropout 0.5 | train_images 2000, epochs 60, model MLP 784-512-512-10 | p=0 → p=0.5 | 3 |" in table
    assert "+2.00 [" in table and table.count("\n") == 3
    with pytest.raises(ValueError, match="seed"):
        report.comparison_record("02", "x", regime, "a", "b", [0, 1], _comparison(1.0), _comparison(1.0))


def test_compare_paired_applies_the_rule_on_validation_and_test(capsys):
    g = torch.Generator().manual_seed(0)
    control = [(torch.rand(500, generator=g) < 0.8, torch.rand(800, generator=g) < 0.8) for _ in range(3)]
    treated = []
    for val, test in control:  # better on validation (60 more images right), no change on test
        better = val.clone()
        better[(~val).nonzero().squeeze(1)[:60]] = True
        treated.append((better, test.clone()))
    regime = {"train_images": 2000}
    rec = report.compare_paired("06", "early stopping", regime, "last", "best", [0, 1, 2], control, treated)
    direct = stats.paired_bootstrap(torch.stack([v for v, _ in control]), torch.stack([v for v, _ in treated]))
    assert rec["delta_val"] == {"mean": direct.delta, "low": direct.low, "high": direct.high}
    assert rec["delta_val"]["mean"] == pytest.approx(60 / 500)
    assert rec["verdict_val"] == "helps" and rec["verdict_test"] == "within noise"
    assert rec["delta_test"]["mean"] == 0 and rec["test_acc"]["control"] == rec["test_acc"]["treated"]
    assert rec["seeds"] == [0, 1, 2] and rec["lesson"] == "06" and rec["control"] == "last"
    out = capsys.readouterr().out.splitlines()
    assert out == [f"best − last, validation: {direct}", f"best − last, test      : {out[1].split(': ', 1)[1]}"]
    assert "within noise" in out[1]
    with pytest.raises(ValueError, match="seed 3개, control 결과 2개"):
        report.compare_paired("06", "x", regime, "a", "b", [0, 1, 2], control[:2], treated)


def test_summary_puts_the_paired_verdicts_first_with_the_rule_and_budget(tmp_path):
    report.save_results({"small": [_h()]}, folder=tmp_path)
    plain = report.write_summary(tmp_path).read_text(encoding="utf-8")
    assert "## Paired comparisons" not in plain and "07_comparison.ipynb" in plain  # no records: no empty section
    regime = {"train_images": 2000, "epochs": 40}
    rec = report.comparison_record("07", "dropout 0.5", regime, "control", "dropout", [0, 1, 2], _comparison(2.0),
                                   _comparison(0.0))  # fmt: skip
    report.save_comparisons([rec], folder=tmp_path)
    summary = report.write_summary(tmp_path).read_text(encoding="utf-8")
    assert report.comparisons_table([rec]) in summary and stats.RULE in summary
    assert "train_images 2000, epochs 40" in summary  # the budget of each comparison
    assert summary.index("## Paired comparisons") < summary.index("| experiment |")  # the verdicts come first
    assert "| helps |" in summary and "| within noise |" in summary
