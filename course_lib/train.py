"""학습 루프 ``fit()``: 00 노트북 8절이 설명하는 한 epoch의 순서 그대로, 번호 붙은 단계로 읽힌다.

한 epoch: 1 학습 → 2 train set 평가 → 3 validation 평가 → 4 scheduler → 5 기록 → 6 best checkpoint →
7 early stopping 판단 → 8 이어서 학습할 상태 저장 → 9 화면에 한 줄. 화면에 쓰는 문자열은 모두 ``progress.Reporter`` 에,
인자 확인은 모두 ``checks`` 에, 파일 형식은 ``checkpoint`` 에 있다.
"""

from __future__ import annotations

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
from .checkpoint import load_training_state, run_setup, save_checkpoint, save_training_state
from .epoch import EVAL_BATCH_SIZE, evaluate, train_one_epoch
from .history import EpochResult, History
from .progress import Reporter

__all__ = ["EVAL_BATCH_SIZE", "EarlyStopping", "History", "TrainingInterrupted", "evaluate", "fit", "train_one_epoch"]


class TrainingInterrupted(KeyboardInterrupt):
    """Stop(KeyboardInterrupt)으로 fit이 멈췄다. 셀 전체가 멈추고, 그때까지의 History는 ``.history`` 에 있다."""

    def __init__(self, history: History) -> None:
        super().__init__(f"epoch {history.epochs_run}까지 끝난 뒤 중단됨")
        self.history = history


class EarlyStopping:
    """validation loss의 최저 기록과, 멈출 때가 되었는지를 추적하는 작은 상태 기계. 파일 I/O 없음.

    - ``update(value)`` 는 value가 지금까지의 **최저** 이면 True: best epoch(best checkpoint)은 언제나 가장 낮은 값이다.
    - 멈추는 규칙: 마지막 '의미 있는 개선'(그때의 기준보다 ``min_delta`` 넘게 낮아짐) 뒤로 ``patience`` 번 연속 그런
      개선이 없으면 ``should_stop``. ``min_delta`` 는 언제 멈출지만 정하고, 어느 epoch이 best인지는 바꾸지 않는다.
    - ``patience=None`` 이면 멈추라고 하지 않고 최저 기록만 추적한다.
    """

    def __init__(self, patience: int | None = 10, min_delta: float = 0.0) -> None:
        if patience is not None:
            checks.check_patience(patience)
        checks.check_min_delta(min_delta)
        self.patience = patience
        self.min_delta = float(min_delta)
        self.best = math.inf  # 지금까지의 최저값 (best epoch의 값)
        self.reference = math.inf  # 마지막 '의미 있는 개선' 때의 값: 다음 개선은 이보다 min_delta 넘게 낮아야 한다
        self.counter = 0  # 의미 있는 개선이 없었던 epoch이 연속 몇 번인지

    def update(self, value: float) -> bool:
        """새 값을 넣는다. 지금까지의 최저이면 True (min_delta와 무관)."""
        if value < self.reference - self.min_delta:
            self.reference = value
            self.counter = 0
        else:
            self.counter += 1
        if value < self.best:
            self.best = value
            return True
        return False

    @property
    def should_stop(self) -> bool:
        """patience번 연속 의미 있는 개선이 없었으면 True."""
        return self.patience is not None and self.counter >= self.patience

    def state_dict(self) -> dict[str, float | int]:
        """이어서 학습할 때 필요한 상태."""
        return {"best": self.best, "reference": self.reference, "counter": self.counter}

    def load_state_dict(self, state: dict[str, float | int]) -> None:
        """``state_dict()`` 로 저장한 상태를 되돌린다."""
        self.best, self.counter = float(state["best"]), int(state["counter"])
        self.reference = float(state.get("reference", self.best))


def _on_device(loader: Iterable, device: torch.device) -> Iterable:
    """GPU/MPS에서는 ``to(device)`` 를 제공하는 loader(InMemoryLoader)의 데이터를 device로 옮긴다."""
    move = getattr(loader, "to", None)
    return move(device) if device.type != "cpu" and callable(move) else loader


def _step_scheduler(scheduler: Any, step_unit: str, val_loss: float) -> None:
    """epoch 단위 scheduler를 step한다 (ReduceLROnPlateau에는 validation loss를 넘긴다). batch 단위는 학습 중에."""
    if scheduler is None or step_unit != "epoch":
        return
    if isinstance(scheduler, ReduceLROnPlateau):
        scheduler.step(val_loss)
    else:
        scheduler.step()


def _copy_weights(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


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
) -> History:
    """모델을 ``epochs`` 번 학습하고 epoch별 기록(History)을 돌려준다.

    매 epoch: 학습 → train set 평가(eval mode) → validation 평가 → scheduler step → 기록 → best checkpoint →
    early stopping 판단 → 이어서 학습할 상태 저장 → 한 줄 출력. 결과는 ``train_loss, train_acc, val_loss, val_acc =
    fit(...)`` 로 풀 수도 있다. 앞의 13개 인자는 원래 자료의 순서 그대로 위치로 줄 수 있고, 나머지는 이름으로만 준다.

    Args:
        train_loader: 학습 데이터. ``(X, y)`` batch를 내는 iterable (``data.load_mnist_splits`` 의 loader 등).
        val_loader: 평가 데이터 (validation set). best epoch과 early stopping은 이 loss로 정한다.
        model: 학습할 ``nn.Module``. ``device`` 로 옮겨진다.
        loss_fn: loss 함수 (예: ``nn.CrossEntropyLoss()``). reduction은 'mean'(기본), 'sum', 'none' 모두 된다.
        optimizer: ``model`` 의 파라미터로 만든 ``torch.optim`` optimizer.
        epochs: 학습할 전체 epoch 수 (``resume_from`` 으로 이어서 할 때도 전체 수). smoke mode에서는 2로 줄인다.
        save_best_model: validation loss가 지금까지 가장 낮을 때마다 best 체크포인트를 저장한다.
        save_model_path: best 체크포인트 경로. None이면 ``models/<모델 클래스 이름>.pth`` (폴더는 자동 생성).
        early_stopping: validation loss가 ``patience`` epoch 연속 ``min_delta`` 넘게 좋아지지 않으면 멈춘다.
        patience: early stopping이 기다리는 epoch 수 (1 이상).
        device: None이면 ``settings.get_device()`` (CUDA → MPS → CPU, smoke mode는 CPU).
        mode: 'multi'(다중 분류, CrossEntropyLoss) 또는 'binary'(이진 분류, BCEWithLogitsLoss/BCELoss).
        lr_scheduler: epoch마다 step (ReduceLROnPlateau는 validation loss로). OneCycleLR/CyclicLR은 batch마다.
        scheduler_step: 'epoch' 또는 'batch'로 step 단위를 직접 지정 (None이면 위 규칙).
        min_delta: early stopping에서 '좋아졌다'로 칠 최소 개선 폭. 언제 멈출지만 바꾸고, best epoch과
            best 체크포인트는 언제나 validation loss가 가장 낮은 epoch이다.
        restore_best: 끝날 때 모델을 best epoch의 가중치로 되돌린다 (이어서 학습한 경우에도).
        from_logits: binary mode에서 출력이 logit인지(경계 0) 확률인지(경계 0.5). None이면 loss_fn으로 판단.
        autocast_dtype: 예: ``torch.bfloat16`` 이면 autocast로 학습/평가한다 (기본: fp32).
        verbose: False면 아무것도 출력하지 않는다 (멈춘 이유는 ``History.stop_reason`` 에 남는다).
        progress: epoch 안의 진행률 표시 (None: 노트북/터미널이면 표시).
        live_plot: 노트북에서 loss/accuracy 곡선을 epoch마다 제자리에서 다시 그린다 (노트북 밖에서는 아무것도 안 함).
            한 번 그리는 데 0.2초쯤 걸리므로 epoch이 짧으면 2초에 한 번만 그리고, 끝날 때 마지막 epoch까지 그린다.
        last_checkpoint_path: 매 epoch 끝에 이어서 학습하는 데 필요한 모든 상태를 이 파일에 쓴다 (best와 별개).
        resume_from: 이 상태 파일이 있으면 거기서 이어 간다. 없으면 처음부터. 셀의 설정(모델의 구조, optimizer와 그
            hyperparameter, scheduler와 그 설정값, loss, mode)이 저장할 때와 다르면 무엇이 다른지 말하는
            CheckpointError로 멈춘다 (patience, min_delta는 비교하지 않는다).

    Stop(KeyboardInterrupt)을 누르면 셀 전체가 멈춘다: ``TrainingInterrupted`` 가 그때까지의 History를 ``.history`` 로
    들고 올라가고, 이미 쓴 체크포인트는 그대로 남는다.
    """
    # 0. 준비: 인자를 모두 확인한 뒤(학습 전에), device와 파일 경로를 정하고, 새로 시작하거나 상태 파일에서 이어 간다
    checks.check_fit_args(
        train_loader,
        val_loader,
        model,
        loss_fn,
        optimizer,
        epochs,
        early_stopping=early_stopping,
        patience=patience,
        min_delta=min_delta,
        mode=mode,
        lr_scheduler=lr_scheduler,
        scheduler_step=scheduler_step,
        autocast_dtype=autocast_dtype,
        resume_from=resume_from,
    )
    from_logits = checks.resolve_from_logits(mode, loss_fn, from_logits)
    step_unit = checks.resolve_scheduler_step(lr_scheduler, scheduler_step)
    best_path = checks.resolve_save_path(save_model_path, model) if save_best_model else None
    last_path = checks.resolve_save_path(last_checkpoint_path, model, name="last_checkpoint_path", optional=True)
    device = settings.get_device(device)
    model.to(device)
    # GPU: the in-memory data moves to the device once, so no batch needs a host-to-device copy
    train_data, val_data = _on_device(train_loader, device), _on_device(val_loader, device)
    steps = len(train_loader) if hasattr(train_loader, "__len__") else 0
    out = Reporter(verbose, progress, live_plot)
    stopper = EarlyStopping(patience if early_stopping else None, min_delta)
    setup = run_setup(model, optimizer, lr_scheduler, loss_fn, mode)  # 가중치를 바꾸기 전의 설정
    keep_best = restore_best or last_path is not None  # best 가중치를 메모리에 (상태 파일에도) 둔다
    history, best_weights = History(model_name=setup["model"], n_params=setup["n_params"]), None
    shuffler = getattr(train_data, "generator", None)  # paired loader: its own shuffle generator
    if resume_from is not None and Path(resume_from).is_file():
        state = load_training_state(resume_from, model=model, optimizer=optimizer, scheduler=lr_scheduler, setup=setup)
        stopper.load_state_dict(state["stopper"])
        history, best_weights = History.from_dict(state["history"]), state["best_model_state"]
        if shuffler is not None and state.get("loader_rng") is not None:
            shuffler.set_state(state["loader_rng"])
        out.resumed(resume_from, history.epochs_run)
    else:
        if shuffler is not None:
            train_data.restart(torch.initial_seed())  # a new run: the batch order of this run's seed
        if resume_from is not None:
            out.fresh_start(resume_from)
    start, total = history.epochs_run, settings.effective_epochs(epochs, notice=out.say)
    history.epochs_requested, history.device = epochs, str(device)
    history.checkpoint_path = str(best_path) if best_path else None
    if start >= total or history.stop_reason in ("early_stopping", "non_finite"):
        out.already_finished(history, total)
        total = start
    else:
        checks.check_onecycle(lr_scheduler, total - start, steps if step_unit == "batch" else None)
    eval_kw = dict(device=device, mode=mode, from_logits=from_logits, autocast_dtype=autocast_dtype)

    try:
        for epoch in range(start + 1, total + 1):
            out.start_epoch(epoch, total, steps)
            t0, lr = time.perf_counter(), optimizer.param_groups[0]["lr"]
            # 1. 학습: model.train(), 모든 batch에 forward → loss → backward → optimizer.step()
            running = train_one_epoch(
                train_data,
                model,
                loss_fn,
                optimizer,
                device=device,
                mode=mode,
                batch_scheduler=lr_scheduler if step_unit == "batch" else None,
                autocast_dtype=autocast_dtype,
                on_batch=out.batch_done,
            )
            # 2. train set 평가: eval mode로 다시 잰다 (원래 자료와 같음: dropout 없이, 이 epoch 끝의 가중치로)
            train_loss, train_acc = evaluate(train_data, model, loss_fn, **eval_kw)
            # 3. validation 평가
            val_loss, val_acc = evaluate(val_data, model, loss_fn, **eval_kw)
            seconds = time.perf_counter() - t0  # 학습 + 평가
            finite = all(math.isfinite(v) for v in (running, train_loss, val_loss))
            # 4. scheduler: epoch 단위 scheduler를 한 번 step (발산했으면 하지 않는다)
            if finite:
                _step_scheduler(lr_scheduler, step_unit, val_loss)
            # 5. 기록: 최저 validation loss이면 이 epoch이 best epoch
            result = EpochResult(epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds)
            improved = finite and stopper.update(val_loss)
            history.record(result, improved)
            # 6. best checkpoint: 최저를 갱신했으면 가중치를 저장한다 (파일, 그리고 되돌릴 때를 위해 메모리에)
            if improved and keep_best:
                best_weights = _copy_weights(model)
            if improved and best_path is not None:
                save_checkpoint(
                    best_path,
                    model,
                    optimizer,
                    lr_scheduler,
                    epoch=epoch,
                    metric=val_loss,
                    val_acc=val_acc,
                    history=history.to_dict(),
                )
            # 7. early stopping 판단: 발산했거나 patience epoch 연속 좋아지지 않았으면 이번이 마지막 epoch
            history.stop_reason = (
                "non_finite" if not finite else "early_stopping" if stopper.should_stop else "completed"
            )
            # 8. 이어서 학습할 상태: 이 epoch 끝의 모든 것 (판단까지 담아, 끝난 학습을 다시 하지 않도록)
            if last_path is not None:
                save_training_state(
                    last_path,
                    model=model,
                    optimizer=optimizer,
                    scheduler=lr_scheduler,
                    history=history.to_dict(),
                    stopper=stopper.state_dict(),
                    setup=setup,
                    best_model_state=best_weights,
                    loader_rng=shuffler.get_state() if shuffler is not None else None,
                )
            # 9. 화면: epoch 요약 한 줄 (+ 실시간 곡선), 멈추면 그 이유
            out.end_epoch(result, total, history, improved=improved, saved=improved and best_path is not None)
            if history.stop_reason != "completed":
                out.stopped(history.stop_reason, epoch, patience, running if not math.isfinite(running) else val_loss)
                break
    except KeyboardInterrupt:
        history.stop_reason = "interrupted"
        out.interrupted(history, last_path)
        raise TrainingInterrupted(history) from None
    if restore_best and history.best_epoch:
        if best_weights is not None:
            model.load_state_dict(best_weights)
        out.restored(history.best_epoch, done=best_weights is not None)
    out.finished(history, start, best_path)
    return history
