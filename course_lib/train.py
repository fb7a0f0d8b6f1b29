"""학습 루프 ``fit()``.

매 epoch: 학습 → train/validation 평가 → scheduler → 기록 → 체크포인트 → early stopping.
"""

from __future__ import annotations

import copy
import math
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.optim.lr_scheduler import ReduceLROnPlateau

from . import checks, settings
from .checkpoint import load_training_state, save_checkpoint, save_training_state
from .epoch import EVAL_BATCH_SIZE, evaluate, train_one_epoch
from .history import EpochResult, History
from .models import count_parameters
from .progress import Reporter

__all__ = ["EVAL_BATCH_SIZE", "EarlyStopping", "History", "TrainingInterrupted", "evaluate", "fit", "train_one_epoch"]


class TrainingInterrupted(KeyboardInterrupt):
    """Stop(KeyboardInterrupt)으로 fit이 멈췄다. 셀 전체가 멈추고, 그때까지의 History는 ``.history`` 에 있다."""

    def __init__(self, history: History) -> None:
        super().__init__(f"epoch {history.epochs_run}까지 끝난 뒤 중단됨")
        self.history = history


class EarlyStopping:
    """값(validation loss)이 patience번 연속 좋아지지 않으면 멈추라고 알려 주는 작은 상태 기계. 파일 I/O 없음.

    ``patience=None`` 이면 멈추라고 하지 않고 최고 기록만 추적한다.
    """

    def __init__(self, patience: int | None = 10, min_delta: float = 0.0) -> None:
        if patience is not None:
            checks.check_patience(patience)
        if not isinstance(min_delta, (int, float)) or isinstance(min_delta, bool) or min_delta < 0:
            raise ValueError(f"min_delta는 0 이상의 실수여야 합니다 (받은 값: {min_delta!r}).")
        self.patience = patience
        self.min_delta = float(min_delta)
        self.best = math.inf
        self.counter = 0  # 좋아지지 않은 epoch이 연속 몇 번인지

    def update(self, value: float) -> bool:
        """새 값을 넣는다. 최고 기록보다 min_delta 넘게 좋아지면 True."""
        if value < self.best - self.min_delta:
            self.best = value
            self.counter = 0
            return True
        self.counter += 1
        return False

    @property
    def should_stop(self) -> bool:
        """patience번 연속 개선이 없었으면 True."""
        return self.patience is not None and self.counter >= self.patience

    def state_dict(self) -> dict[str, float | int]:
        """이어서 학습할 때 필요한 상태."""
        return {"best": self.best, "counter": self.counter}

    def load_state_dict(self, state: dict[str, float | int]) -> None:
        """``state_dict()`` 로 저장한 상태를 되돌린다."""
        self.best, self.counter = float(state["best"]), int(state["counter"])


def _on_device(loader: Iterable, device: torch.device) -> Iterable:
    """GPU/MPS에서는 ``to(device)`` 를 제공하는 loader(InMemoryLoader)의 데이터를 device로 옮긴다."""
    move = getattr(loader, "to", None)
    return move(device) if device.type != "cpu" and callable(move) else loader


class _Run:
    """fit 한 번의 설정: 한 epoch을 돌리고, scheduler를 step하고, 파일을 쓴다."""

    def __init__(
        self,
        model,
        loss_fn,
        optimizer,
        lr_scheduler,
        *,
        device,
        mode,
        from_logits,
        autocast_dtype,
        step_unit,
        train_loader,
        val_loader,
        best_path,
        last_path,
        restore_best,
    ) -> None:
        self.model, self.loss_fn, self.optimizer, self.scheduler = model, loss_fn, optimizer, lr_scheduler
        # GPU: the in-memory data moves to the device once, so no batch needs a host-to-device copy
        self.train_loader, self.val_loader = _on_device(train_loader, device), _on_device(val_loader, device)
        self.best_path, self.last_path, self.restore_best = best_path, last_path, restore_best
        self.step_unit, self.device = step_unit, device
        self.eval_kw = dict(device=device, mode=mode, from_logits=from_logits, autocast_dtype=autocast_dtype)
        self.train_kw = dict(
            device=device,
            mode=mode,
            autocast_dtype=autocast_dtype,
            batch_scheduler=lr_scheduler if step_unit == "batch" else None,
        )
        self.steps = len(train_loader) if hasattr(train_loader, "__len__") else 0
        self.best_state: dict[str, torch.Tensor] | None = None
        self.setup = {
            "model": type(model).__name__,
            "n_params": count_parameters(model),
            "optimizer": type(optimizer).__name__,
            "scheduler": type(lr_scheduler).__name__ if lr_scheduler is not None else None,
            "loss_fn": type(loss_fn).__name__,
            "mode": mode,
        }

    def epoch(self, epoch: int, out: Reporter) -> tuple[EpochResult, float]:
        """학습 → train set 평가(eval mode) → validation 평가. (결과, 학습 중 loss)를 돌려준다."""
        t0 = time.perf_counter()
        lr = self.optimizer.param_groups[0]["lr"]
        running = train_one_epoch(
            self.train_loader, self.model, self.loss_fn, self.optimizer, on_batch=out.batch_done, **self.train_kw
        )
        # train 지표도 eval mode로 다시 계산한다 (원래 자료와 같음: dropout 없이 측정한 정확한 값)
        train_loss, train_acc = evaluate(self.train_loader, self.model, self.loss_fn, **self.eval_kw)
        val_loss, val_acc = evaluate(self.val_loader, self.model, self.loss_fn, **self.eval_kw)
        seconds = time.perf_counter() - t0
        return EpochResult(epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds), running

    def step_scheduler(self, val_loss: float) -> None:
        """epoch 단위 scheduler를 step한다 (ReduceLROnPlateau에는 validation loss를 넘긴다)."""
        if self.scheduler is None or self.step_unit != "epoch":
            return
        if isinstance(self.scheduler, ReduceLROnPlateau):
            self.scheduler.step(val_loss)
        else:
            self.scheduler.step()

    def save_best(self, r: EpochResult, history: History) -> str:
        """최고 기록을 갱신했을 때: best 가중치를 저장(파일 그리고/또는 메모리)하고 epoch 줄에 붙일 말을 돌려준다."""
        if self.restore_best:
            self.best_state = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
        if self.best_path is None:
            return " | best"
        save_checkpoint(
            self.best_path,
            self.model,
            self.optimizer,
            self.scheduler,
            epoch=r.epoch,
            metric=r.val_loss,
            val_acc=r.val_acc,
            history=history.to_dict(),
        )
        return " | best 저장"

    def save_last(self, history: History, stopper: EarlyStopping) -> None:
        """이어서 학습할 수 있도록 이번 epoch 끝의 모든 상태를 저장한다 (last_checkpoint_path가 있을 때)."""
        if self.last_path is not None:
            save_training_state(
                self.last_path,
                model=self.model,
                optimizer=self.optimizer,
                scheduler=self.scheduler,
                history=history.to_dict(),
                stopper=stopper.state_dict(),
                setup=self.setup,
            )

    def plan(self, history: History, epochs: int, resumed: bool, out: Reporter) -> tuple[int, int]:
        """(이미 끝낸 epoch 수, 이번에 끝낼 epoch 번호)를 정하고 History에 적는다. 끝난 학습이면 둘이 같다.

        ``resume_from`` 이면 epochs는 전체 epoch 수, ``history=`` 면 그 뒤로 더 할 epoch 수다.
        """
        start = history.epochs_run
        offset = 0 if resumed else start
        total = offset + settings.effective_epochs(epochs, notice=out.say)
        history.epochs_requested, history.device = offset + epochs, str(self.device)
        history.checkpoint_path = str(self.best_path) if self.best_path else None
        if start >= total or history.stop_reason in ("early_stopping", "non_finite"):
            out.say(f"이미 끝난 학습입니다 ({history.stop_reason}, epoch {start}/{total}): 더 학습하지 않습니다.")
            return start, start
        checks.check_onecycle(self.scheduler, total - start, self.steps if self.step_unit == "batch" else None)
        return start, total

    def begin(self, history: History | None, resume_from: Any, stopper: EarlyStopping, out: Reporter) -> History:
        """새 History를 만들거나, 이전 History(``history=``) 또는 상태 파일(``resume_from=``)에서 이어 간다."""
        if resume_from is not None and history is not None:
            raise ValueError("history와 resume_from은 함께 쓸 수 없습니다: 이어서 학습하려면 resume_from만 주세요.")
        if history is not None and not isinstance(history, History):
            raise TypeError(f"history는 이어서 학습할 History여야 합니다 (받은 값: {type(history).__name__}).")
        if resume_from is not None and Path(resume_from).is_file():
            state = load_training_state(
                resume_from, model=self.model, optimizer=self.optimizer, scheduler=self.scheduler, setup=self.setup
            )
            stopper.load_state_dict(state["stopper"])
            history = History.from_dict(state["history"])
            out.say(f"{resume_from} 에서 이어서 학습합니다 (epoch {history.epochs_run}까지 끝난 상태).")
            return history
        if resume_from is not None:
            out.say(f"{resume_from} 이(가) 아직 없어 처음부터 학습합니다.")
        if history is None:
            return History(model_name=self.setup["model"], n_params=self.setup["n_params"])
        history = copy.deepcopy(history)  # 넘겨받은 History는 바꾸지 않는다
        history.stop_reason = "completed"
        stopper.best = history.best_val_loss
        stopper.counter = history.epochs_run - (history.best_epoch or 0)
        return history


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
    min_delta: float = 0.0,
    restore_best: bool = False,
    from_logits: bool | None = None,
    autocast_dtype: torch.dtype | None = None,
    verbose: bool = True,
    progress: bool | None = None,
    live_plot: bool = False,
    last_checkpoint_path: str | os.PathLike | None = None,
    resume_from: str | os.PathLike | None = None,
    history: History | None = None,
) -> History:
    """모델을 epochs번 학습하고 epoch별 기록(History)을 돌려준다.

    매 epoch: 학습 → train set 평가(eval mode) → validation 평가 → scheduler step → 기록 → 체크포인트 → early stopping.
    결과는 ``train_loss, train_acc, val_loss, val_acc = fit(...)`` 로 풀 수도 있다.

    Args:
        save_best_model: validation loss가 가장 낮을 때마다 best 체크포인트를 저장한다.
        save_model_path: best 체크포인트 경로. None이면 ``models/<모델 클래스 이름>.pth`` (폴더는 자동 생성).
        early_stopping: validation loss가 ``patience`` epoch 연속 ``min_delta`` 넘게 좋아지지 않으면 멈춘다.
        device: None이면 ``settings.get_device()`` (CUDA → MPS → CPU, smoke mode는 CPU).
        mode: 'multi'(다중 분류, CrossEntropyLoss) 또는 'binary'(이진 분류, BCEWithLogitsLoss/BCELoss).
        lr_scheduler: epoch마다 step (ReduceLROnPlateau는 validation loss로). OneCycleLR/CyclicLR은 batch마다.
        scheduler_step: 'epoch' 또는 'batch'로 step 단위를 직접 지정.
        restore_best: 끝날 때 모델을 best epoch의 가중치로 되돌린다.
        from_logits: binary mode에서 출력이 logit인지(경계 0) 확률인지(경계 0.5). None이면 loss_fn으로 판단.
        autocast_dtype: 예: ``torch.bfloat16`` 이면 autocast로 학습/평가한다 (기본: fp32).
        progress: epoch 안의 진행률 표시 (None: 노트북/터미널이면 표시).
        live_plot: 노트북에서 loss/accuracy 곡선을 epoch마다 제자리에서 다시 그린다 (노트북 밖에서는 아무것도 안 함).
            한 번 그리는 데 0.2초쯤 걸리므로 epoch이 짧으면 2초에 한 번만 그리고, 끝날 때 마지막 epoch까지 그린다.
        last_checkpoint_path: 매 epoch 끝에 이어서 학습하는 데 필요한 모든 상태를 이 파일에 쓴다 (best와 별개).
        resume_from: 이 상태 파일이 있으면 거기서 이어 간다 (``epochs`` 는 전체 epoch 수). 없으면 처음부터.
        history: (옛 방식) 이전 History에 이어 붙여 epochs번 더 학습한다. 정확히 이어 가려면 resume_from을 쓴다.

    Stop(KeyboardInterrupt)을 누르면 셀 전체가 멈춘다: ``TrainingInterrupted`` 가 그때까지의 History를 ``.history`` 로
    들고 올라가고, 이미 쓴 체크포인트는 그대로 남는다.
    """
    checks.check_fit_args(train_loader, val_loader, model, loss_fn, optimizer, epochs, early_stopping=early_stopping,
                          patience=patience, mode=mode, lr_scheduler=lr_scheduler, scheduler_step=scheduler_step,
                          autocast_dtype=autocast_dtype)  # fmt: skip
    device = settings.get_device(device)
    run = _Run(model.to(device), loss_fn, optimizer, lr_scheduler, device=device, mode=mode,
               from_logits=checks.resolve_from_logits(mode, loss_fn, from_logits), autocast_dtype=autocast_dtype,
               step_unit=checks.resolve_scheduler_step(lr_scheduler, scheduler_step), train_loader=train_loader,
               val_loader=val_loader, restore_best=restore_best,
               best_path=checks.resolve_save_path(save_model_path, model) if save_best_model else None,
               last_path=checks.resolve_save_path(last_checkpoint_path, model, name="last_checkpoint_path",
                                                  optional=True))  # fmt: skip
    stopper = EarlyStopping(patience if early_stopping else None, min_delta)
    out = Reporter(verbose, progress, live_plot)
    history = run.begin(history, resume_from, stopper, out)
    start, total = run.plan(history, epochs, resume_from is not None, out)
    try:
        for epoch in range(start + 1, total + 1):
            out.start_epoch(epoch, total, run.steps)
            result, running = run.epoch(epoch, out)  # train, then evaluate train and validation in eval mode
            finite = all(math.isfinite(v) for v in (running, result.train_loss, result.val_loss))
            if finite:
                run.step_scheduler(result.val_loss)
            improved = finite and stopper.update(result.val_loss)
            history.record(result, improved)
            note = run.save_best(result, history) if improved else ""
            history.stop_reason = (
                "non_finite" if not finite else "early_stopping" if stopper.should_stop else "completed"
            )
            run.save_last(history, stopper)
            out.end_epoch(result, total, note, history)
            if history.stop_reason != "completed":
                out.stopped(
                    history.stop_reason, epoch, patience, running if not math.isfinite(running) else result.val_loss
                )
                break
    except KeyboardInterrupt:
        history.stop_reason = "interrupted"
        out.interrupted(history, run.last_path)
        raise TrainingInterrupted(history) from None
    if run.best_state is not None:
        model.load_state_dict(run.best_state)
        out.say(f"best epoch {history.best_epoch}의 가중치로 모델을 되돌렸습니다.")
    out.finished(history, start, run.best_path)
    return history
