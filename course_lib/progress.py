"""fit이 화면에 쓰는 모든 것: epoch 안의 진행률, epoch 요약 줄, 멈춘 이유, 끝났을 때의 요약, (선택) 실시간 곡선.

노트북에서는 출력 한 줄을 제자리에서 갱신하고, 끝나면 epoch 요약 한 줄만 남긴다.
``Reporter(verbose=False)`` 는 아무것도 쓰지 않는다 (멈춘 이유는 ``History.stop_reason`` 에 남는다).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .history import EpochResult, History

__all__ = ["EpochProgress", "Reporter", "in_notebook"]


def in_notebook() -> bool:
    """Jupyter kernel 안에서 실행 중이면 True."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class _Text:
    """display()가 text/plain으로만 보여 줄 문자열 (code-hosting 사이트에서도 그대로 보인다)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


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

            self._handle = display(_Text(f"{label} 0/{total}"), display_id=True)

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
            self._handle.update(_Text(text))
        elif not self.notebook:
            sys.stderr.write("\r" + text)
            sys.stderr.flush()

    def abort(self, note: str = "중단됨") -> None:
        """epoch 도중 멈췄을 때 진행률 줄을 정리한다 (멈춘 진행 막대가 남지 않도록)."""
        if self._handle is not None:
            self._handle.update(_Text(f"{self._label} {note}"))
            self._handle = None
        elif self.show and not self.notebook:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def done(self, line: str) -> None:
        """epoch 요약 줄을 남긴다."""
        if self._handle is not None:
            self._handle.update(_Text(line))
            self._handle = None
            return
        if self.show and not self.notebook:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        print(line, flush=True)


class Reporter:
    """fit의 출력 담당. ``verbose=False`` 면 진행률, 줄, 안내, 실시간 곡선 모두 끈다."""

    def __init__(self, verbose: bool = True, progress: bool | None = None, live_plot: bool = False) -> None:
        self.verbose = verbose
        self.bar = EpochProgress(progress) if verbose else None
        self.live = None
        if verbose and live_plot:
            from .plots import LivePlot  # matplotlib은 실시간 곡선을 쓸 때만 필요하다

            self.live = LivePlot()

    def say(self, text: str) -> None:
        """안내 한 줄."""
        if self.verbose:
            print(text, flush=True)

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

    def end_epoch(self, r: EpochResult, total: int, note: str, history: History) -> None:
        """epoch 요약 한 줄을 남기고 실시간 곡선을 다시 그린다."""
        if self.bar is None:
            return
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
