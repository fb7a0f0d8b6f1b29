"""한 epoch의 두 단계: 학습(``train_one_epoch``)과 평가(``evaluate``). 둘 다 샘플 단위 평균을 낸다."""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import torch
from torch import nn

from . import checks

__all__ = ["EVAL_BATCH_SIZE", "correct_per_sample", "evaluate", "model_device", "train_one_epoch"]

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


def _correct_mask(pred: torch.Tensor, y: torch.Tensor, mode: str, from_logits: bool) -> torch.Tensor:
    """샘플마다 맞혔는지 (B,) bool."""
    if mode == "multi":
        return pred.argmax(dim=-1) == y
    label = pred > 0 if from_logits else pred >= 0.5  # binary: logit이면 0, 확률이면 0.5가 경계
    return (label.reshape(y.shape).to(y.dtype) == y).reshape(len(y), -1).all(1)


def model_device(model: nn.Module) -> torch.device:
    """모델의 가중치(없으면 buffer)가 있는 device. 가중치가 하나도 없으면 CPU."""
    for t in itertools.chain(model.parameters(), model.buffers()):
        return t.device
    return torch.device("cpu")


# PyTorch가 입력의 shape/dtype이 모델과 맞지 않을 때 내는 RuntimeError 문구들 (그 밖의 오류는 그대로 올린다)
_INPUT_ERROR = re.compile(r"shape|size mismatch|sizes? of tensors|dimension|dtype|scalar type|channels", re.I)


def _forward_first(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """첫 batch의 forward: 입력 shape/dtype 오류만 무엇이 틀렸는지 말하는 ValueError로 바꾼다.

    메모리 부족(OutOfMemoryError) 같은 다른 RuntimeError는 바꾸지 않고 그대로 올린다.
    """
    try:
        return model(X)
    except RuntimeError as err:
        if isinstance(err, torch.OutOfMemoryError) or not _INPUT_ERROR.search(str(err)):
            raise
        raise ValueError(f"입력 X {tuple(X.shape)}, dtype {X.dtype}를 모델에 넣지 못했습니다: {err}") from err


def train_one_epoch(
    dataloader: Iterable,
    model: nn.Module,
    loss_fn: Any,
    optimizer: torch.optim.Optimizer,
    *,
    device: str | torch.device | None = None,
    mode: str = "multi",
    batch_scheduler: Any = None,
    autocast_dtype: torch.dtype | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> float:
    """한 epoch 학습하고, 학습 중 batch loss의 샘플 평균을 돌려준다 (NaN 감지용).

    Args:
        device: 배치를 옮길 device. None이면 모델이 있는 device.
        batch_scheduler: batch마다 step할 scheduler (OneCycleLR 등). epoch 단위 scheduler는 fit이 다룬다.
        on_batch: batch를 하나 끝낼 때마다 끝낸 batch 수로 부른다 (진행률 표시).
    """
    device = model_device(model) if device is None else torch.device(device)
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


def _predictions(
    dataloader: Iterable, model: nn.Module, device: str | torch.device | None, autocast_dtype: torch.dtype | None = None
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """평가 한 바퀴: eval mode, ``inference_mode``, 큰 평가 batch로 (예측(float32), 레이블)을 batch마다 낸다."""
    device = model_device(model) if device is None else torch.device(device)
    model.eval()
    with torch.inference_mode():
        for X, y in _eval_batches(dataloader):
            X, y = X.to(device, non_blocking=True), y.to(device, non_blocking=True)
            with _autocast(device, autocast_dtype):
                pred = model(X).float()
            yield pred, y


def evaluate(
    dataloader: Iterable,
    model: nn.Module,
    loss_fn: Any,
    *,
    device: str | torch.device | None = None,
    mode: str = "multi",
    from_logits: bool = True,
    autocast_dtype: torch.dtype | None = None,
) -> tuple[float, float]:
    """eval mode에서 (loss, accuracy)를 샘플 평균으로 계산한다 (배치 평균의 평균이 아님).

    ``device`` 가 None이면 모델이 있는 device에서 평가한다. loss의 합은 Python float(배정밀도)로 쌓는다:
    device 위에는 float64 tensor를 만들지 않는다 (Apple Silicon의 MPS에는 float64가 없다).
    """
    loss_total = 0.0  # 평가 batch는 크고(2,000장) 몇 개 안 되므로 batch마다 .item()으로 꺼내도 느려지지 않는다
    correct, n = 0, 0
    for pred, y in _predictions(dataloader, model, device, autocast_dtype):
        loss_total += _loss_sum(loss_fn(pred, y), len(y), loss_fn).item()
        correct += _correct_mask(pred, y, mode, from_logits).sum()
        n += len(y)
    if n == 0:
        raise ValueError("평가할 loader가 batch를 하나도 내지 않았습니다 (비어 있음).")
    return loss_total / n, int(correct) / n


def correct_per_sample(
    dataloader: Iterable,
    model: nn.Module,
    *,
    device: str | torch.device | None = None,
    mode: str = "multi",
    from_logits: bool = True,
) -> torch.Tensor:
    """eval mode에서 샘플마다 맞혔는지(bool, CPU, loader 순서)를 돌려준다: ``stats.paired_bootstrap`` 의 입력.

    평균을 내면 ``evaluate`` 의 accuracy와 같다. 평가 loader는 섞지 않으므로 두 모델의 결과를 이미지별로 짝지을 수 있다.
    """
    parts = [_correct_mask(pred, y, mode, from_logits).cpu() for pred, y in _predictions(dataloader, model, device)]
    if not parts:
        raise ValueError("평가할 loader가 batch를 하나도 내지 않았습니다 (비어 있음).")
    return torch.cat(parts)
