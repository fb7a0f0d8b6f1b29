"""Every lesson's exercises: one module each, solutions in one place, scaffolds stored unfilled.

The checks themselves are tested per lesson (tests/test_exercises_NN.py); these tests read files only.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from course_lib.exercises import Exercise

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
LESSONS = sorted(p.stem for p in NB_DIR.glob("[0-9][0-9]_*.py"))
FENCE = re.compile(r"```python\n(.*?)```", re.S)


def _exercises(lesson: str) -> dict[str, Exercise]:
    module = importlib.import_module(f"course_lib.exercises.lesson{lesson[:2]}")
    found = {name: obj for name, obj in vars(module).items() if isinstance(obj, Exercise)}
    assert found, f"course_lib/exercises/lesson{lesson[:2]}.py defines no Exercise"
    return found


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_has_exercises_named_as_in_the_notebook(lesson):
    exercises = _exercises(lesson)
    assert all(name == q.name for name, q in exercises.items())
    source = (NB_DIR / f"{lesson}.py").read_text(encoding="utf-8")
    imported = re.search(rf"from course_lib\.exercises\.lesson{lesson[:2]} import ([\w, ]+)", source)
    assert imported, f"{lesson}.py does not import its exercises"
    assert sorted(n.strip() for n in imported.group(1).split(",")) == sorted(exercises)
    for name, q in exercises.items():
        if q.checker is not None:
            assert f"{name}.check(" in source, f"{lesson}.py never calls {name}.check(...)"


@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_text_is_the_solution_notebooks_code(lesson):
    """`qN.solution()` and notebooks/solutions/ show the same answer: each code block of the text is in the notebook."""
    solutions = (NB_DIR / "solutions" / f"{lesson}_solutions.py").read_text(encoding="utf-8")
    for name, q in _exercises(lesson).items():
        for block in FENCE.findall(q.solution_text):
            assert block.strip() in solutions, f"{name}.solution() shows code that {lesson}_solutions.py lacks"


@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_notebook_checks_every_checked_exercise(lesson):
    solutions = (NB_DIR / "solutions" / f"{lesson}_solutions.py").read_text(encoding="utf-8")
    for name, q in _exercises(lesson).items():
        if q.checker is not None:
            assert f"{name}.check(" in solutions, f"{lesson}_solutions.py never calls {name}.check(...)"


def _check_outputs(ipynb: Path) -> list[str]:
    nb = json.loads(ipynb.read_text(encoding="utf-8"))
    outs = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and re.search(r"\bq\d+\.check\(", src):
            outs.append("".join("".join(o.get("text", "")) for o in cell["outputs"]))
    return outs


@pytest.mark.parametrize("lesson", LESSONS)
def test_stored_lessons_show_the_scaffolds_unfilled(lesson):
    outs = _check_outputs(NB_DIR / f"{lesson}.ipynb")
    assert outs and all(o.startswith("⬜") for o in outs), "a stored lesson check is not 'not attempted'"


@pytest.mark.parametrize("lesson", LESSONS)
def test_stored_solutions_pass_their_checks(lesson):
    outs = _check_outputs(NB_DIR / "solutions" / f"{lesson}_solutions.ipynb")
    lines = [line for o in outs for line in o.splitlines() if line[:1] in "✅❌⬜⚠"]
    assert lines and all(line.startswith("✅") for line in lines), "a stored solution check is not correct"
