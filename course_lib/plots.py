"""그래프: 데이터를 받아 그리고 Axes를 돌려준다. 파일 저장(savefig)은 부르는 쪽이 정한다.

학습 루프나 화면 출력은 모른다 (학습 도중의 실시간 곡선 ``LivePlot`` 은 ``progress`` 에 있고, 이 모듈의
``plot_history`` 를 부른다). ``import course_lib`` 만으로는 불러오지 않고 처음 ``plots`` 를 쓸 때 불러온다.
그때 패키지에 포함된 한글 글꼴(NanumGothic)을 matplotlib에 등록하므로 제목과 축 이름을 한글로 쓸 수 있다.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .history import History, as_runs
from .korean_font import use_korean_font

__all__ = [
    "compare_histories",
    "plot_history",
    "plot_lr",
    "plot_lr_range",
    "plot_sweep",
    "show_images",
]

use_korean_font()

METRIC_LABELS = {
    "train_loss": "train loss",
    "val_loss": "검증 loss (validation)",
    "train_acc": "train accuracy",
    "val_acc": "검증 정확도 (validation accuracy)",
    "lr": "learning rate",
    "gap": "train − 검증 정확도 (gap)",
}


def _epochs(values: Sequence[float]) -> np.ndarray:
    return np.arange(1, len(values) + 1)


def plot_history(history: History, axes: Sequence[Axes] | None = None, title: str | None = None) -> Sequence[Axes]:
    """loss와 accuracy를 train/validation으로 나란히 그리고 best epoch(validation loss 최저)을 점선으로 표시한다."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for ax, kind, name in zip(axes, ("loss", "acc"), ("손실 (loss)", "정확도 (accuracy)"), strict=True):
        ax.plot(_epochs(history.val_loss), getattr(history, f"train_{kind}"), "o-", ms=3, label="train")
        ax.plot(_epochs(history.val_loss), getattr(history, f"val_{kind}"), "o-", ms=3, label="검증 (validation)")
        if history.best_epoch:
            ax.axvline(history.best_epoch, color="gray", ls=":", label=f"best epoch {history.best_epoch}")
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epoch 눈금은 정수만 (2.5 epoch은 없다)
        ax.set_ylabel(name)
        ax.set_title(name + (f" - {title}" if title else ""))
        ax.grid(True, ls=":")
        ax.legend()
    return axes


def plot_lr(
    lrs: Sequence[float],
    title: str = "learning rate",
    ax: Axes | None = None,
    xlabel: str = "epoch",
    label: str | None = None,
    steps: bool = True,
) -> Axes:
    """learning rate 변화(``lr_trace()`` 결과나 ``history.lr``)를 그린다. x축은 0부터.

    ``steps=True`` (기본)면 계단으로 그린다: LR은 한 epoch(또는 step) 동안 일정하고 경계에서만 바뀐다.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4), layout="constrained")
    ax.plot(np.arange(len(lrs)), list(lrs), label=label, drawstyle="steps-post" if steps else "default")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("learning rate")
    ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))
    ax.grid(True, ls=":")
    if label:
        ax.legend()
    return ax


def compare_histories(
    histories: Mapping[str, History | Sequence[History]],
    metric: str = "val_acc",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """여러 실험의 같은 지표(val_acc, val_loss, train_loss, train_acc, lr, gap)를 한 그래프에 겹쳐 그린다.

    실험마다 History가 여럿(seed별)이면 평균을 선으로, 최솟값~최댓값을 옅은 띠로 그린다.
    ``gap`` 은 epoch별 train accuracy − validation accuracy (``History.gap``)다.
    """
    if metric not in METRIC_LABELS:
        raise ValueError(f"metric은 {list(METRIC_LABELS)} 중 하나여야 합니다 (받은 값: {metric!r}).")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    for name, runs in histories.items():
        runs = as_runs(runs)
        n = min(len(getattr(h, metric)) for h in runs)
        values = np.array([getattr(h, metric)[:n] for h in runs])
        line = ax.plot(
            _epochs(values[0]),
            values.mean(0),
            "o-",
            ms=3,
            label=name + (f" ({len(runs)} seeds)" if len(runs) > 1 else ""),
        )
        if len(runs) > 1:
            ax.fill_between(_epochs(values[0]), values.min(0), values.max(0), color=line[0].get_color(), alpha=0.2)
    if metric == "gap":
        ax.axhline(0, color="gray", lw=0.8)
    ax.set_xlabel("epoch")
    ax.set_ylabel(METRIC_LABELS[metric])
    ax.set_title(title or METRIC_LABELS[metric])
    ax.grid(True, ls=":")
    ax.legend()
    return ax


def plot_sweep(
    xs: Sequence[float],
    values: Sequence[Sequence[float]],
    label: str | None = None,
    ax: Axes | None = None,
    logx: bool = False,
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
) -> Axes:
    """설정값(x)마다 seed별 값들을 점으로, 평균 ± 표준편차를 선과 오차 막대로 그린다."""
    if len(xs) != len(values):
        raise ValueError(f"xs({len(xs)})와 values({len(values)})의 길이가 다릅니다.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    means = [float(np.mean(v)) for v in values]
    stds = [float(np.std(v, ddof=1)) if len(v) > 1 else 0.0 for v in values]
    line = ax.errorbar(xs, means, yerr=stds, fmt="o-", capsize=3, label=label)
    for x, v in zip(xs, values, strict=True):
        ax.scatter([x] * len(v), v, s=10, alpha=0.5, color=line[0].get_color())
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, ls=":")
    if label:
        ax.legend()
    return ax


def plot_lr_range(result: Any, ax: Axes | None = None, title: str = "LR range test") -> Axes:
    """``schedules.lr_range_test`` 결과: learning rate(로그 축)에 따른 loss와 제안값.

    step마다의 raw loss(``result.raw_losses``)는 옅은 선으로, 그 지수 이동 평균(smoothed loss)은 진한 선으로 그린다.
    발산한 뒤의 raw loss는 아주 커지므로 y축 위쪽은 smoothed loss의 최댓값에 맞춰 자른다.
    ``ax`` 가 다른 축과 y축을 공유하고(``sharey=True``) 그 범위가 이미 정해져 있으면(예: 앞 패널의 ``plot_lr_range``),
    범위를 바꾸지 않고 두 범위를 모두 담도록 넓히기만 한다.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    raw = list(getattr(result, "raw_losses", None) or [])
    if raw:
        ax.plot(result.lrs, raw, color="tab:blue", alpha=0.3, lw=1, label="raw loss (batch마다)")
    ax.plot(result.lrs, result.losses, color="tab:blue", label="smoothed loss (지수 이동 평균)")
    ax.axvline(result.suggestion, color="red", ls="--", label=f"제안 lr = {result.suggestion:.1e}")
    smoothed = [v for v in result.losses if np.isfinite(v)]
    if raw and smoothed:
        top = 1.1 * max(smoothed)
        bottom = min([v for v in raw if np.isfinite(v)] + smoothed)
        lo, hi = bottom - 0.05 * (top - bottom), top
        shared = len(ax.get_shared_y_axes().get_siblings(ax)) > 1
        if shared and not ax.get_autoscaley_on():  # 공유된 y축의 범위가 이미 정해졌다: 줄이지 않고 넓히기만 한다
            cur_lo, cur_hi = ax.get_ylim()
            lo, hi = min(lo, cur_lo), max(hi, cur_hi)
        ax.set_ylim(lo, hi)
    ax.set_xscale("log")
    ax.set_xlabel("learning rate (로그 축)")
    ax.set_ylabel("loss")
    ax.set_title(title)
    ax.grid(True, ls=":")
    ax.legend(loc="lower left")  # 왼쪽은 loss가 높은 평평한 구간이라 아래쪽이 비어 있다
    return ax


def show_images(
    images: torch.Tensor,
    labels: Sequence[Any] | torch.Tensor,
    preds: Sequence[Any] | torch.Tensor | None = None,
    ncols: int = 8,
    axes: Any = None,
) -> Any:
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
            ax.set_title(f"정답 {label} / 예측 {pred}", fontsize=9, color="black" if pred == label else "red")
    return axes
