"""노트북 안에서 화면에 쓰는 두 가지 도우미: 지금 Jupyter kernel 안인지, 그리고 text/plain으로만 보일 문자열.

``progress`` (진행률, epoch 줄, 실시간 곡선)가 쓴다. ``plots`` 는 데이터만 그리므로 이 모듈을 쓰지 않는다.
"""

from __future__ import annotations

__all__ = ["PlainText", "in_notebook"]


def in_notebook() -> bool:
    """Jupyter kernel(ipykernel) 안에서 실행 중이면 True: JupyterLab, Notebook 7, VS Code, Colab.

    Colab처럼 ipykernel의 shell을 상속한 다른 이름의 shell도 알아보도록 클래스 이름이 아니라 ``isinstance`` 로 본다.
    터미널의 IPython(``TerminalInteractiveShell``)이나 일반 Python에서는 False.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    try:
        from ipykernel.zmqshell import ZMQInteractiveShell
    except ImportError:  # IPython은 있지만 ipykernel이 없으면 kernel 안일 수 없다
        return False
    return isinstance(shell, ZMQInteractiveShell)


class PlainText:
    """``display()`` 가 text/plain으로만 보여 줄 문자열 (code-hosting 사이트에서도 그대로 보인다)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text
