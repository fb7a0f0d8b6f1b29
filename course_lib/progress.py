"""fit이 화면에 쓰는 모든 것: epoch 안의 진행률, epoch 요약 줄, 안내와 멈춘 이유, 끝났을 때의 요약, 실시간 곡선.

노트북에서는 출력 한 줄을 제자리에서 갱신하고, 끝나면 epoch 요약 한 줄만 남긴다.
``Reporter(verbose=False)`` 는 아무것도 쓰지 않는다 (멈춘 이유는 ``History.stop_reason`` 에 남는다).
학습 루프(``train.fit``)에는 화면에 쓰는 문자열이 없다: 모두 여기 ``Reporter`` 의 메서드에 있다.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Any

from .history import EpochResult, History
from .notebook import PlainText, in_notebook

__all__ = ["EpochProgress", "LivePlot", "Reporter"]


class EpochProgress:
    """한 epoch의 진행률(batch i/n, 경과 시간)을 보여 주고, ``done(line)`` 으로 요약 줄을 남긴다.

    노트북: display handle을 갱신 → 저장된 출력에는 요약 줄만 남는다.
    터미널(TTY): stderr에 ``\\r`` 로 갱신 후 지우고 stdout에 요약 줄을 쓴다. 그 밖: 요약 줄만 쓴다.
    """

    def __init__(self, show_progress: bool | None = None, interval: float = 0.5) -> None:
        self.notebook = in_notebook()
        tty = getattr(sys.stderr, "isatty", lambda: False)()
        self.show = (self.notebook or tty) if show_progress is None else bool(show_progress)
        self.interval = interval
        self._handle = None
        self._label = ""
        self._t0 = self._last = 0.0

    def start(self, label: str, total: int) -> None:
        """새 epoch 시작."""
        self._label, self._total = label, total
        self._t0 = self._last = time.perf_counter()
        if self.notebook:
            from IPython.display import display

            self._handle = display(PlainText(f"{label} 0/{total}"), display_id=True)

    def update(self, done: int) -> None:
        """batch ``done`` 개를 마쳤음을 알린다 (interval초마다만 화면을 갱신)."""
        if not self.show:
            return
        now = time.perf_counter()
        if now - self._last < self.interval and done < self._total:
            return
        self._last = now
        width = 20
        filled = int(width * done / max(self._total, 1))
        text = f"{self._label} [{'#' * filled}{'.' * (width - filled)}] {done}/{self._total} {now - self._t0:.1f}s"
        if self._handle is not None:
            self._handle.update(PlainText(text))
        elif not self.notebook:
            sys.stderr.write("\r" + text)
            sys.stderr.flush()

    def abort(self, note: str = "중단됨") -> None:
        """epoch 도중 멈췄을 때 진행률 줄을 정리한다 (멈춘 진행 막대가 남지 않도록)."""
        if self._handle is not None:
            self._handle.update(PlainText(f"{self._label} {note}"))
            self._handle = None
        elif self.show and not self.notebook:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def done(self, line: str) -> None:
        """epoch 요약 줄을 남긴다."""
        if self._handle is not None:
            self._handle.update(PlainText(line))
            self._handle = None
            return
        if self.show and not self.notebook:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        print(line, flush=True)


class LivePlot:
    """노트북에서 학습 곡선을 epoch마다 제자리에서 다시 그린다 (그림 하나). 노트북 밖에서는 아무것도 하지 않는다."""

    def __init__(self, min_interval: float = 2.0) -> None:
        self.enabled = in_notebook()
        self.min_interval = min_interval  # 그리기(PNG로 바꾸기까지)는 0.2초쯤 걸린다: 짧은 epoch에서는 건너뛴다
        self.fig: Any = None
        self._handle: Any = None
        self._pending: History | None = None
        self._last = -math.inf
        self.draws = 0

    def open(self) -> None:
        """학습을 시작할 때 그림 자리를 먼저 잡는다: 그림이 epoch 줄들 사이가 아니라 맨 위에 놓인다."""
        if not self.enabled or self._handle is not None:
            return
        from IPython.display import display

        self._handle = display(PlainText("(학습 곡선: 첫 epoch이 끝나면 여기에 그려집니다)"), display_id=True)

    def update(self, history: History, final: bool = False) -> None:
        """history의 지금까지 곡선으로 그림을 바꾼다.

        지난번에 그린 뒤 ``min_interval`` 초가 지나지 않았으면 미뤄 두고, ``flush()`` 나 다음 update 때 그린다.
        ``final=True`` 면 바로 그린다.
        """
        if not self.enabled:
            return
        if not final and time.perf_counter() - self._last < self.min_interval:
            self._pending = history
            return
        import matplotlib.pyplot as plt  # 실시간 곡선을 처음 그릴 때만 matplotlib을 불러온다
        from IPython.display import display

        from .plots import plot_history

        if self.fig is None:
            self.fig, self.axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
            plt.close(self.fig)  # 셀이 끝날 때 inline backend가 같은 그림을 한 번 더 보여 주지 않도록
        for ax in self.axes:
            ax.clear()
        plot_history(history, axes=self.axes, title=f"epoch {history.epochs_run}/{history.epochs_requested}")
        if self._handle is None:
            self._handle = display(self.fig, display_id=True)
        else:
            self._handle.update(self.fig)
        self.draws += 1
        self._pending = None
        self._last = time.perf_counter()

    def flush(self) -> None:
        """미뤄 둔 그림이 있으면 지금 그린다 (학습이 끝나거나 멈췄을 때: 저장된 그림이 마지막 epoch까지 보이도록)."""
        if self._pending is not None:
            self.update(self._pending, final=True)


class Reporter:
    """fit의 출력 담당. ``verbose=False`` 면 진행률, 줄, 안내, 실시간 곡선 모두 끈다."""

    def __init__(self, verbose: bool = True, progress: bool | None = None, live_plot: bool = False) -> None:
        self.verbose = verbose
        self.bar = EpochProgress(progress) if verbose else None
        self.live = LivePlot() if verbose and live_plot else None

    def say(self, text: str) -> None:
        """안내 한 줄."""
        if self.verbose:
            print(text, flush=True)

    def resumed(self, path: str | Path, epochs_run: int) -> None:
        """상태 파일에서 이어 간다."""
        self.say(f"{path} 에서 이어서 학습합니다 (epoch {epochs_run}까지 끝난 상태).")

    def fresh_start(self, path: str | Path) -> None:
        """resume_from의 파일이 아직 없다."""
        self.say(f"{path} 이(가) 아직 없어 처음부터 학습합니다.")

    def already_finished(self, history: History, total: int) -> None:
        """이어 갈 학습이 이미 끝났다 (epoch을 다 했거나 early stopping/발산으로 멈췄다)."""
        self.say(
            f"이미 끝난 학습입니다 ({history.stop_reason}, epoch {history.epochs_run}/{total}): 더 학습하지 않습니다."
        )

    def restored(self, best_epoch: int, done: bool) -> None:
        """restore_best: best epoch의 가중치로 되돌렸다 (또는 상태 파일에 그 가중치가 없어 되돌리지 못했다)."""
        if done:
            self.say(f"best epoch {best_epoch}의 가중치로 모델을 되돌렸습니다.")
        else:
            self.say(
                f"best epoch {best_epoch}의 가중치가 이어 온 상태 파일에 없어 되돌리지 못했습니다 "
                "(예전 형식의 파일). best 체크포인트를 load_checkpoint()로 불러오세요."
            )

    def start_epoch(self, epoch: int, total: int, steps: int) -> None:
        """epoch 시작: (처음이면 실시간 곡선 자리를 잡고) 진행률 줄을 연다."""
        if self.live is not None:
            self.live.open()
        if self.bar is not None:
            self.bar.start(f"Epoch[{epoch}/{total}]", steps)

    def batch_done(self, done: int) -> None:
        """batch ``done`` 개 끝."""
        if self.bar is not None:
            self.bar.update(done)

    def end_epoch(self, r: EpochResult, total: int, history: History, improved: bool, saved: bool) -> None:
        """epoch 요약 한 줄을 남기고 실시간 곡선을 다시 그린다. 최저를 갱신했으면 best (저장했으면 best 저장)."""
        if self.bar is None:
            return
        note = " | best 저장" if saved else " | best" if improved else ""
        self.bar.done(
            f"Epoch[{r.epoch}/{total}] - Train loss: {r.train_loss:.5f} Train Accuracy: {r.train_acc:.5f} "
            f"|| Validation loss: {r.val_loss:.5f} Validation Accuracy: {r.val_acc:.5f} "
            f"| lr: {r.lr:.2e} | {r.seconds:.1f}s{note}"
        )
        if self.live is not None:
            self.live.update(history)

    def stopped(self, reason: str, epoch: int, patience: int, value: float) -> None:
        """예산 전에 멈춘 이유: loss가 NaN/inf(``non_finite``, value가 그 값) 또는 early stopping."""
        if reason == "non_finite":
            self.say(
                f"loss가 {value}(이)가 되어 학습을 멈춥니다. learning rate가 너무 크지 않은지 확인하세요. "
                "저장된 best 체크포인트는 그대로입니다."
            )
        else:
            self.say(
                f"Early stopping: validation loss가 {patience} epoch 연속 좋아지지 않아 epoch {epoch}에서 멈춥니다."
            )

    def interrupted(self, history: History, last: Path | None) -> None:
        """Stop(KeyboardInterrupt)으로 멈춤: 진행률 줄을 정리하고 무엇이 남았는지 알린다."""
        if self.bar is not None:
            self.bar.abort()
        if self.live is not None:
            self.live.flush()
        keep = f" 이어서 하려면 같은 셀을 resume_from={str(last)!r}로 다시 실행하세요." if last else ""
        self.say(f"중단됨(KeyboardInterrupt): epoch {history.epochs_run}까지의 기록과 체크포인트는 그대로입니다.{keep}")

    def finished(self, history: History, start: int, best_path: Path | None) -> None:
        """끝났을 때의 요약 한 줄 (미뤄 둔 실시간 곡선도 마저 그린다)."""
        if self.live is not None:
            self.live.flush()
        h = history
        best = (
            f"best epoch {h.best_epoch}: val loss {h.best_val_loss:.5f}, val acc {h.best_val_acc:.5f}"
            if h.best_epoch
            else "best epoch 없음"
        )
        saved = f" | checkpoint: {best_path}" if best_path is not None and h.best_epoch else ""
        self.say(
            f"학습 종료({h.stop_reason}): {h.epochs_run - start} epoch, "
            f"{sum(h.epoch_time[start:]):.1f}초 | {best}{saved}"
        )
