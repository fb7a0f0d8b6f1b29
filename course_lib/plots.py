"""그래프: 데이터를 받아 그리고 Axes를 돌려준다. 파일 저장(savefig)은 부르는 쪽이 정한다.

그래프 안의 글자는 영어로 쓴다 (한글 글꼴이 없는 환경에서도 깨지지 않도록).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes

from .train import History

__all__ = ["compare_histories", "plot_history", "plot_lr", "show_images"]

_METRIC_LABELS = {
    "train_loss": "Train loss",
    "val_loss": "Validation loss",
    "train_acc": "Train accuracy",
    "val_acc": "Validation accuracy",
    "lr": "Learning rate",
    "gap": "Train acc - Validation acc",
}


def _epochs(values: Sequence[float]) -> np.ndarray:
    return np.arange(1, len(values) + 1)


def plot_history(history: History, axes: Sequence[Axes] | None = None, title: str | None = None) -> Sequence[Axes]:
    """loss와 accuracy를 train/validation으로 나란히 그리고 best epoch을 점선으로 표시한다."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for ax, kind in zip(axes, ("loss", "acc")):
        ax.plot(_epochs(history.val_loss), getattr(history, f"train_{kind}"), "o-", ms=3, label="Train")
        ax.plot(_epochs(history.val_loss), getattr(history, f"val_{kind}"), "o-", ms=3, label="Validation")
        if history.best_epoch:
            ax.axvline(history.best_epoch, color="gray", ls=":", label=f"best epoch {history.best_epoch}")
        ax.set_xlabel("Epoch")
        ax.set_title(("Loss" if kind == "loss" else "Accuracy") + (f" - {title}" if title else ""))
        ax.grid(True, ls=":")
        ax.legend()
    return axes


def plot_lr(lrs: Sequence[float], title: str = "Learning rate", ax: Axes | None = None,
            xlabel: str = "Epoch", label: str | None = None) -> Axes:
    """learning rate 변화(예: ``lr_trace()`` 결과나 ``history.lr``)를 그린다. x축은 0부터."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4), layout="constrained")
    ax.plot(np.arange(len(lrs)), list(lrs), label=label)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("LR")
    ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))
    ax.grid(True, ls=":")
    if label:
        ax.legend()
    return ax


def compare_histories(histories: Mapping[str, History], metric: str = "val_acc", ax: Axes | None = None,
                      title: str | None = None) -> Axes:
    """여러 실험의 같은 지표(val_acc, val_loss, train_loss, train_acc, lr, gap)를 한 그래프에 겹쳐 그린다.

    ``gap`` 은 epoch별 train accuracy − validation accuracy (``History.gap``)다.
    """
    if metric not in _METRIC_LABELS:
        raise ValueError(f"metric은 {list(_METRIC_LABELS)} 중 하나여야 합니다 (받은 값: {metric!r}).")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    for name, h in histories.items():
        values = getattr(h, metric)
        ax.plot(_epochs(values), values, "o-", ms=3, label=name)
    if metric == "gap":
        ax.axhline(0, color="gray", lw=0.8)
    ax.set_xlabel("Epoch")
    ax.set_ylabel(_METRIC_LABELS[metric])
    ax.set_title(title or _METRIC_LABELS[metric])
    ax.grid(True, ls=":")
    ax.legend()
    return ax


def show_images(images: torch.Tensor, labels: Sequence[Any] | torch.Tensor, preds: Sequence[Any] | torch.Tensor | None = None,
                ncols: int = 8, axes: Any = None) -> Any:
    """(N, 1, 28, 28) 이미지를 격자로 보여 준다. 제목은 정답(과 예측, 틀리면 빨간색)."""
    n = len(images)
    nrows = max(1, -(-n // ncols))
    if axes is None:
        _, axes = plt.subplots(nrows, ncols, figsize=(1.4 * ncols, 1.6 * nrows), layout="constrained")
    flat = np.atleast_1d(axes).ravel()
    for i, ax in enumerate(flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i].detach().reshape(28, 28).cpu().numpy(), cmap="gray_r")
        label = int(labels[i])
        if preds is None:
            ax.set_title(f"{label}", fontsize=10)
        else:
            pred = int(preds[i])
            ax.set_title(f"{label} / pred {pred}", fontsize=9, color="black" if pred == label else "red")
    return axes
