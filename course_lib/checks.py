"""fit의 인자와 첫 batch를 확인한다: 틀리면 깊은 torch traceback 대신 무엇이 틀렸는지 말하는 ValueError/TypeError."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.optim.lr_scheduler import CyclicLR, OneCycleLR, ReduceLROnPlateau

__all__ = [
    "MODES",
    "check_first_batch",
    "check_fit_args",
    "check_min_delta",
    "check_onecycle",
    "check_pair",
    "check_patience",
    "resolve_from_logits",
    "resolve_save_path",
    "resolve_scheduler_step",
]

MODES = ("multi", "binary")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_patience(patience: Any) -> None:
    """patience는 1 이상의 정수."""
    if not _is_int(patience) or patience < 1:
        raise ValueError(f"patience는 1 이상의 정수여야 합니다 (받은 값: {patience!r}).")


def check_min_delta(min_delta: Any) -> None:
    """min_delta는 0 이상의 실수."""
    if not isinstance(min_delta, (int, float)) or isinstance(min_delta, bool) or not min_delta >= 0:
        raise ValueError(f"min_delta는 0 이상의 실수여야 합니다 (받은 값: {min_delta!r}).")


def check_fit_args(
    train_loader: Any,
    val_loader: Any,
    model: Any,
    loss_fn: Any,
    optimizer: Any,
    epochs: Any,
    *,
    early_stopping: bool,
    patience: Any,
    min_delta: Any,
    mode: Any,
    lr_scheduler: Any,
    scheduler_step: Any,
    autocast_dtype: Any,
    resume_from: Any,
) -> None:
    """학습 전에 fit의 인자를 확인한다 (fit이 인자를 확인하는 유일한 곳). 틀린 인자의 이름을 말한다."""
    if mode not in MODES:
        raise ValueError(f"mode는 'multi' 또는 'binary'여야 합니다 (받은 값: {mode!r}).")
    if not _is_int(epochs) or epochs < 1:
        raise ValueError(f"epochs는 1 이상의 정수여야 합니다 (받은 값: {epochs!r}, {type(epochs).__name__}).")
    if early_stopping:
        check_patience(patience)
    check_min_delta(min_delta)
    if resume_from is not None and (not isinstance(resume_from, (str, os.PathLike)) or str(resume_from) == ""):
        raise ValueError(f"resume_from은 상태 파일의 경로(str 또는 Path)여야 합니다 (받은 값: {resume_from!r}).")
    if not isinstance(model, nn.Module):
        raise TypeError(f"model은 torch.nn.Module이어야 합니다 (받은 값: {type(model).__name__}).")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn은 호출할 수 있는 loss 함수여야 합니다 (받은 값: {type(loss_fn).__name__}).")
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer는 torch.optim.Optimizer여야 합니다 (받은 값: {type(optimizer).__name__}).")
    for name, loader in (("train_loader", train_loader), ("val_loader", val_loader)):
        if not isinstance(loader, Iterable):
            raise TypeError(
                f"{name}은(는) (X, y) batch를 내는 iterable이어야 합니다 (받은 값: {type(loader).__name__})."
            )
        if hasattr(loader, "__len__") and len(loader) == 0:
            raise ValueError(f"{name}이(가) 비어 있습니다 (batch 0개). 데이터셋과 batch_size를 확인하세요.")
    if scheduler_step not in (None, "epoch", "batch"):
        raise ValueError(f"scheduler_step은 'epoch' 또는 'batch'여야 합니다 (받은 값: {scheduler_step!r}).")
    if lr_scheduler is not None:
        if not hasattr(lr_scheduler, "step"):
            raise TypeError(
                f"lr_scheduler는 torch.optim.lr_scheduler의 객체여야 합니다 (받은 값: {type(lr_scheduler).__name__})."
            )
        if getattr(lr_scheduler, "optimizer", optimizer) is not optimizer:
            raise ValueError(
                "lr_scheduler가 fit에 넘긴 optimizer가 아닌 다른 optimizer에 연결되어 있습니다. "
                "같은 optimizer로 scheduler를 만드세요."
            )
        if isinstance(lr_scheduler, ReduceLROnPlateau) and scheduler_step == "batch":
            raise ValueError(
                "ReduceLROnPlateau는 epoch마다 validation loss로 step해야 합니다: "
                "scheduler_step='batch'는 쓸 수 없습니다."
            )
    if autocast_dtype not in (None, torch.bfloat16, torch.float16):
        raise ValueError(
            f"autocast_dtype은 None, torch.bfloat16, torch.float16 중 하나여야 합니다 (받은 값: {autocast_dtype!r})."
        )


def resolve_from_logits(mode: str, loss_fn: Any, from_logits: bool | None) -> bool:
    """binary mode에서 모델 출력이 logit(경계 0)인지 확률(경계 0.5)인지 정한다. multi mode는 항상 logit."""
    if mode == "multi":
        return True
    if from_logits is not None:
        return bool(from_logits)
    if isinstance(loss_fn, nn.BCEWithLogitsLoss):
        return True
    if isinstance(loss_fn, nn.BCELoss):
        return False
    raise ValueError(
        "mode='binary'에서 loss_fn이 BCEWithLogitsLoss/BCELoss가 아니면 모델 출력이 logit인지 확률인지 알 수 없습니다. "
        "from_logits=True(logit, 경계 0) 또는 False(확률, 경계 0.5)를 지정하세요."
    )


def resolve_save_path(
    path: Any, model: nn.Module, *, name: str = "save_model_path", optional: bool = False
) -> Path | None:
    """저장 경로를 확인한다. None이면 ``models/<모델 클래스 이름>.pth`` (``optional`` 이면 None 그대로)."""
    if path is None and optional:
        return None
    if path is None:
        path = Path("models") / f"{type(model).__name__}.pth"
    if not isinstance(path, (str, os.PathLike)) or str(path) == "":
        raise ValueError(f"{name}는 파일 경로(str 또는 Path)여야 합니다 (받은 값: {path!r}).")
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{name}={str(path)!r}는 폴더입니다. 파일 경로(예: {path / 'best_model.pth'})를 주세요.")
    return path


def resolve_scheduler_step(lr_scheduler: Any, scheduler_step: str | None) -> str:
    """scheduler를 batch마다 step할지 epoch마다 step할지: OneCycleLR/CyclicLR은 batch, 나머지는 epoch."""
    if scheduler_step is not None:
        return scheduler_step
    return "batch" if isinstance(lr_scheduler, (OneCycleLR, CyclicLR)) else "epoch"


def check_onecycle(lr_scheduler: Any, epochs: int, steps: int | None) -> None:
    """OneCycleLR이 남은 step보다 많이 step되지 않는지 학습 전에 확인한다 (PyTorch는 도중에 오류를 낸다)."""
    if isinstance(lr_scheduler, OneCycleLR) and steps is not None:
        remaining = lr_scheduler.total_steps - lr_scheduler.last_epoch
        if epochs * steps > remaining:
            raise ValueError(
                f"OneCycleLR의 남은 step 수({remaining})가 epochs × batch 수"
                f"({epochs} × {steps} = {epochs * steps})보다 적습니다. "
                "OneCycleLR(optimizer, max_lr, epochs=epochs, steps_per_epoch=len(train_loader))로 만드세요."
            )


def check_pair(X: Any, y: Any) -> None:
    """loader가 같은 샘플 수의 (X, y) tensor 쌍을 내는지 확인한다."""
    if not isinstance(X, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError(f"loader는 (X, y) tensor 쌍을 내야 하는데 ({type(X).__name__}, {type(y).__name__})를 냈습니다.")
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(f"batch의 X {tuple(X.shape)}와 y {tuple(y.shape)}의 샘플 수가 다릅니다.")


def _check_multi(y: torch.Tensor, pred: torch.Tensor) -> None:
    if pred.ndim != 2 or pred.shape[1] < 2:
        raise ValueError(
            f"mode='multi'인데 모델 출력 shape가 {tuple(pred.shape)}입니다. (B, 클래스 수) 여야 합니다. "
            "출력이 하나뿐인 이진 분류라면 mode='binary'를 쓰세요."
        )
    if y.dtype.is_floating_point or y.dtype == torch.bool:
        raise TypeError(
            f"mode='multi'의 레이블 y는 정수(클래스 번호, torch.int64)여야 하는데 {y.dtype}입니다. y.long()을 쓰세요."
        )
    if y.ndim != 1:
        raise ValueError(f"mode='multi'의 레이블 y는 (B,) shape여야 하는데 {tuple(y.shape)}입니다.")
    lo, hi = int(y.min()), int(y.max())
    if lo < 0 or hi >= pred.shape[1]:
        raise ValueError(
            f"레이블 범위 {lo}..{hi}가 모델 출력의 클래스 수 {pred.shape[1]}(0..{pred.shape[1] - 1})를 벗어납니다."
        )


def _check_binary(y: torch.Tensor, pred: torch.Tensor) -> None:
    if not (pred.ndim == 1 or (pred.ndim == 2 and pred.shape[1] == 1)):
        raise ValueError(
            f"mode='binary'인데 모델 출력 shape가 {tuple(pred.shape)}입니다. (B,) 또는 (B, 1)이어야 합니다. "
            "여러 클래스라면 mode='multi'를 쓰세요."
        )
    if pred.shape != y.shape:
        raise ValueError(
            f"mode='binary'에서 모델 출력 {tuple(pred.shape)}과 레이블 y {tuple(y.shape)}의 shape가 다릅니다. "
            "예: y를 y.float().unsqueeze(1)로 (B, 1)로 맞추세요."
        )
    bad = y[(y != 0) & (y != 1)]
    if bad.numel():
        raise ValueError(f"mode='binary'의 레이블은 0 또는 1이어야 하는데 {bad[:5].tolist()} 같은 값이 있습니다.")
    if not y.dtype.is_floating_point:
        raise TypeError(
            f"mode='binary'의 레이블 y는 float여야 합니다 (BCE loss). 지금은 {y.dtype}: y.float()을 쓰세요."
        )


def check_first_batch(y: torch.Tensor, pred: torch.Tensor, mode: str) -> None:
    """첫 batch에서 모델 출력과 레이블의 shape/dtype이 mode에 맞는지 확인한다."""
    if pred.ndim == 0 or pred.shape[0] != y.shape[0]:
        raise ValueError(f"모델 출력 {tuple(pred.shape)}의 batch 크기가 y {tuple(y.shape)}와 다릅니다.")
    (_check_multi if mode == "multi" else _check_binary)(y, pred)
