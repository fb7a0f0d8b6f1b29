"""Learning rate 스케줄 미리 보기: 일회용 optimizer로 scheduler를 돌려 LR 변화만 기록한다."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch.optim.lr_scheduler import LRScheduler, ReduceLROnPlateau

__all__ = ["lr_trace"]


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
