"""연습 문제 검사: 강의마다 모듈 하나 (``lesson00`` ... ``lesson07``), 문제마다 ``q1``, ``q2``, ...

노트북에서는 ``from course_lib.exercises.lesson02 import q1, q2`` 처럼 불러와
``q1.check(답)``, ``q1.hint()``, ``q1.hint(2)``, ``q1.solution()`` 을 부른다. 장치는 ``_core`` 에 있다.
"""

from ._core import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED, Exercise, Feedback

__all__ = ["CORRECT", "ERROR", "INCORRECT", "NOT_ATTEMPTED", "Exercise", "Feedback"]
