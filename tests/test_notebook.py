"""Notebook detection works in every Jupyter front end: JupyterLab, Notebook 7, VS Code and Colab."""

from __future__ import annotations

import IPython
import pytest
from ipykernel.zmqshell import ZMQInteractiveShell
from IPython.terminal.interactiveshell import TerminalInteractiveShell

from course_lib.notebook import PlainText, in_notebook


class ColabLikeShell(ZMQInteractiveShell):
    """Colab's shell is a subclass of ipykernel's under another class name."""


@pytest.mark.parametrize(
    "shell_class,expected",
    [(ZMQInteractiveShell, True), (ColabLikeShell, True), (TerminalInteractiveShell, False), (None, False)],
    ids=["ipykernel", "subclass-like-colab", "terminal-ipython", "plain-python"],
)
def test_in_notebook_for_each_shell(monkeypatch, shell_class, expected):
    shell = None if shell_class is None else object.__new__(shell_class)  # the class is what matters, not its setup
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    assert in_notebook() is expected


def test_plain_text_shows_as_its_text():
    assert repr(PlainText("Epoch[1/3] 0/10")) == "Epoch[1/3] 0/10"
