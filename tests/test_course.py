"""`make course` (tools/course.py) stops at once with the data error when MNIST is missing, and refuses smoke mode."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from course_lib import data

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "course.py"


def _load_course():
    spec = importlib.util.spec_from_file_location("course_tools_course", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course = _load_course()


def test_course_stops_before_any_notebook_without_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_DATA_ROOT", str(tmp_path / "empty"))
    monkeypatch.setattr(data.datasets.MNIST, "download", lambda self: (_ for _ in ()).throw(RuntimeError("offline")))
    ran = []
    monkeypatch.setattr(course, "_sync_and_execute", lambda *a: ran.append(a) or 0.0)
    assert course.main([]) == 2
    err = capsys.readouterr().err
    assert "COURSE_SMOKE=1" in err and str(tmp_path / "empty") in err
    assert ran == []


def test_course_refuses_smoke_mode(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    assert course.main([]) == 2
    assert "full mode" in capsys.readouterr().err


def test_course_picks_the_lessons_and_solutions_of_the_numbers_given(monkeypatch, capsys):
    """The notebooks live beside tools/: the runner finds them from its own location, by number."""
    monkeypatch.delenv("COURSE_SMOKE", raising=False)
    monkeypatch.setattr(course.data, "load_mnist_dataset", lambda *a: None)
    monkeypatch.setattr(course.report, "environment", lambda: {"torch": "x", "device": "cpu", "threads": 1})
    ran = []
    monkeypatch.setattr(course, "_sync_and_execute", lambda py, timeout: ran.append(py) or 0.0)
    assert course.main(["04"]) == 0
    lesson, solutions = sorted(ROOT.glob("notebooks/04_*.py")), sorted(ROOT.glob("notebooks/solutions/04_*.py"))
    assert lesson and solutions
    assert ran == lesson + solutions


def test_the_script_runs_from_the_repository_root():
    """`tasks.py course` runs `python tools/course.py`: the script imports course_lib as a package, not relatively."""
    out = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "full mode" in out.stdout
