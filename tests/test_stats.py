"""The course's one decision rule: paired bootstrap over seeds and images, checked against hand computations."""

from __future__ import annotations

import math

import pytest
import torch

from course_lib import stats


def _pattern(n, plus, minus, seed=0):
    """(control, treated) correctness of one seed on n images: only treated right on `plus`, only control on `minus`."""
    g = torch.Generator().manual_seed(seed)
    control = torch.rand(n, generator=g) < 0.9
    treated = control.clone()
    idx = torch.randperm(n, generator=g)
    treated[idx[:plus]], control[idx[:plus]] = True, False
    treated[idx[plus : plus + minus]], control[idx[plus : plus + minus]] = False, True
    return control, treated


def test_one_seed_matches_the_normal_interval_by_hand():
    """One seed: only the images vary; the interval is the textbook mean ± 1.96 SE of the per-image differences."""
    control, treated = _pattern(2000, plus=60, minus=20)
    result = stats.paired_bootstrap(control, treated, resamples=4000)
    d = (treated.float() - control.float()).double()
    m, se = d.mean().item(), d.std().item() / math.sqrt(len(d))
    assert result.delta == pytest.approx(40 / 2000)  # 60 - 20 images out of 2,000
    assert (result.low, result.high) == pytest.approx((m - 1.96 * se, m + 1.96 * se), abs=0.15 * 1.96 * se)
    assert result.verdict == "helps" and (result.seeds, result.images) == (1, 2000)


def test_identical_runs_are_within_noise_with_zero_width():
    control, _ = _pattern(500, 0, 0)
    result = stats.paired_bootstrap(torch.stack([control] * 3), torch.stack([control] * 3))
    assert (result.delta, result.low, result.high, result.verdict) == (0.0, 0.0, 0.0, "within noise")


def test_consistent_gain_helps_and_the_mirror_image_hurts():
    pairs = [_pattern(5000, plus=150, minus=50, seed=s) for s in range(3)]  # +2 points in every seed
    control = torch.stack([c for c, _ in pairs])
    treated = torch.stack([t for _, t in pairs])
    helps = stats.paired_bootstrap(control, treated)
    assert helps.verdict == "helps" and helps.delta == pytest.approx(0.02) and 0 < helps.low < 0.02 < helps.high
    hurts = stats.paired_bootstrap(treated, control)
    assert hurts.verdict == "hurts" and hurts.delta == pytest.approx(-0.02)
    assert (hurts.low, hurts.high) == pytest.approx((-helps.high, -helps.low), abs=0.002)
    assert helps.control == pytest.approx(tuple(control.float().mean(1).tolist()))


def test_a_gain_that_changes_sign_between_seeds_is_within_noise():
    """Each seed alone is far outside image noise (±3 points on 5,000 images), but the seeds disagree."""
    pairs = [_pattern(5000, 200, 50, 0), _pattern(5000, 50, 200, 1), _pattern(5000, 200, 50, 2)]
    control = torch.stack([c for c, _ in pairs])
    treated = torch.stack([t for _, t in pairs])
    result = stats.paired_bootstrap(control, treated)
    assert result.delta == pytest.approx(0.01)  # mean of +3, -3, +3 points
    assert result.verdict == "within noise" and result.low < 0 < result.high
    one_seed = stats.paired_bootstrap(control[:1], treated[:1])
    assert one_seed.verdict == "helps"  # the same data from one seed alone would have looked like a clear gain


def test_small_gain_within_image_noise():
    """+0.2 points on 5,000 images (10 images net) is about one standard error: within noise."""
    control, treated = _pattern(5000, plus=30, minus=20)
    assert stats.paired_bootstrap(control, treated).verdict == "within noise"


def test_deterministic_and_leaves_the_global_rng_alone():
    control, treated = _pattern(1000, 40, 10)
    torch.manual_seed(5)
    before = torch.get_rng_state()
    a = stats.paired_bootstrap(control, treated)
    assert torch.equal(torch.get_rng_state(), before)
    assert a == stats.paired_bootstrap(control, treated)
    assert "→ helps" in str(a) and a.to_dict()["verdict"] == "helps"


@pytest.mark.parametrize(
    "control,treated,match",
    [
        (torch.ones(3, 10), torch.ones(2, 10), "모양"),
        (torch.ones(3, 10), torch.full((3, 10), 0.5), "정답 여부"),
        (torch.ones(0), torch.ones(0), "seed 수, 이미지 수"),
    ],
)
def test_bad_input_is_named(control, treated, match):
    with pytest.raises(ValueError, match=match):
        stats.paired_bootstrap(control, treated)
