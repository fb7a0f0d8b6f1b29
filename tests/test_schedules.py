"""lr_trace matches a hand-stepped torch scheduler and never touches a real optimizer."""

import copy

import pytest
import torch
from torch.optim import lr_scheduler as S

from course_lib import models
from course_lib.schedules import lr_range_test, lr_trace


def _hand(make, steps, lr=0.001, metrics=None):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr)
    sched = make(opt)
    out = []
    for i in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        if metrics is not None:
            sched.step(metrics[i])
        elif i < steps - 1:
            sched.step()
    return out


@pytest.mark.parametrize(
    "cls,kwargs",
    [
        (S.StepLR, dict(step_size=30, gamma=0.5)),
        (S.CosineAnnealingLR, dict(T_max=10, eta_min=1e-5)),
        (S.CosineAnnealingWarmRestarts, dict(T_0=10, T_mult=2, eta_min=1e-5)),
        (S.ExponentialLR, dict(gamma=0.97)),
        (S.OneCycleLR, dict(max_lr=0.01, total_steps=200)),
    ],
)
def test_matches_hand_stepped_scheduler(cls, kwargs):
    ours = lr_trace(cls, 200, lr=0.001, **kwargs)
    ref = _hand(lambda opt: cls(opt, **kwargs), 200)
    assert ours == pytest.approx(ref, rel=1e-12, abs=0)
    assert len(ours) == 200


def test_step_lr_by_hand_computation():
    assert lr_trace(S.StepLR, 5, lr=0.1, step_size=2, gamma=0.5) == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])


def test_factory_and_plateau():
    metrics = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9]
    ours = lr_trace(lambda opt: S.ReduceLROnPlateau(opt, factor=0.5, patience=1), 6, lr=0.1, metrics=metrics)
    ref = _hand(lambda opt: S.ReduceLROnPlateau(opt, factor=0.5, patience=1), 6, lr=0.1, metrics=metrics)
    assert ours == ref
    assert ours[-1] < ours[0]
    with pytest.raises(ValueError, match="metrics"):
        lr_trace(S.ReduceLROnPlateau, 3)


def test_real_optimizer_untouched():
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    before = [p.clone() for p in model.parameters()]
    lr_trace(S.StepLR, 50, lr=opt.param_groups[0]["lr"], step_size=10, gamma=0.1)
    assert opt.param_groups[0]["lr"] == 0.001
    assert opt.state_dict()["state"] == {}
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))


def test_no_order_warning(recwarn):
    lr_trace(S.OneCycleLR, 30, max_lr=0.1, total_steps=30)
    assert not [w for w in recwarn if "lr_scheduler.step()" in str(w.message)]


def test_bad_arguments():
    with pytest.raises(ValueError, match="steps"):
        lr_trace(S.StepLR, 0, step_size=1)
    with pytest.raises(TypeError, match="scheduler"):
        lr_trace(torch.nn.Linear, 3)


def _range_setup():
    torch.manual_seed(0)
    X, y = torch.randn(400, 1, 28, 28), torch.randint(0, 10, (400,))
    loader = [(X[i : i + 50], y[i : i + 50]) for i in range(0, 400, 50)]
    model = models.MLP((32,))
    return model, torch.optim.Adam(model.parameters(), lr=1e-3), loader


def test_lr_range_test_leaves_model_optimizer_and_rng_untouched():
    model, opt, loader = _range_setup()
    before = [p.detach().clone() for p in model.parameters()]
    opt_state = opt.state_dict()
    rng = torch.get_rng_state()
    result = lr_range_test(model, opt, torch.nn.CrossEntropyLoss(), loader, num_steps=60)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
    assert opt.state_dict() == opt_state and opt.param_groups[0]["lr"] == 1e-3
    assert torch.equal(torch.get_rng_state(), rng)
    assert all(p.grad is None for p in model.parameters())
    assert result.lrs[0] == 1e-7


def test_lr_range_test_lrs_are_geometric_and_it_stops_on_divergence():
    model, opt, loader = _range_setup()
    r = lr_range_test(model, opt, torch.nn.CrossEntropyLoss(), loader, start_lr=1e-4, end_lr=1e2, num_steps=100)
    factor = (1e2 / 1e-4) ** (1 / 99)  # hand computation: 100 points from 1e-4 to 1e2
    assert r.lrs[:3] == pytest.approx([1e-4, 1e-4 * factor, 1e-4 * factor**2], rel=1e-12)
    assert r.diverged and len(r.lrs) < 100  # Adam at lr ~ 1e2 blows the loss up: the test stops early
    assert r.losses[-1] > 4 * min(r.losses)
    assert r.lrs[0] <= r.suggestion <= r.lrs[-1] and r.reason
    calm = lr_range_test(model, opt, torch.nn.CrossEntropyLoss(), loader, start_lr=1e-6, end_lr=1e-4, num_steps=30)
    assert not calm.diverged and len(calm.lrs) == 30 and calm.lrs[-1] == pytest.approx(1e-4)


def test_lr_range_test_bad_arguments():
    model, opt, loader = _range_setup()
    with pytest.raises(ValueError, match="start_lr"):
        lr_range_test(model, opt, torch.nn.CrossEntropyLoss(), loader, start_lr=1.0, end_lr=0.1)
    with pytest.raises(ValueError, match="num_steps"):
        lr_range_test(model, opt, torch.nn.CrossEntropyLoss(), loader, num_steps=3)


def test_lr_range_test_raw_losses_are_the_hand_run_losses_and_losses_their_ema():
    model, opt, loader = _range_setup()
    trial = copy.deepcopy(model)  # a hand-run loop on the same start: same weights, a fresh Adam, the same batches
    hand_opt = torch.optim.Adam(trial.parameters(), lr=1e-3)
    start, end, n = 1e-4, 1e-1, 20
    r = lr_range_test(model, opt, torch.nn.CrossEntropyLoss(), loader, start_lr=start, end_lr=end, num_steps=n)
    hand = []
    for step in range(n):
        X, y = loader[step % len(loader)]
        for group in hand_opt.param_groups:
            group["lr"] = start * (end / start) ** (step / (n - 1))
        loss = torch.nn.functional.cross_entropy(trial(X), y)
        hand_opt.zero_grad(set_to_none=True)
        loss.backward()
        hand_opt.step()
        hand.append(loss.item())
    assert not r.diverged and len(r.raw_losses) == len(r.losses) == n
    assert r.raw_losses == pytest.approx(hand, rel=1e-5)
    avg, ema = 0.0, []  # hand computation: EMA with beta 0.98, divided by 1 - 0.98**(k+1) (bias correction)
    for k, raw in enumerate(r.raw_losses):
        avg = 0.98 * avg + 0.02 * raw
        ema.append(avg / (1 - 0.98 ** (k + 1)))
    assert r.losses == pytest.approx(ema, rel=1e-12)
    # (0.02 * x) / 0.02 need not give x back exactly in floating point: compare the first value up to rounding
    assert r.losses[0] == pytest.approx(r.raw_losses[0], rel=1e-12) and r.losses[-1] != r.raw_losses[-1]
