"""한 epoch의 두 단계: 학습(``train_one_epoch``)과 평가(``evaluate``). 둘 다 샘플 단위 평균을 낸다."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import nn

from . import checks

__all__ = ["EVAL_BATCH_SIZE", "evaluate", "train_one_epoch"]

#: 평가 배치 크기 (loader가 ``batches(batch_size, shuffle)`` 를 제공할 때). eval mode의 결과는 배치 크기와 무관하다.
EVAL_BATCH_SIZE = 2000


def _autocast(device: torch.device, dtype: torch.dtype | None) -> contextlib.AbstractContextManager:
    return torch.autocast(device_type=device.type, dtype=dtype) if dtype is not None else contextlib.nullcontext()


def _loss_sum(loss: torch.Tensor, n: int, loss_fn: Any) -> torch.Tensor:
    """배치 loss를 '샘플별 loss의 합'으로 바꾼다 (epoch 평균을 샘플 수로 나누기 위해)."""
    reduction = getattr(loss_fn, "reduction", "mean")
    if reduction == "sum":
        return loss.detach()
    if reduction == "none":
        return loss.detach().sum()
    return loss.detach() * n


def _batch_correct(pred: torch.Tensor, y: torch.Tensor, mode: str, from_logits: bool) -> torch.Tensor:
    if mode == "multi":
        return (pred.argmax(dim=-1) == y).sum()
    label = pred > 0 if from_logits else pred >= 0.5  # binary: logit이면 0, 확률이면 0.5가 경계
    return (label.reshape(y.shape).to(y.dtype) == y).sum()


def _forward_first(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    try:
        return model(X)
    except RuntimeError as err:
        raise ValueError(f"입력 X {tuple(X.shape)}, dtype {X.dtype}를 모델에 넣지 못했습니다: {err}") from err


def train_one_epoch(
    dataloader: Iterable,
    model: nn.Module,
    loss_fn: Any,
    optimizer: torch.optim.Optimizer,
    *,
    device: str | torch.device = "cpu",
    mode: str = "multi",
    batch_scheduler: Any = None,
    autocast_dtype: torch.dtype | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> float:
    """한 epoch 학습하고, 학습 중 batch loss의 샘플 평균을 돌려준다 (NaN 감지용).

    Args:
        batch_scheduler: batch마다 step할 scheduler (OneCycleLR 등). epoch 단위 scheduler는 fit이 다룬다.
        on_batch: batch를 하나 끝낼 때마다 끝낸 batch 수로 부른다 (진행률 표시).
    """
    device = torch.device(device)
    model.train()
    total = torch.zeros((), device=device)  # 동기화 없이 device 위에서 누적
    n = 0
    for i, (X, y) in enumerate(dataloader):
        if i == 0:
            checks.check_pair(X, y)
        X, y = X.to(device, non_blocking=True), y.to(device, non_blocking=True)
        with _autocast(device, autocast_dtype):
            pred = (_forward_first(model, X) if i == 0 else model(X)).float()
        if i == 0:
            checks.check_first_batch(y, pred, mode)
        loss = loss_fn(pred, y)
        if loss.ndim != 0:
            raise ValueError(
                f"loss_fn이 scalar가 아닌 {tuple(loss.shape)}를 돌려줍니다. reduction='mean'(기본값)을 쓰세요."
            )
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if batch_scheduler is not None:
            batch_scheduler.step()  # optimizer.step() 다음에
        total += _loss_sum(loss, len(y), loss_fn)
        n += len(y)
        if on_batch is not None:
            on_batch(i + 1)
    if n == 0:
        raise ValueError("train loader가 batch를 하나도 내지 않았습니다 (비어 있음).")
    return (total / n).item()


def _eval_batches(loader: Iterable) -> Iterable:
    """평가용 순회: loader가 ``batches(batch_size, shuffle)`` 를 제공하면 큰 배치로, 아니면 그대로 돈다."""
    batches = getattr(loader, "batches", None)
    return batches(EVAL_BATCH_SIZE, shuffle=False) if callable(batches) else loader


def evaluate(
    dataloader: Iterable,
    model: nn.Module,
    loss_fn: Any,
    *,
    device: str | torch.device = "cpu",
    mode: str = "multi",
    from_logits: bool = True,
    autocast_dtype: torch.dtype | None = None,
) -> tuple[float, float]:
    """eval mode에서 (loss, accuracy)를 샘플 평균으로 계산한다 (배치 평균의 평균이 아님)."""
    device = torch.device(device)
    model.eval()
    loss_total = torch.zeros((), device=device, dtype=torch.float64)
    correct = torch.zeros((), device=device, dtype=torch.int64)
    n = 0
    with torch.inference_mode():
        for X, y in _eval_batches(dataloader):
            X, y = X.to(device, non_blocking=True), y.to(device, non_blocking=True)
            with _autocast(device, autocast_dtype):
                pred = model(X).float()
            loss_total += _loss_sum(loss_fn(pred, y), len(y), loss_fn)
            correct += _batch_correct(pred, y, mode, from_logits)
            n += len(y)
    if n == 0:
        raise ValueError("평가할 loader가 batch를 하나도 내지 않았습니다 (비어 있음).")
    return loss_total.item() / n, correct.item() / n
