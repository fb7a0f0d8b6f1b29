"""Learning rate 도구: 스케줄 미리 보기(``lr_trace``)와 LR range test(``lr_range_test``).

둘 다 일회용 복사본에서 돌기 때문에 실제 모델과 optimizer는 건드리지 않는다.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn
from torch.optim.lr_scheduler import LRScheduler, ReduceLROnPlateau

__all__ = ["LRRangeResult", "lr_range_test", "lr_trace"]


def lr_trace(
    scheduler: type | Callable[[torch.optim.Optimizer], Any],
    steps: int,
    lr: float = 0.001,
    metrics: Sequence[float] | None = None,
    **kwargs: Any,
) -> list[float]:
    """scheduler가 ``steps`` 번의 epoch(또는 step) 동안 쓸 LR 목록을 돌려준다. 실제 모델/optimizer는 건드리지 않는다.

    ``result[i]`` 는 i번째 epoch(또는 step)에 적용되는 LR이다 (그 뒤 ``scheduler.step()``).

    Args:
        scheduler: scheduler 클래스(예: ``StepLR``) + ``kwargs``, 또는 ``optimizer -> scheduler`` 함수.
        steps: 몇 번 step할지 (epoch 단위면 epoch 수, batch 단위면 epoch 수 × step 수).
        lr: 초기 learning rate.
        metrics: ``ReduceLROnPlateau`` 에 매 step 넘길 값(예: validation loss), 길이 ``steps``.

    Example:
        >>> lr_trace(torch.optim.lr_scheduler.StepLR, 4, lr=0.1, step_size=2, gamma=0.5)
        [0.1, 0.1, 0.05, 0.05]
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps는 1 이상의 정수여야 합니다 (받은 값: {steps!r}).")
    # 파라미터 하나짜리 일회용 optimizer: momentum이 있어야 OneCycleLR의 momentum cycling도 동작한다
    param = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([param], lr=lr, momentum=0.9)
    if isinstance(scheduler, type):
        if not issubclass(scheduler, (LRScheduler, ReduceLROnPlateau)):
            raise TypeError(f"scheduler에는 torch.optim.lr_scheduler의 클래스가 와야 합니다 (받은 값: {scheduler!r}).")
        sched = scheduler(opt, **kwargs)
    elif callable(scheduler):
        if kwargs:
            raise TypeError("scheduler에 함수를 넘길 때는 추가 인자를 함수 안에서 지정하세요.")
        sched = scheduler(opt)
    else:
        raise TypeError(f"scheduler에는 클래스나 optimizer를 받는 함수가 와야 합니다 (받은 값: {scheduler!r}).")
    plateau = isinstance(sched, ReduceLROnPlateau)
    if plateau and (metrics is None or len(metrics) < steps):
        raise ValueError("ReduceLROnPlateau에는 steps 개의 metrics(예: epoch별 validation loss)가 필요합니다.")
    lrs = []
    for i in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()  # 순서: optimizer.step() 다음 scheduler.step() (반대면 PyTorch가 경고)
        if plateau:
            sched.step(metrics[i])
        elif i < steps - 1:  # 마지막 step 뒤의 LR은 쓰이지 않는다 (OneCycleLR은 초과 step에서 오류)
            sched.step()
    return lrs


@dataclass
class LRRangeResult:
    """LR range test의 결과: 시도한 LR, 그때의 smoothed loss, 제안 LR과 그 이유, step마다의 raw loss.

    ``losses`` 는 ``raw_losses`` 의 지수 이동 평균(치우침 보정)이다. 평균이 지난 약 ``1 / (1 - smooth)`` step을
    섞으므로 smoothed 곡선은 raw 곡선보다 늦게(오른쪽으로 밀려) 움직인다.
    """

    lrs: list[float]
    losses: list[float]
    suggestion: float
    reason: str
    diverged: bool
    raw_losses: list[float] = field(default_factory=list)


def lr_range_test(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    loss_fn: Any,
    train_loader: Iterable,
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_steps: int = 200,
    smooth: float = 0.98,
    diverge_factor: float = 4.0,
    device: str | torch.device = "cpu",
) -> LRRangeResult:
    """LR을 step마다 지수적으로 키우며 mini-batch loss를 기록한다 (Smith 2017, fast.ai의 LR finder).

    모델과 optimizer의 **복사본**으로 돌기 때문에 원래 모델의 가중치와 optimizer 상태는 그대로다.
    (batch 순서에 쓰는 전역 난수 상태도 끝나면 되돌린다.) loss가 최저값의 ``diverge_factor`` 배를 넘으면 멈춘다.

    제안값: smoothed loss가 가장 가파르게 내려가는 LR과 smoothed loss 최저 LR의 1/10 중 작은 값.
    ``smooth`` 는 지수 이동 평균의 β다: ``avg = smooth * avg + (1 - smooth) * loss`` 를 ``1 - smooth ** (step + 1)`` 로
    나눠 초기 0의 치우침을 보정한 값이 ``losses``, 평균하기 전의 mini-batch loss가 ``raw_losses`` 다.
    """
    if not 0 < start_lr < end_lr:
        raise ValueError(f"0 < start_lr < end_lr 이어야 합니다 (받은 값: {start_lr!r}, {end_lr!r}).")
    if isinstance(num_steps, bool) or not isinstance(num_steps, int) or num_steps < 10:
        raise ValueError(f"num_steps는 10 이상의 정수여야 합니다 (받은 값: {num_steps!r}).")
    rng = torch.get_rng_state()
    device = torch.device(device)
    trial = copy.deepcopy(model).to(device)
    opt = type(optimizer)(trial.parameters(), **optimizer.defaults)  # 상태 없는 같은 종류의 optimizer
    factor = (end_lr / start_lr) ** (1 / (num_steps - 1))
    lrs: list[float] = []
    losses: list[float] = []
    raw_losses: list[float] = []
    avg, best, diverged = 0.0, math.inf, False
    trial.train()
    try:
        step = 0
        while step < num_steps and not diverged:
            for X, y in train_loader:
                lr = start_lr * factor**step
                for group in opt.param_groups:
                    group["lr"] = lr
                loss = loss_fn(trial(X.to(device)), y.to(device))
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                raw = loss.item()
                avg = smooth * avg + (1 - smooth) * raw
                smoothed = avg / (1 - smooth ** (step + 1))  # 초기 0에서 시작한 평균의 치우침 보정
                lrs.append(lr)
                losses.append(smoothed)
                raw_losses.append(raw)
                best = min(best, smoothed)
                step += 1
                if not math.isfinite(smoothed) or smoothed > diverge_factor * best:
                    diverged = True
                if diverged or step >= num_steps:
                    break
    finally:
        torch.set_rng_state(rng)
    suggestion, reason = _suggest(lrs, losses)
    return LRRangeResult(lrs, losses, suggestion, reason, diverged, raw_losses)


def _suggest(lrs: list[float], losses: list[float]) -> tuple[float, str]:
    finite = [(lr, loss) for lr, loss in zip(lrs, losses, strict=True) if math.isfinite(loss)]
    if len(finite) < 3:
        raise ValueError("LR range test에서 유한한 loss가 너무 적습니다: start_lr을 낮추세요.")
    lr_min, _ = min(finite, key=lambda t: t[1])
    log_lr = [math.log10(lr) for lr, _ in finite]
    slopes = [
        (finite[i + 1][1] - finite[i - 1][1]) / (log_lr[i + 1] - log_lr[i - 1]) for i in range(1, len(finite) - 1)
    ]
    i_steep = min(range(len(slopes)), key=slopes.__getitem__) + 1
    lr_steep = finite[i_steep][0]
    if lr_steep <= lr_min / 10:
        return (
            lr_steep,
            f"smoothed loss가 가장 가파르게 내려가는 곳 (lr {lr_steep:.1e}; smoothed loss 최저는 lr {lr_min:.1e})",
        )
    return lr_min / 10, f"smoothed loss가 가장 낮은 lr {lr_min:.1e}의 1/10 (가장 가파른 곳 {lr_steep:.1e}보다 보수적)"
