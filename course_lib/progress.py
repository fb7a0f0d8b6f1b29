"""epoch 안의 진행 상황 표시. 노트북에서는 출력 한 줄을 제자리에서 갱신하고, 끝나면 epoch 요약 한 줄만 남긴다."""

from __future__ import annotations

import sys
import time

__all__ = ["EpochProgress", "in_notebook"]


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
