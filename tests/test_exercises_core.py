"""The exercise machinery (course_lib/exercises/_core.py): four outcomes, hints in steps, the solution."""

from __future__ import annotations

import pytest
import torch

from course_lib.exercises._core import (
    CORRECT,
    ERROR,
    INCORRECT,
    NOT_ATTEMPTED,
    Exercise,
    call,
    is_blank,
    not_attempted,
    wrong,
)


def _double_checker(fn):
    """A tiny exercise: write f(x) = 2x."""
    out = call(fn, 3)
    if is_blank(out):
        not_attempted()
    if out == 3 + 2:
        wrong("added", "2를 곱하지 않고 더했습니다.")
    if out != 6:
        wrong("other", f"f(3)은 6이어야 하는데 {out!r}입니다.")


Q = Exercise(
    "q1",
    _double_checker,
    hints=["곱하기를 쓰세요.", "return 2 * x"],
    solution="```python\ndef f(x):\n    return 2 * x\n```",
    correct="f(3) = 6",
)


def test_four_outcomes_and_named_mistakes():
    assert Q.evaluate(lambda x: 2 * x).status == CORRECT
    blank = Q.evaluate(lambda x: None)
    assert blank.status == NOT_ATTEMPTED and "q1.hint()" in blank.message
    added = Q.evaluate(lambda x: x + 2)
    assert (added.status, added.mistake) == (INCORRECT, "added") and "더했습니다" in added.message
    assert Q.evaluate(lambda x: 7).mistake == "other"
    crash = Q.evaluate(lambda x: 1 / 0)
    assert crash.status == ERROR and "ZeroDivisionError" in crash.message
    assert Q.evaluate(42).mistake == "not_callable"


def test_a_crash_names_the_learners_line():
    def learner(x):
        y = x["key"]  # a TypeError in the learner's own code
        return y

    fb = Q.evaluate(learner)
    assert fb.status == ERROR and "TypeError" in fb.message and 'x["key"]' in fb.message


def test_check_prints_one_line_with_the_outcome(capsys):
    Q.check(lambda x: 2 * x)
    out = capsys.readouterr().out
    assert out.startswith("✅ q1: 정답입니다.") and "f(3) = 6" in out
    Q.check(lambda x: None)
    assert capsys.readouterr().out.startswith("⬜ q1: 아직 풀지 않았습니다.")


def test_hints_in_steps_and_the_solution(capsys):
    Q.hint()
    out = capsys.readouterr().out
    assert "힌트 1/2: 곱하기를 쓰세요." in out and "`q1.hint(2)`" in out
    Q.hint(2)
    out = capsys.readouterr().out
    assert "return 2 * x" in out and "q1.solution()" in out
    Q.hint(3)
    assert "1부터 2까지" in capsys.readouterr().out
    Q.solution()
    assert "def f(x):" in capsys.readouterr().out


def test_an_exercise_without_a_checker_says_what_to_look_at():
    q = Exercise("q9", None, hints=["생각해 보세요"], solution="답", look_at="gap의 크기")
    fb = q.evaluate()
    assert fb.status == NOT_ATTEMPTED and "자동 검사가 없습니다" in fb.message and "gap의 크기" in fb.message
    with pytest.raises(ValueError, match="힌트"):
        Exercise("q0", None, hints=[], solution="")


def test_is_blank():
    assert is_blank(...) and is_blank(None) and not is_blank(0) and not is_blank([])


def test_long_feedback_wraps_between_words_and_keeps_the_message_whole():
    long = "가나다라 " * 60
    q = Exercise("q2", lambda: wrong("long", long), hints=["h"], solution="s")
    fb = q.evaluate()
    lines = str(fb).splitlines()
    assert len(lines) > 1 and all(len(line) <= 100 for line in lines)
    assert all(line.endswith("라") or line.endswith(")") for line in lines[:-1])  # no word cut in two
    assert fb.message.count("가나다라") == 60  # the message itself is not wrapped (tests read it)


def test_hints_and_solution_render_as_markdown_in_a_notebook(monkeypatch):
    shown = []
    monkeypatch.setattr("course_lib.notebook.in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    Q.hint()
    Q.solution()
    assert [type(o).__name__ for o in shown] == ["Markdown", "Markdown"]
    assert "```python" in shown[1].data and "`q1.hint(2)`" in shown[0].data


def test_own_rng_seeds_inside_and_leaves_the_learners_random_state_alone():
    from course_lib.exercises._core import own_rng

    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    with own_rng(7):
        inside = torch.rand(3)
    torch.manual_seed(7)
    assert torch.equal(inside, torch.rand(3))  # seeded as asked
    torch.manual_seed(123)
    with own_rng(7):
        torch.rand(100)
    assert torch.equal(torch.rand(3), expected_next)  # the learner's stream continues as if nothing happened
