"""연습 문제를 코드로 확인하는 장치: ``q1.check(...)``, ``q1.hint()``, ``q1.hint(2)``, ``q1.solution()``.

노트북의 연습 문제 셀은 채울 곳(``...`` 또는 ``# TODO``)이 있는 시작 코드와 그 아래 ``q1.check(답)`` 한 줄로 되어 있다.
``check`` 는 네 가지 중 하나를 알려 준다.

- 정답 (correct)
- 아직 풀지 않음 (not attempted): 시작 코드를 그대로 두었다 (``...`` 나 ``None`` 이 남아 있다)
- 틀림 (incorrect): 무엇이 틀렸는지, 흔히 하는 실수라면 그 실수의 이름과 함께
- 코드 오류 (error): 검사가 아니라 학습자의 코드가 실행 중에 오류를 냈다

검사 함수(checker)는 답이 맞으면 아무것도 하지 않고 돌아오고, 아니면 ``not_attempted()`` / ``wrong(...)`` 를 부른다.
학습자가 건넨 함수는 ``call(fn, ...)`` 로 부른다: 그 안에서 난 오류는 "코드 오류"로 보고된다.
출력은 print 한 text뿐이다 (widget 없음): 저장된 노트북이 code-hosting 사이트에서도 그대로 보인다.
"""

from __future__ import annotations

import textwrap
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

import torch

from .. import settings

__all__ = [
    "CORRECT",
    "ERROR",
    "INCORRECT",
    "NOT_ATTEMPTED",
    "Exercise",
    "Feedback",
    "LearnerError",
    "Mistake",
    "NotAttempted",
    "call",
    "check_small_train_loader",
    "is_blank",
    "not_attempted",
    "own_rng",
    "wrong",
]

CORRECT = "correct"
INCORRECT = "incorrect"
NOT_ATTEMPTED = "not attempted"
ERROR = "error"

_MARK = {CORRECT: "✅", INCORRECT: "❌", NOT_ATTEMPTED: "⬜", ERROR: "⚠️"}
_WIDTH = 100  # 출력 한 줄의 최대 글자 수


class NotAttempted(Exception):
    """시작 코드가 아직 채워지지 않았다."""


class Mistake(Exception):
    """답이 틀렸다. ``key`` 는 이름 붙은 실수의 이름 (테스트가 쓴다), ``message`` 는 학습자에게 보일 설명."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class LearnerError(Exception):
    """학습자의 코드가 실행 중에 낸 오류 (``call`` 이 감싼다)."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(f"{type(original).__name__}: {original}")
        self.original = original


def not_attempted(message: str = "") -> NoReturn:
    """아직 풀지 않았다고 알린다."""
    raise NotAttempted(message)


def wrong(key: str, message: str) -> NoReturn:
    """틀렸다고 알린다. ``key`` 는 실수의 이름 (예: ``"no_scale"``), ``message`` 는 무엇이 틀렸고 어떻게 고칠지."""
    raise Mistake(key, message)


def is_blank(value: Any) -> bool:
    """시작 코드 그대로인 값인가: ``...`` (Ellipsis) 또는 ``None``."""
    return value is None or value is Ellipsis


def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """학습자가 만든 함수 ``fn`` 을 부른다. 그 안에서 난 오류는 ``LearnerError`` 로 감싸 "코드 오류"로 보고되게 한다.

    ``fn`` 이 함수가 아니면 틀린 답으로 본다.
    """
    if not callable(fn):
        wrong("not_callable", f"함수를 넘겨야 하는데 {type(fn).__name__} 값을 받았습니다.")
    try:
        return fn(*args, **kwargs)
    except (NotAttempted, Mistake):
        raise
    except Exception as err:  # 학습자의 코드: 무엇이든 날 수 있다
        raise LearnerError(err) from err


@contextmanager
def own_rng(seed: int | None = None, device: torch.device | None = None) -> Iterator[None]:
    """검사 안에서만 쓰는 난수: 끝나면 학습자의 전역 난수 상태(CPU와, 주면 그 CUDA device)를 그대로 돌려 둔다.

    ``seed`` 를 주면 그 seed에서 시작한다 (검사가 학습자와 같은 seed로 기준 모델을 만들 때).
    """
    cuda = [device.index or 0] if device is not None and device.type == "cuda" else []
    with torch.random.fork_rng(devices=cuda):
        if seed is not None:
            torch.manual_seed(seed)
        yield


def check_small_train_loader(loader: Any, size: int, example: str) -> None:
    """train set의 앞 ``size`` 장으로 만든 학습용 loader인가 (smoke mode에서는 표본이 작아 그보다 적어도 된다).

    ``example`` 은 틀렸을 때 보여 줄 만드는 법 (예: ```X[:5000]`, `y[:5000]```).
    """
    if not hasattr(loader, "dataset"):
        wrong("not_loader", f"small_loader는 data.InMemoryLoader여야 하는데 {type(loader).__name__}입니다.")
    n = len(loader.dataset)
    if n > size or (n != size and not settings.is_smoke()):
        wrong("loader_size", f"작은 train set이 {n:,}장입니다. train set의 앞 {size:,}장({example})이어야 합니다.")
    if not getattr(loader, "shuffle", False):
        wrong("no_shuffle", "작은 loader가 섞지 않습니다(`shuffle=False`). 학습용 loader는 `shuffle=True`로 만드세요.")


@dataclass(frozen=True)
class Feedback:
    """``check`` 한 번의 결과. ``status`` 는 CORRECT / INCORRECT / NOT_ATTEMPTED / ERROR, ``mistake`` 는 실수의 이름."""

    status: str
    message: str
    mistake: str | None = None

    def __str__(self) -> str:
        # 긴 메시지는 단어 사이에서 줄을 바꾼다 (JupyterLab은 긴 줄을 단어 한가운데서 끊는다)
        return textwrap.fill(f"{_MARK[self.status]} {self.message}", width=_WIDTH, subsequent_indent="   ")


class Exercise:
    """연습 문제 하나: 검사, 단계별 힌트, 풀이.

    Args:
        name: 노트북에서 부르는 이름 (예: ``"q1"``); 메시지에 쓴다.
        checker: 학습자의 답을 받아 맞으면 그냥 돌아오고, 아니면 ``not_attempted()`` / ``wrong()`` 을 부르는 함수.
            None이면 자동 검사가 없는 문제 (생각해 보는 문제, 출력을 보고 답하는 실험).
        hints: 힌트. 앞의 것일수록 덜 알려 준다.
        solution: 풀이 (코드와 설명, Markdown). ``notebooks/solutions/`` 의 풀이 노트북과 같은 코드다 (테스트가 확인).
        correct: 정답일 때 덧붙일 한 줄 (무엇을 확인했는지).
        look_at: 검사가 없는 문제에서 ``check()`` 가 알려 줄, 스스로 확인할 것.
    """

    def __init__(
        self,
        name: str,
        checker: Callable[..., None] | None,
        hints: Sequence[str],
        solution: str,
        correct: str = "",
        look_at: str = "",
    ) -> None:
        if not hints:
            raise ValueError(f"{name}: 힌트가 하나 이상 있어야 합니다.")
        self.name = name
        self.checker = checker
        self.hints = tuple(textwrap.dedent(h).strip() for h in hints)
        self.solution_text = textwrap.dedent(solution).strip()
        self.correct_text = correct
        self.look_at = look_at

    def evaluate(self, *args: Any, **kwargs: Any) -> Feedback:
        """답을 검사해 ``Feedback`` 을 돌려준다 (출력 없음; ``check`` 가 이것을 출력한다)."""
        q = self.name
        if self.checker is None:
            text = f"{q}: 이 문제는 자동 검사가 없습니다 (결과를 보고 스스로 판단하는 문제)."
            if self.look_at:
                text += f" 확인할 것: {self.look_at}"
            return Feedback(NOT_ATTEMPTED, text + f" 막히면 {q}.hint(), 다 했으면 {q}.solution()과 비교하세요.")
        try:
            self.checker(*args, **kwargs)
        except NotAttempted as err:
            detail = f" {err}" if str(err) else ""
            return Feedback(
                NOT_ATTEMPTED,
                f"{q}: 아직 풀지 않았습니다.{detail} 시작 코드의 ... (또는 # TODO)를 채우고 이 셀을 다시 실행하세요. "
                f"힌트: {q}.hint()",
            )
        except Mistake as err:
            return Feedback(INCORRECT, f"{q}: 틀렸습니다. {err.message} (힌트: {q}.hint())", err.key)
        except LearnerError as err:
            where = _learner_frame(err.original)
            return Feedback(
                ERROR,
                f"{q}: 검사하기 전에 작성한 코드가 오류를 냈습니다{where}: {err}. "
                "답이 틀린 것이 아니라 코드가 끝까지 실행되지 않은 것입니다: 오류를 고치고 다시 실행하세요.",
                "learner_error",
            )
        suffix = f" {self.correct_text}" if self.correct_text else ""
        return Feedback(CORRECT, f"{q}: 정답입니다.{suffix}")

    def check(self, *args: Any, **kwargs: Any) -> None:
        """답을 검사하고 결과를 한 줄로 보여 준다."""
        print(self.evaluate(*args, **kwargs))

    def hint(self, n: int = 1) -> None:
        """``n`` 번째 힌트를 보여 준다 (1부터)."""
        total = len(self.hints)
        if not isinstance(n, int) or not 1 <= n <= total:
            print(f"{self.name}의 힌트는 1부터 {total}까지입니다: {self.name}.hint(1)")
            return
        more = f"(더 자세한 힌트: `{self.name}.hint({n + 1})`)" if n < total else f"(풀이: `{self.name}.solution()`)"
        _show(f"힌트 {n}/{total}: {self.hints[n - 1]}\n\n{more}")

    def solution(self) -> None:
        """풀이를 보여 준다."""
        _show(f"{self.name} 풀이:\n\n{self.solution_text}")

    def __repr__(self) -> str:
        kind = "자동 검사" if self.checker is not None else "검사 없음"
        return f"<연습 문제 {self.name} ({kind}): {self.name}.check(...), {self.name}.hint(), {self.name}.solution()>"


def _show(text: str) -> None:
    """힌트와 풀이 (Markdown): 노트북에서는 Markdown으로 그려 코드 블록과 `코드`가 제대로 보이게, 밖에서는 text로."""
    from ..notebook import in_notebook

    if in_notebook():
        from IPython.display import Markdown, display

        display(Markdown(text))
    else:
        print(text)


def _learner_frame(err: BaseException) -> str:
    """오류가 난 학습자 코드의 줄 (노트북 셀이면 그 줄), 찾지 못하면 빈 문자열."""
    frames = traceback.extract_tb(err.__traceback__)
    own = __file__.rsplit(".", 1)[0]
    mine = [f for f in frames if not f.filename.startswith(own)]
    if not mine:
        return ""
    f = mine[-1]
    line = f" `{f.line.strip()}`" if f.line else ""
    return f" ({f.lineno}번째 줄{line})"
