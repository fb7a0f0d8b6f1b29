"""Lesson 07's exercise checks: the right answer passes, each named mistake gets its own message, blanks and crashes."""

from __future__ import annotations

import copy

import pytest
import torch

from course_lib import report, stats
from course_lib.exercises import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from course_lib.exercises.lesson07 import Q1_RECORD, Q1_WANT, Q3_RUNS, _q2_hits, q1, q2, q3, q4, q5
from course_lib.history import History


def _mistake(fb, key):
    assert (fb.status, fb.mistake) == (INCORRECT, key), fb
    return fb.message


def _crash(q, *args):
    fb = q.evaluate(*args)
    assert fb.status == ERROR and "ZeroDivisionError" in fb.message
    return fb


# --- q1: per-seed differences ---------------------------------------------------------------------------------


def per_seed_diffs(record):
    """The solution notebook's answer."""
    return [t - c for c, t in zip(record["val_acc"]["control"], record["val_acc"]["treated"], strict=True)]


def test_q1_reference_is_a_hand_computation():
    assert per_seed_diffs(Q1_RECORD) == pytest.approx(Q1_WANT)
    assert [round(0.9048 - 0.9000, 4), round(0.9088 - 0.9100, 4), round(0.9032 - 0.9050, 4)] == Q1_WANT


def test_q1_right_answer_blank_and_crash():
    assert q1.evaluate(per_seed_diffs).status == CORRECT
    assert q1.evaluate(lambda r: torch.tensor(per_seed_diffs(r), dtype=torch.float64)).status == CORRECT
    assert q1.evaluate(lambda record: ...).status == NOT_ATTEMPTED
    _crash(q1, lambda record: 1 / 0)


def test_q1_named_mistakes():
    v, t = Q1_RECORD["val_acc"], Q1_RECORD["test_acc"]
    assert "treated" in _mistake(
        q1.evaluate(lambda r: [c - x for c, x in zip(v["control"], v["treated"], strict=True)]), "reversed"
    )
    used_test = q1.evaluate(lambda r: [x - c for c, x in zip(t["control"], t["treated"], strict=True)])
    assert "val_acc" in _mistake(used_test, "used_test")
    mean = q1.evaluate(lambda r: sum(per_seed_diffs(r)) / 3)
    assert "평균 하나" in _mistake(mean, "mean_only")
    assert "단위" in _mistake(q1.evaluate(lambda r: [100 * d for d in per_seed_diffs(r)]), "percent")
    shifted = q1.evaluate(
        lambda r: [x - c for c, x in zip(v["control"], v["treated"][1:] + v["treated"][:1], strict=True)]
    )
    assert "같은 seed" in _mistake(shifted, "unpaired")
    assert _mistake(q1.evaluate(lambda r: "0.0048"), "not_list")
    assert _mistake(q1.evaluate(lambda r: [0.0, 0.0, 0.0]), "other")


# --- q2: one seed's interval ----------------------------------------------------------------------------------


def one_seed_interval(control_hits, treated_hits, i):
    """The solution notebook's answer."""
    return stats.paired_bootstrap(control_hits[i][0][None], treated_hits[i][0][None])


def test_q2_right_answer_blank_and_crash():
    assert q2.evaluate(one_seed_interval).status == CORRECT
    assert q2.evaluate(lambda c, t, i: None).status == NOT_ATTEMPTED
    _crash(q2, lambda c, t, i: 1 / 0)


def test_q2_example_hits_tell_the_mistakes_apart():
    """The example data must give a different Comparison for every mistake the check names."""
    c, t = _q2_hits()
    results = [
        stats.paired_bootstrap(c[1][0][None], t[1][0][None]),
        stats.paired_bootstrap(c[1][1][None], t[1][1][None]),
        stats.paired_bootstrap(t[1][0][None], c[1][0][None]),
        stats.paired_bootstrap(c[0][0][None], t[0][0][None]),
        stats.paired_bootstrap(c[1][0][None], t[0][0][None]),
    ]
    assert len({(r.delta, r.low, r.high) for r in results}) == len(results)


def test_q2_named_mistakes():
    def three_seeds(c, t, i):
        return stats.paired_bootstrap(torch.stack([v for v, _ in c]), torch.stack([v for v, _ in t]))

    assert "[None]" in _mistake(q2.evaluate(three_seeds), "not_one_seed")
    assert "[0]" in _mistake(
        q2.evaluate(lambda c, t, i: stats.paired_bootstrap(c[i][1][None], t[i][1][None])), "used_test"
    )
    assert "순서" in _mistake(
        q2.evaluate(lambda c, t, i: stats.paired_bootstrap(t[i][0][None], c[i][0][None])), "reversed"
    )
    assert "i번째" in _mistake(q2.evaluate(lambda c, t, i: one_seed_interval(c, t, 0)), "ignores_i")
    unpaired = q2.evaluate(lambda c, t, i: stats.paired_bootstrap(c[i][0][None], t[0][0][None]))
    assert "같은 i번째" in _mistake(unpaired, "unpaired")
    means = q2.evaluate(lambda c, t, i: (t[i][0].float().mean() - c[i][0].float().mean()).item())
    assert "판정 규칙" in _mistake(means, "no_rule")
    fewer = q2.evaluate(lambda c, t, i: stats.paired_bootstrap(c[i][0][None], t[i][0][None], resamples=100))
    assert _mistake(fewer, "other")


# --- q3: select the final model ---------------------------------------------------------------------------------


def select_final(runs):
    """The solution notebook's answer."""
    return max(runs, key=lambda r: r[2])


def test_q3_right_answer_blank_and_crash():
    assert q3.evaluate(select_final).status == CORRECT
    assert q3.evaluate(lambda runs: Q3_RUNS.index(select_final(runs))).status == CORRECT  # a position is fine too
    assert q3.evaluate(lambda runs: ...).status == NOT_ATTEMPTED
    _crash(q3, lambda runs: 1 / 0)


def test_q3_named_mistakes():
    assert "validation" in _mistake(q3.evaluate(lambda runs: max(runs, key=lambda r: r[3])), "selected_by_test")
    assert _mistake(q3.evaluate(lambda runs: max(runs, key=lambda r: r[2] + r[3])), "mixed_test")
    assert "max" in _mistake(q3.evaluate(lambda runs: min(runs, key=lambda r: r[2])), "lowest")
    assert _mistake(q3.evaluate(lambda runs: sorted(runs, key=lambda r: -r[2])), "not_one")
    assert _mistake(q3.evaluate(lambda runs: runs[1]), "other")


# --- q4: a 10-epoch budget, paired with the 40-epoch runs -------------------------------------------------------


def _history(val_loss, requested):
    n = len(val_loss)
    return History(
        train_loss=[0.1] * n,
        train_acc=[0.9] * n,
        val_loss=list(val_loss),
        val_acc=[0.9] * n,
        lr=[1e-3] * n,
        epoch_time=[1.0] * n,
        best_epoch=1,
        epochs_requested=requested,
        model_name="MLP",
    )


def _hits(seed, arm, n_val=50, n_test=30):
    g = torch.Generator().manual_seed(100 * seed + arm)
    rate = 0.6 + 0.1 * arm
    return torch.rand(n_val, generator=g) < rate, torch.rand(n_test, generator=g) < rate


SEEDS = [0, 1, 2]
# 40-epoch runs: seed s of an arm has its own val-loss curve; the 10-epoch run of the same seed repeats its start
LONG = {
    key: [_history([1.0 - 0.01 * e - 0.1 * s - 0.05 * a for e in range(40)], 40) for s in SEEDS]
    for a, key in enumerate(("control", "dropout"))
}


def _short(budget=10, seeds=SEEDS, shift=0.0):
    return {
        key: [(_history(LONG[key][s].val_loss[:budget], budget), _hits(s, a)) for s in seeds]
        for a, key in enumerate(("control", "dropout"))
    }


def _record(short, control="control", treated="dropout", seeds=SEEDS):
    return report.compare_paired(
        "07", "dropout 0.5 (10 epochs)", {"epochs": 10}, control, treated, seeds,
        [hv for _, hv in short[control]], [hv for _, hv in short[treated]], verbose=False,
    )  # fmt: skip


def test_q4_right_answer_also_in_smoke_mode():
    short = _short()
    assert q4.evaluate(short, _record(short), LONG).status == CORRECT
    # smoke mode: both budgets run 2 epochs, so the 10-epoch run equals the first 2 epochs of the 40-epoch run
    smoke_long = {key: [_history(h.val_loss[:2], 40) for h in hs] for key, hs in LONG.items()}
    smoke_short = {key: [(_history(h.val_loss[:2], 10), hv) for h, hv in items] for key, items in short.items()}
    assert q4.evaluate(smoke_short, _record(smoke_short), smoke_long).status == CORRECT


def test_q4_blank():
    assert q4.evaluate({"control": [], "dropout": []}, ..., LONG).status == NOT_ATTEMPTED
    short = _short()
    assert q4.evaluate(short, ..., LONG).status == NOT_ATTEMPTED


def test_q4_named_mistakes():
    short = _short()
    record = _record(short)
    # unpaired: the dropout run of seed 1 was trained without seed_everything (another curve)
    unpaired = copy.deepcopy(short)
    h, hv = unpaired["dropout"][1]
    unpaired["dropout"][1] = (_history([v + 0.003 for v in h.val_loss], 10), hv)
    assert "seed_everything" in _mistake(q4.evaluate(unpaired, record, LONG), "unpaired")
    # seeds in another order than the 40-epoch runs
    shuffled = {key: [items[1], items[0], items[2]] for key, items in short.items()}
    assert _mistake(q4.evaluate(shuffled, _record(shuffled), LONG), "seed_order")
    # one seed only
    one = _short(seeds=[0])
    assert "seed 하나" in _mistake(q4.evaluate(one, _record(one, seeds=[0]), LONG), "one_seed")
    # the 40-epoch budget again
    forty = _short(budget=40)
    assert "10 epoch" in _mistake(q4.evaluate(forty, _record(forty), LONG), "budget")
    # no decision rule: a mean difference instead of compare_paired's record
    mean = (
        sum(hv[0].float().mean() for _, hv in short["dropout"]) / 3
        - sum(hv[0].float().mean() for _, hv in short["control"]) / 3
    )
    assert "판정 규칙" in _mistake(q4.evaluate(short, float(mean), LONG), "no_rule")
    # control and treated swapped in compare_paired
    assert _mistake(q4.evaluate(short, _record(short, "dropout", "control"), LONG), "swapped")
    # the record of other runs (e.g. the 40-epoch runs' hits)
    other = {
        key: [(h, _hits(s + 7, a)) for s, (h, _) in enumerate(items)] for a, (key, items) in enumerate(short.items())
    }
    assert "다른 run" in _mistake(q4.evaluate(short, _record(other), LONG), "stale_record")
    assert _mistake(q4.evaluate([1, 2], record, LONG), "structure")
    assert _mistake(q4.evaluate({"control": [1], "dropout": [2]}, record, LONG), "structure")


# --- q5: the closest call, re-judged with five seeds ------------------------------------------------------------


def _records():
    """Lesson 07-like records: the closest by validation (dropout) is not the closest by test (wd)."""

    def rec(technique, control, treated, val, test, val_acc=(0.90, 0.91, 0.92)):
        return {
            "lesson": "07",
            "technique": technique,
            "regime": {"epochs": 40},
            "control": control,
            "treated": treated,
            "seeds": [0, 1, 2],
            "val_acc": {"control": list(val_acc), "treated": [a + 0.01 for a in val_acc]},
            "test_acc": {"control": list(val_acc), "treated": [a + 0.01 for a in val_acc]},
            "delta_val": {"mean": sum(val) / 2, "low": val[0], "high": val[1]},
            "delta_test": {"mean": sum(test) / 2, "low": test[0], "high": test[1]},
            "verdict_val": "helps",
            "verdict_test": "helps",
            "rule": stats.RULE,
        }

    return [
        rec("dropout 0.5", "control", "dropout", (0.0035, 0.013), (0.009, 0.02)),
        rec("weight decay 1.0", "control", "wd", (0.012, 0.024), (0.001, 0.02)),
        rec("dropout 0.5 (last-epoch models)", "control", "dropout", (0.0001, 0.013), (0.0001, 0.014)),
        rec("best checkpoint", "control, last epoch", "control, selected epoch", (-0.0176, -0.0001), (-0.01, -0.0001)),
        rec("batch norm", "control", "bn", (0.017, 0.03), (0.017, 0.027)),
    ]


def _five(control="control", treated="dropout", seeds=(0, 1, 2, 3, 4), base=(0.90, 0.91, 0.92)):
    accs = [(*base, 0.905, 0.915)[s] for s in seeds]
    return {
        "lesson": "07",
        "technique": "dropout 0.5 (5 seeds)",
        "control": control,
        "treated": treated,
        "seeds": list(seeds),
        "val_acc": {"control": accs, "treated": [a + 0.01 for a in accs]},
        "delta_val": {"mean": 0.0066, "low": 0.0021, "high": 0.0112},
        "verdict_val": "helps",
        "rule": stats.RULE,
    }


def test_q5_right_answer_and_blank():
    assert q5.evaluate(_five(), _records()).status == CORRECT
    assert q5.evaluate(..., _records()).status == NOT_ATTEMPTED


def test_q5_named_mistakes(monkeypatch):
    records = _records()
    assert "validation" in _mistake(q5.evaluate(_five("control", "wd"), records), "chose_by_test")
    assert _mistake(q5.evaluate(_five("control", "bn"), records), "wrong_comparison")
    assert "더해" in _mistake(q5.evaluate(_five(seeds=(3, 4)), records), "new_seeds_only")
    assert _mistake(q5.evaluate(_five(seeds=(0, 1, 2)), records), "seeds")
    rerun = _five(base=(0.89, 0.91, 0.92))  # seed 0 trained differently from section 5's run
    assert "5절의 run" in _mistake(q5.evaluate(rerun, records), "unpaired")
    # smoke mode compares with the stored full-mode records (the solution notebook): numbers are not matched there
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert q5.evaluate(rerun, records).status == CORRECT
    means = {"control": 0.90, "dropout": 0.91}
    assert "판정 규칙" in _mistake(q5.evaluate(means, records), "no_rule")
    assert _mistake(q5.evaluate(_five(), []), "no_records")


def test_q5_against_the_stored_lesson_records():
    """On the course's stored full-mode verdicts the check picks the comparison the solution notebook picks."""
    stored = [r for r in report.load_comparisons(report.results_dir()) if r["lesson"] == "07"]
    if not stored:
        pytest.skip("results/comparisons.json has no lesson-07 records")
    closest = next(r for r in stored if r["technique"] == "dropout 0.5")
    good = copy.deepcopy(closest)
    good["seeds"] = [0, 1, 2, 3, 4]
    for arm in ("control", "treated"):
        good["val_acc"][arm] = closest["val_acc"][arm] + [0.9, 0.9]
    assert q5.evaluate(good, stored).status == CORRECT
