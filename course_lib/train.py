"""학습 루프: ``fit()`` 이 매 epoch 학습 → train/validation 평가 → scheduler → checkpoint → early stopping 순서로 진행한다."""

from __future__ import annotations

import contextlib
import copy
import math
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.optim.lr_scheduler import CyclicLR, OneCycleLR, ReduceLROnPlateau

from . import settings
from .checkpoint import save_checkpoint
from .data import InMemoryLoader
from .models import count_parameters
from .progress import EpochProgress

__all__ = ["EVAL_BATCH_SIZE", "EarlyStopping", "History", "evaluate", "fit", "train_one_epoch"]

#: 평가할 때 쓰는 배치 크기 (InMemoryLoader일 때). eval mode에서는 결과가 배치 크기와 무관하다.
EVAL_BATCH_SIZE = 2000

_MODES = ("multi", "binary")


@dataclass
class History:
    """epoch별 기록. ``train_loss, train_acc, val_loss, val_acc = history`` 처럼 원래 자료 방식으로 풀 수도 있다."""

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)  # 각 epoch을 시작할 때의 learning rate
    epoch_time: list[float] = field(default_factory=list)  # 각 epoch에 걸린 초 (학습 + 평가)
    best_epoch: int | None = None  # validation loss가 가장 낮았던 epoch (1부터)
    stop_reason: str = "completed"  # completed | early_stopping | non_finite | interrupted
    epochs_requested: int = 0
    model_name: str = ""
    n_params: int = 0
    checkpoint_path: str | None = None
    device: str = ""

    def __iter__(self) -> Iterator[list[float]]:
        return iter((self.train_loss, self.train_acc, self.val_loss, self.val_acc))

    def __getitem__(self, index: int) -> list[float]:
        return (self.train_loss, self.train_acc, self.val_loss, self.val_acc)[index]

    @property
    def epochs_run(self) -> int:
        """실제로 끝낸 epoch 수."""
        return len(self.val_loss)

    @property
    def total_time(self) -> float:
        """학습에 걸린 총 초."""
        return float(sum(self.epoch_time))

    @property
    def gap(self) -> list[float]:
        """epoch별 train accuracy − validation accuracy (eval mode로 잰 값; 클수록 overfitting)."""
        return [t - v for t, v in zip(self.train_acc, self.val_acc)]

    @property
    def best_val_loss(self) -> float:
        """가장 낮았던 validation loss."""
        return self.val_loss[self.best_epoch - 1] if self.best_epoch else math.inf

    @property
    def best_val_acc(self) -> float:
        """best epoch의 validation accuracy."""
        return self.val_acc[self.best_epoch - 1] if self.best_epoch else math.nan

    def to_dict(self) -> dict[str, Any]:
        """JSON/체크포인트에 담을 수 있는 dict (float, int, str만)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> History:
        """``to_dict()`` 의 결과로 History를 다시 만든다."""
        return cls(**d)


class EarlyStopping:
    """값(validation loss)이 patience번 연속 좋아지지 않으면 멈추라고 알려 주는 작은 상태 기계. 파일 I/O 없음."""

    def __init__(self, patience: int = 10, min_delta: float = 0.0) -> None:
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 1:
            raise ValueError(f"patience는 1 이상의 정수여야 합니다 (받은 값: {patience!r}).")
        if min_delta < 0:
            raise ValueError(f"min_delta는 0 이상이어야 합니다 (받은 값: {min_delta!r}).")
        self.patience = patience
        self.min_delta = min_delta
        self.best = math.inf
        self.counter = 0  # 좋아지지 않은 epoch이 연속 몇 번인지

    def update(self, value: float) -> bool:
        """새 값을 넣는다. 최고 기록을 갱신하면 True."""
        if value < self.best - self.min_delta:
            self.best = value
            self.counter = 0
            return True
        self.counter += 1
        return False

    @property
    def should_stop(self) -> bool:
        """patience번 연속 개선이 없었으면 True."""
        return self.counter >= self.patience


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
    # binary: logits면 0, 확률이면 0.5가 경계
    label = pred > 0 if from_logits else pred >= 0.5
    return (label.reshape(y.shape).to(y.dtype) == y).sum()


def _check_batch(X: Any, y: Any, pred: torch.Tensor, mode: str) -> None:
    """첫 batch에서 shape/dtype을 확인해 깊은 torch traceback 대신 무엇이 틀렸는지 알려 준다."""
    if pred.ndim == 0 or pred.shape[0] != y.shape[0]:
        raise ValueError(f"모델 출력 {tuple(pred.shape)}의 batch 크기가 y {tuple(y.shape)}와 다릅니다.")
    if mode == "multi":
        if pred.ndim != 2 or pred.shape[1] < 2:
            raise ValueError(
                f"mode='multi'인데 모델 출력 shape가 {tuple(pred.shape)}입니다. (B, 클래스 수) 여야 합니다. "
                "출력이 하나뿐인 이진 분류라면 mode='binary'를 쓰세요."
            )
        if y.dtype.is_floating_point or y.dtype == torch.bool:
            raise TypeError(f"mode='multi'의 레이블 y는 정수(클래스 번호, torch.int64)여야 하는데 {y.dtype}입니다. y.long()을 쓰세요.")
        if y.ndim != 1:
            raise ValueError(f"mode='multi'의 레이블 y는 (B,) shape여야 하는데 {tuple(y.shape)}입니다.")
        lo, hi = int(y.min()), int(y.max())
        if lo < 0 or hi >= pred.shape[1]:
            raise ValueError(f"레이블 범위 {lo}..{hi}가 모델 출력의 클래스 수 {pred.shape[1]}(0..{pred.shape[1] - 1})를 벗어납니다.")
    else:
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
            raise TypeError(f"mode='binary'의 레이블 y는 float여야 합니다 (BCE loss). 지금은 {y.dtype}: y.float()을 쓰세요.")


def _check_pair(X: Any, y: Any) -> None:
    if not isinstance(X, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError(f"loader는 (X, y) tensor 쌍을 내야 하는데 ({type(X).__name__}, {type(y).__name__})를 냈습니다.")
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(f"batch의 X {tuple(X.shape)}와 y {tuple(y.shape)}의 샘플 수가 다릅니다.")


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
    device: str | torch.device = "cpu",
    mode: str = "multi",
    batch_scheduler: Any = None,
    autocast_dtype: torch.dtype | None = None,
    progress: EpochProgress | None = None,
) -> float:
    """한 epoch 학습하고, 학습 중 batch loss의 샘플 평균을 돌려준다 (NaN 감지용).

    Args:
        batch_scheduler: batch마다 step할 scheduler (OneCycleLR 등). epoch 단위 scheduler는 fit이 다룬다.
    """
    device = torch.device(device)
    model.train()
    total = torch.zeros((), device=device)  # 동기화 없이 device 위에서 누적
    n = 0
    for i, (X, y) in enumerate(dataloader):
        if i == 0:
            _check_pair(X, y)
        X, y = X.to(device, non_blocking=True), y.to(device, non_blocking=True)
        with _autocast(device, autocast_dtype):
            pred = _forward_first(model, X) if i == 0 else model(X)
        pred = pred.float()
        if i == 0:
            _check_batch(X, y, pred, mode)
        loss = loss_fn(pred, y)
        if loss.ndim != 0:
            raise ValueError(f"loss_fn이 scalar가 아닌 {tuple(loss.shape)}를 돌려줍니다. reduction='mean'(기본값)을 쓰세요.")
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if batch_scheduler is not None:
            batch_scheduler.step()  # optimizer.step() 다음에
        total += _loss_sum(loss, len(y), loss_fn)
        n += len(y)
        if progress is not None:
            progress.update(i + 1)
    if n == 0:
        raise ValueError("train loader가 batch를 하나도 내지 않았습니다 (비어 있음).")
    return (total / n).item()


def evaluate(
    dataloader: Iterable,
    model: nn.Module,
    loss_fn: Any,
    device: str | torch.device = "cpu",
    mode: str = "multi",
    from_logits: bool = True,
    autocast_dtype: torch.dtype | None = None,
) -> tuple[float, float]:
    """eval mode에서 (loss, accuracy)를 샘플 평균으로 계산한다 (배치 평균의 평균이 아님)."""
    device = torch.device(device)
    model.eval()
    batches = dataloader.batches(EVAL_BATCH_SIZE, shuffle=False) if isinstance(dataloader, InMemoryLoader) else dataloader
    loss_total = torch.zeros((), device=device, dtype=torch.float64)
    correct = torch.zeros((), device=device, dtype=torch.int64)
    n = 0
    with torch.inference_mode():
        for X, y in batches:
            X, y = X.to(device, non_blocking=True), y.to(device, non_blocking=True)
            with _autocast(device, autocast_dtype):
                pred = model(X)
            pred = pred.float()
            loss_total += _loss_sum(loss_fn(pred, y), len(y), loss_fn)
            correct += _batch_correct(pred, y, mode, from_logits)
            n += len(y)
    if n == 0:
        raise ValueError("평가할 loader가 batch를 하나도 내지 않았습니다 (비어 있음).")
    return loss_total.item() / n, correct.item() / n


def _resolve_from_logits(loss_fn: Any, from_logits: bool | None) -> bool:
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


def _validate(train_loader, val_loader, model, loss_fn, optimizer, epochs, early_stopping, patience,
              mode, lr_scheduler, scheduler_step, autocast_dtype) -> None:
    """학습 전에 인자를 확인한다: 틀리면 인자 이름을 말하는 ValueError/TypeError."""
    if mode not in _MODES:
        raise ValueError(f"mode는 'multi' 또는 'binary'여야 합니다 (받은 값: {mode!r}).")
    if isinstance(epochs, bool) or not isinstance(epochs, int):
        raise ValueError(f"epochs는 1 이상의 정수여야 합니다 (받은 값: {epochs!r}, {type(epochs).__name__}).")
    if epochs < 1:
        raise ValueError(f"epochs는 1 이상의 정수여야 합니다 (받은 값: {epochs!r}).")
    if early_stopping and (isinstance(patience, bool) or not isinstance(patience, int) or patience < 1):
        raise ValueError(f"patience는 1 이상의 정수여야 합니다 (받은 값: {patience!r}).")
    if not isinstance(model, nn.Module):
        raise TypeError(f"model은 torch.nn.Module이어야 합니다 (받은 값: {type(model).__name__}).")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn은 호출할 수 있는 loss 함수여야 합니다 (받은 값: {type(loss_fn).__name__}).")
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer는 torch.optim.Optimizer여야 합니다 (받은 값: {type(optimizer).__name__}).")
    for name, loader in (("train_loader", train_loader), ("val_loader", val_loader)):
        if not isinstance(loader, Iterable):
            raise TypeError(f"{name}은(는) (X, y) batch를 내는 iterable이어야 합니다 (받은 값: {type(loader).__name__}).")
        if hasattr(loader, "__len__") and len(loader) == 0:
            raise ValueError(f"{name}이(가) 비어 있습니다 (batch 0개). 데이터셋과 batch_size를 확인하세요.")
    if scheduler_step not in (None, "epoch", "batch"):
        raise ValueError(f"scheduler_step은 'epoch' 또는 'batch'여야 합니다 (받은 값: {scheduler_step!r}).")
    if lr_scheduler is not None:
        if not hasattr(lr_scheduler, "step"):
            raise TypeError(f"lr_scheduler는 torch.optim.lr_scheduler의 객체여야 합니다 (받은 값: {type(lr_scheduler).__name__}).")
        if getattr(lr_scheduler, "optimizer", optimizer) is not optimizer:
            raise ValueError("lr_scheduler가 fit에 넘긴 optimizer가 아닌 다른 optimizer에 연결되어 있습니다. 같은 optimizer로 scheduler를 만드세요.")
        if isinstance(lr_scheduler, ReduceLROnPlateau) and scheduler_step == "batch":
            raise ValueError("ReduceLROnPlateau는 epoch마다 validation loss로 step해야 합니다: scheduler_step='batch'는 쓸 수 없습니다.")
    if autocast_dtype not in (None, torch.bfloat16, torch.float16):
        raise ValueError(f"autocast_dtype은 None, torch.bfloat16, torch.float16 중 하나여야 합니다 (받은 값: {autocast_dtype!r}).")


def _check_onecycle(lr_scheduler: Any, epochs: int, steps: int | None) -> None:
    if isinstance(lr_scheduler, OneCycleLR) and steps is not None:
        remaining = lr_scheduler.total_steps - lr_scheduler.last_epoch
        if epochs * steps > remaining:
            raise ValueError(
                f"OneCycleLR의 남은 step 수({remaining})가 epochs × batch 수({epochs} × {steps} = {epochs * steps})보다 적습니다. "
                "OneCycleLR(optimizer, max_lr, epochs=epochs, steps_per_epoch=len(train_loader))로 만드세요."
            )


def fit(
    train_loader: Iterable,
    val_loader: Iterable,
    model: nn.Module,
    loss_fn: Any,
    optimizer: torch.optim.Optimizer,
    epochs: int,
    save_best_model: bool = True,
    save_model_path: str | os.PathLike | None = None,
    early_stopping: bool = True,
    patience: int = 10,
    device: str | torch.device | None = None,
    mode: str = "multi",
    lr_scheduler: Any = None,
    *,
    scheduler_step: str | None = None,
    restore_best: bool = False,
    from_logits: bool | None = None,
    autocast_dtype: torch.dtype | None = None,
    verbose: bool = True,
    progress: bool | None = None,
    history: History | None = None,
) -> History:
    """모델을 epochs번 학습하고 epoch별 기록(History)을 돌려준다.

    매 epoch: 학습 → train set 평가(eval mode) → validation 평가 → scheduler step → best 저장 → early stopping.
    결과는 ``train_loss, train_acc, val_loss, val_acc = fit(...)`` 로 풀 수도 있다.

    Args:
        save_best_model: validation loss가 가장 낮을 때마다 체크포인트를 저장한다.
        save_model_path: 저장 경로. None이면 ``models/<모델 클래스 이름>.pth`` (폴더는 자동 생성).
        early_stopping: validation loss가 ``patience`` epoch 연속 좋아지지 않으면 멈춘다.
        device: None이면 ``settings.get_device()`` (CUDA → MPS → CPU, smoke mode는 CPU).
        mode: 'multi'(다중 분류, CrossEntropyLoss) 또는 'binary'(이진 분류, BCEWithLogitsLoss/BCELoss).
        lr_scheduler: epoch마다 step (ReduceLROnPlateau는 validation loss로). OneCycleLR/CyclicLR은 batch마다.
        scheduler_step: 'epoch' 또는 'batch'로 step 단위를 직접 지정.
        restore_best: 끝날 때 모델을 best epoch의 가중치로 되돌린다.
        from_logits: binary mode에서 출력이 logit인지(경계 0) 확률인지(경계 0.5). None이면 loss_fn으로 판단.
        autocast_dtype: 예: ``torch.bfloat16`` 이면 autocast로 학습/평가한다 (기본: fp32).
        progress: epoch 안의 진행률 표시 (None: 노트북/터미널이면 표시).
        history: 이어서 학습할 때 이전 History (예: 체크포인트의 ``extra['history']``). epoch 번호와
            best 기록이 이어지고, 돌려주는 History는 그 복사본에 이번 epoch들을 덧붙인 것이다.

    중간에 Ctrl-C(노트북의 Stop)를 누르면 그때까지의 History를 돌려준다 (stop_reason='interrupted').
    """
    _validate(train_loader, val_loader, model, loss_fn, optimizer, epochs, early_stopping, patience,
              mode, lr_scheduler, scheduler_step, autocast_dtype)
    if mode == "binary":
        from_logits = _resolve_from_logits(loss_fn, from_logits)
    else:
        from_logits = True
    path: Path | None = None
    if save_best_model:
        if save_model_path is None:
            save_model_path = Path("models") / f"{type(model).__name__}.pth"
        if not isinstance(save_model_path, (str, os.PathLike)) or str(save_model_path) == "":
            raise ValueError(f"save_model_path는 파일 경로(str 또는 Path)여야 합니다 (받은 값: {save_model_path!r}).")
        path = Path(save_model_path)
        if path.is_dir():
            raise ValueError(f"save_model_path={str(path)!r}는 폴더입니다. 파일 경로(예: {path / 'best_model.pth'})를 주세요.")
    if scheduler_step is None:
        scheduler_step = "batch" if isinstance(lr_scheduler, (OneCycleLR, CyclicLR)) else "epoch"
    steps = len(train_loader) if hasattr(train_loader, "__len__") else None

    epochs_requested = epochs
    epochs = settings.effective_epochs(epochs)
    _check_onecycle(lr_scheduler, epochs, steps if scheduler_step == "batch" else None)

    device = settings.get_device(device)
    model = model.to(device)
    if history is None:
        history = History(model_name=type(model).__name__, n_params=count_parameters(model))
    elif not isinstance(history, History):
        raise TypeError(f"history는 이어서 학습할 History여야 합니다 (받은 값: {type(history).__name__}).")
    else:
        history = copy.deepcopy(history)
        history.stop_reason = "completed"
    start = history.epochs_run  # 이어서 학습하면 epoch 번호가 이어진다
    history.epochs_requested = start + epochs_requested
    history.checkpoint_path = str(path) if path else None
    history.device = str(device)
    best_loss = history.best_val_loss
    stopper = EarlyStopping(patience) if early_stopping else None
    if stopper is not None:
        stopper.best = best_loss
    best_state: dict[str, torch.Tensor] | None = None
    bar = EpochProgress(progress) if verbose else None
    batch_scheduler = lr_scheduler if scheduler_step == "batch" else None

    try:
        for epoch in range(start + 1, start + epochs + 1):
            t0 = time.perf_counter()
            lr = optimizer.param_groups[0]["lr"]
            if bar is not None:
                bar.start(f"Epoch[{epoch}/{start + epochs}]", steps or 0)
            running = train_one_epoch(train_loader, model, loss_fn, optimizer, device, mode,
                                      batch_scheduler, autocast_dtype, bar)
            # train 지표도 eval mode로 다시 계산한다 (원래 자료와 같음: dropout 없이 측정한 정확한 값)
            train_loss, train_acc = evaluate(train_loader, model, loss_fn, device, mode, from_logits, autocast_dtype)
            val_loss, val_acc = evaluate(val_loader, model, loss_fn, device, mode, from_logits, autocast_dtype)
            finite = all(math.isfinite(v) for v in (running, train_loss, val_loss))

            if lr_scheduler is not None and scheduler_step == "epoch" and finite:
                if isinstance(lr_scheduler, ReduceLROnPlateau):
                    lr_scheduler.step(val_loss)
                else:
                    lr_scheduler.step()

            history.train_loss.append(train_loss)
            history.train_acc.append(train_acc)
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
            history.lr.append(lr)
            improved = finite and val_loss < best_loss
            note = ""
            if improved:
                best_loss = val_loss
                history.best_epoch = epoch
                if restore_best:
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            history.epoch_time.append(time.perf_counter() - t0)
            if improved and path is not None:
                # History까지 담아 두면 나중에 이어서 학습할 때 곡선도 이어진다
                save_checkpoint(path, model, optimizer, lr_scheduler, epoch=epoch, metric=val_loss,
                                val_acc=val_acc, history=history.to_dict())
                note = " | best 저장"
            elif improved:
                note = " | best"
            if bar is not None:
                bar.done(
                    f"Epoch[{epoch}/{start + epochs}] - Train loss: {train_loss:.5f} Train Accuracy: {train_acc:.5f} "
                    f"|| Validation loss: {val_loss:.5f} Validation Accuracy: {val_acc:.5f} "
                    f"| lr: {lr:.2e} | {history.epoch_time[-1]:.1f}s{note}"
                )
            if not finite:
                history.stop_reason = "non_finite"
                print(f"loss가 {running if not math.isfinite(running) else val_loss}(이)가 되어 학습을 멈춥니다. "
                      "learning rate가 너무 크지 않은지 확인하세요. 저장된 best 체크포인트는 그대로입니다.")
                break
            if stopper is not None:
                stopper.update(val_loss)
                if stopper.should_stop:
                    history.stop_reason = "early_stopping"
                    if verbose:
                        print(f"Early stopping: validation loss가 {patience} epoch 연속 좋아지지 않아 epoch {epoch}에서 멈춥니다.")
                    break
    except KeyboardInterrupt:
        if bar is not None:
            bar.abort()
        history.stop_reason = "interrupted"
        print(f"중단됨(KeyboardInterrupt): 끝난 {history.epochs_run} epoch의 기록을 돌려줍니다. 저장된 best 체크포인트는 그대로입니다.")

    if restore_best and best_state is not None:
        model.load_state_dict(best_state)
        if verbose:
            print(f"best epoch {history.best_epoch}의 가중치로 모델을 되돌렸습니다.")
    if verbose:
        best = (f"best epoch {history.best_epoch}: val loss {history.best_val_loss:.5f}, val acc {history.best_val_acc:.5f}"
                if history.best_epoch else "best epoch 없음")
        saved = f" | checkpoint: {path}" if path is not None and history.best_epoch else ""
        print(f"학습 종료({history.stop_reason}): {history.epochs_run - start} epoch, "
              f"{sum(history.epoch_time[start:]):.1f}초 | {best}{saved}")
    return history
