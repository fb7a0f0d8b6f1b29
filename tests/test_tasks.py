"""tasks.py (the commands without make) and the Makefile run the same steps; setup reinstalls exactly when needed."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = Path(".venv/bin/python")


def _load_tasks():
    spec = importlib.util.spec_from_file_location("course_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tasks = _load_tasks()


def _argv(steps) -> list[str]:
    return [" ".join(s.argv) for s in steps]


# -- make delegates --------------------------------------------------------------------------------------------------


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    (phony,) = re.findall(r"^\.PHONY:(.*)$", text, re.M)
    return set(phony.split())


def test_the_makefile_has_a_target_for_every_task_and_nothing_else():
    assert _make_targets() == set(tasks.TASKS)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed (e.g. Windows)")
@pytest.mark.parametrize("target", tasks.TASKS)
def test_each_make_target_runs_tasks_py_with_the_same_name(target):
    out = subprocess.run(
        ["make", "-s", "-n", "-C", str(ROOT), target, "PYTHON=python3", "BENCH_ARGS=", "LOCK_ARGS="],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == f"python3 tasks.py {target}"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed (e.g. Windows)")
def test_make_passes_bench_and_lock_arguments_on():
    def dry(*args):
        cmd = ["make", "-s", "-n", "-C", str(ROOT), *args, "PYTHON=python3"]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()

    assert dry("bench", "BENCH_ARGS=--models small --epochs 2") == "python3 tasks.py bench --models small --epochs 2"
    assert dry("lock", "LOCK_ARGS=--check") == "python3 tasks.py lock --check"


# -- the steps -------------------------------------------------------------------------------------------------------


def test_test_runs_ruff_then_unit_tests_then_every_notebook_in_smoke_mode():
    steps = tasks.task_steps("test", PY)
    assert _argv(steps) == [
        ".venv/bin/python -m ruff check .",
        ".venv/bin/python -m ruff format --check .",
        ".venv/bin/python -m pytest tests",
        ".venv/bin/python -m pytest --nbval-lax --nbval-current-env --nbval-cell-timeout=600 notebooks",
    ]
    assert [s.env for s in steps[:3]] == [{}, {}, {}]
    assert steps[3].env == {"COURSE_SMOKE": "1", "IPYKERNEL_CELL_NAME": "<IPY-INPUT>"}
    assert tasks.task_steps("unit", PY) == steps[2:3]
    assert tasks.task_steps("lint", PY) == steps[:2]
    assert tasks.task_steps("notebooks", PY) == steps[3:]
    assert tasks.task_steps("test", PY, notebooks=False) == steps[:3]


def test_course_and_bench_run_in_full_mode_with_their_arguments():
    (course,) = tasks.task_steps("course", PY, ["04"])
    (bench,) = tasks.task_steps("bench", PY, ["--epochs", "2"])
    assert course.argv == [str(PY), "tools/course.py", "04"] and course.env == {"COURSE_SMOKE": None}
    assert (ROOT / course.argv[1]).is_file()
    assert bench.argv == [str(PY), "benchmarks/bench_fit.py", "--epochs", "2"] and bench.env == {"COURSE_SMOKE": None}
    (lab,) = tasks.task_steps("lab", PY)
    assert lab.argv[-3:] == ["jupyter", "lab", "notebooks"]


def test_book_builds_the_site_with_tools_book_py_without_executing_anything():
    (book,) = tasks.task_steps("book", PY, ["--out", "x"])
    assert book.argv == [str(PY), "tools/book.py", "--out", "x"] and book.env == {}
    assert (ROOT / book.argv[1]).is_file()


def test_run_applies_the_environment_changes(monkeypatch, capfd):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    show = [sys.executable, "-c", "import os; print(os.environ.get('COURSE_SMOKE', 'unset'))"]
    tasks.run(tasks.Step(show, {"COURSE_SMOKE": None}), dry_run=False)
    tasks.run(tasks.Step(show, {"COURSE_SMOKE": "yes"}), dry_run=False)
    out = capfd.readouterr().out.splitlines()
    assert out == [
        f"+ env -u COURSE_SMOKE {' '.join(show)}",
        "unset",
        f"+ env COURSE_SMOKE=yes {' '.join(show)}",
        "yes",
    ]


def test_a_failing_step_stops_the_task_with_its_exit_code():
    with pytest.raises(SystemExit) as stop:
        tasks.run(tasks.Step([sys.executable, "-c", "raise SystemExit(3)"]), dry_run=False)
    assert stop.value.code == 3


def test_venv_python_is_in_scripts_on_windows():
    assert tasks.venv_python(Path(".venv"), windows=True) == Path(".venv/Scripts/python.exe")
    assert tasks.venv_python(Path(".venv"), windows=False) == Path(".venv/bin/python")


def test_nbval_collects_notebooks_in_subfolders(tmp_path):
    """`pytest ... notebooks` must reach notebooks/solutions/ too."""
    nb = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": "1 + 1"}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for path in (tmp_path / "notebooks" / "00_a.ipynb", tmp_path / "notebooks" / "solutions" / "00_a_solution.ipynb"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(nb), encoding="utf-8")
    (nbval,) = tasks.task_steps("notebooks", Path(sys.executable))
    argv = [*nbval.argv[:-1], "--collect-only", "-q", "-p", "no:cacheprovider", str(tmp_path / "notebooks")]
    out = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path).stdout
    assert "notebooks/00_a.ipynb" in out and "notebooks/solutions/00_a_solution.ipynb" in out


# -- setup: the stamp ------------------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A tiny repository whose venv 'exists' (a python file) but was never installed."""
    (tmp_path / "requirements-lock.txt").write_text(
        "numpy==2.4.6\nnvidia-cublas==13.1.1.3 ; sys_platform == 'linux'\ntorch==2.14.1\n"
        "torchvision==0.29.1\ntriton==3.8.0 ; python_full_version < '3.15' and sys_platform == 'linux'\n",
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.11.5,<3.15"\n', encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "VENV", tmp_path / ".venv")
    monkeypatch.delenv("COURSE_TORCH", raising=False)
    python = tasks.venv_python()
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")
    return tmp_path


def _dry(argv, capsys) -> list[str]:
    assert tasks.main(["--dry-run", *argv]) == 0
    return [line.removeprefix("+ ") for line in capsys.readouterr().out.splitlines()]


def test_setup_installs_when_the_lock_or_pyproject_changes_and_not_otherwise(project, capsys):
    install = [
        f"{tasks.venv_python().relative_to(project)} -m pip install --quiet -r requirements-lock.txt",
        f"{tasks.venv_python().relative_to(project)} -m pip install --quiet --no-deps -e .",
    ]
    assert tasks.needs_install()
    assert _dry(["setup"], capsys) == install
    tasks.stamp_path().write_text("", encoding="utf-8")  # the old Makefile's empty stamp
    assert tasks.needs_install()
    tasks.stamp_path().write_text(f"{tasks.stamp_digest()} pypi\n", encoding="utf-8")  # what setup writes
    assert not tasks.needs_install()
    assert _dry(["setup"], capsys) == []
    lock = project / "requirements-lock.txt"
    lock.write_text(lock.read_text(encoding="utf-8") + "ruff==0.17.6\n", encoding="utf-8")  # e.g. ruff was added
    assert tasks.needs_install()
    assert _dry(["unit"], capsys)[:2] == install


def test_setup_creates_the_venv_with_the_running_python_after_checking_its_version(project, capsys, monkeypatch):
    shutil.rmtree(project / ".venv")
    first = _dry(["setup"], capsys)[0]
    assert first == f"{sys.executable} -m venv .venv"
    monkeypatch.setattr(tasks, "requires_python", lambda: ">=3.99")
    with pytest.raises(SystemExit, match=r"needs Python >=3\.99"):
        tasks.main(["--dry-run", "setup"])


def test_cpu_torch_variant_takes_pytorchs_cpu_wheels_and_skips_the_cuda_packages(project, capsys, monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("COURSE_TORCH=cpu is for Linux")
    monkeypatch.setenv("COURSE_TORCH", "cpu")
    py = tasks.venv_python().relative_to(project)
    assert _dry(["setup"], capsys) == [
        "write .venv/requirements-cpu-torch.txt (requirements-lock.txt without nvidia-*, cuda-*, triton)",
        f"{py} -m pip install --quiet --no-deps --index-url https://download.pytorch.org/whl/cpu "
        "torch==2.14.1+cpu torchvision==0.29.1+cpu",
        f"{py} -m pip install --quiet -r .venv/requirements-cpu-torch.txt",
        f"{py} -m pip install --quiet --no-deps -e .",
    ]
    assert tasks.cpu_torch_requirements() == "numpy==2.4.6\ntorch==2.14.1\ntorchvision==0.29.1\n"
    tasks.stamp_path().write_text(f"{tasks.stamp_digest('cpu')} cpu\n", encoding="utf-8")
    monkeypatch.delenv("COURSE_TORCH")
    assert tasks.torch_variant() == "cpu"  # kept without the variable: no surprise CUDA download later
    assert _dry(["setup"], capsys) == []
    monkeypatch.setenv("COURSE_TORCH", "pypi")
    with pytest.raises(SystemExit, match="clean"):
        tasks.main(["--dry-run", "setup"])


# -- lock ------------------------------------------------------------------------------------------------------------

FAKE_UV = """#!{python}
# stands in for uv: `pip compile ... --output-file X` logs X's content (the pins uv would keep) and writes
# $FAKE_UV_RESULT into X; `pip compile requirements-lock.txt --python-platform P ...` fails for $FAKE_UV_FAIL
import os, pathlib, sys
args = sys.argv[1:]
if "--output-file" in args:
    out = pathlib.Path(args[args.index("--output-file") + 1])
    with open(os.environ["FAKE_UV_LOG"], "a", encoding="utf-8") as log:
        log.write(" ".join(args) + "\\n" + (out.read_text(encoding="utf-8") if out.exists() else "<none>\\n"))
    out.write_text(os.environ["FAKE_UV_RESULT"], encoding="utf-8")
elif args[args.index("--python-platform") + 1] == os.environ.get("FAKE_UV_FAIL"):
    sys.exit("error: No solution found when resolving dependencies")
else:
    print(pathlib.Path(args[2]).read_text(encoding="utf-8"))
"""
COMPILE = "pip compile --universal pyproject.toml --extra dev --python-version 3.11.5 --no-header --no-annotate --quiet"


@pytest.fixture
def fake_uv(project, monkeypatch, tmp_path):
    if os.name == "nt":
        pytest.skip("the stand-in uv is a script with a #! line")
    uv = tasks.venv_uv()
    uv.write_text(FAKE_UV.format(python=sys.executable), encoding="utf-8")
    uv.chmod(0o755)
    monkeypatch.setenv("FAKE_UV_LOG", str(tmp_path / "uv.log"))
    return uv.relative_to(project)


def test_lock_uses_the_venvs_uv_without_reinstalling_and_passes_uv_arguments_on(fake_uv, capsys):
    assert tasks.needs_install()
    assert _dry(["lock"], capsys) == [
        f"{fake_uv} {COMPILE} --output-file requirements-lock.txt",
        "write the header of requirements-lock.txt",
    ]
    assert _dry(["lock", "--upgrade-package", "torch"], capsys)[0].endswith(" --upgrade-package torch")
    assert tasks.venv_uv(Path(".venv"), windows=True) == Path(".venv/Scripts/uv.exe")


def test_lock_without_uv_in_the_venv_runs_setup_first(project, capsys):
    py = tasks.venv_python().relative_to(project)
    steps = _dry(["lock", "--upgrade"], capsys)
    assert steps[:2] == [
        f"{py} -m pip install --quiet -r requirements-lock.txt",
        f"{py} -m pip install --quiet --no-deps -e .",
    ]
    assert steps[2] == f"{tasks.venv_uv().relative_to(project)} {COMPILE} --output-file requirements-lock.txt --upgrade"


def test_lock_writes_uvs_resolution_under_the_header_keeping_the_pins(fake_uv, project, monkeypatch, tmp_path):
    lock = project / "requirements-lock.txt"
    before = lock.read_text(encoding="utf-8")
    monkeypatch.setenv("FAKE_UV_RESULT", "numpy==2.4.6\ntorch==2.14.1\nuv==0.13.9\n")
    assert tasks.main(["lock"]) == 0
    assert lock.read_text(encoding="utf-8") == tasks.LOCK_HEADER + "numpy==2.4.6\ntorch==2.14.1\nuv==0.13.9\n"
    log = (tmp_path / "uv.log").read_text(encoding="utf-8")
    assert log == f"{COMPILE} --output-file requirements-lock.txt\n{before}"  # uv saw the pins it keeps


def test_lock_check_compiles_a_copy_of_the_lock_and_names_what_differs(fake_uv, project, monkeypatch, capsys, tmp_path):
    lock = project / "requirements-lock.txt"
    lock.write_text(tasks.LOCK_HEADER + "numpy==2.4.6\ntorch==2.14.1\n", encoding="utf-8")
    before = lock.read_text(encoding="utf-8")
    monkeypatch.setenv("FAKE_UV_RESULT", "numpy==2.4.6\ntorch==2.14.1\n")
    assert tasks.main(["lock", "--check"]) == 0
    assert "requirements-lock.txt is what pyproject.toml resolves to" in capsys.readouterr().out
    monkeypatch.setenv("FAKE_UV_RESULT", "numpy==2.4.6\ntorch==2.15.0\ntorchvision==0.30.0\n")
    assert tasks.main(["lock", "--check"]) == 1
    out = capsys.readouterr().out
    assert "  - torch==2.14.1\n  + torch==2.15.0\n  + torchvision==0.30.0\n" in out and "make lock" in out
    assert "  - numpy" not in out and "  + numpy" not in out
    assert lock.read_text(encoding="utf-8") == before  # the lock itself is never touched by --check
    command, seen = (tmp_path / "uv.log").read_text(encoding="utf-8").split("\n", 1)
    output = Path(command.split(" --output-file ")[1])
    assert output.name == "requirements-lock.txt" and output.parent != project
    assert seen.startswith(before)  # uv compiled into a copy of the lock, so with its pins


def test_lock_check_wheels_asks_for_each_platform_and_python(project, capsys):
    tasks.venv_uv().write_text("", encoding="utf-8")  # a venv with uv: no setup first
    lines = _dry(["lock", "--check-wheels"], capsys)
    targets = [(re.search(r"--python-platform (\S+)", x)[1], re.search(r"--python-version (\S+)", x)[1]) for x in lines]
    linux = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"]
    platforms = [*linux, "aarch64-apple-darwin", "x86_64-pc-windows-msvc"]
    assert targets == [(p, v) for p in platforms for v in ("3.11.5", "3.12.0", "3.13.0", "3.14.0")]
    assert all(" pip compile requirements-lock.txt " in x and "--only-binary :all: --no-deps" in x for x in lines)
    macos = [x.startswith("env MACOSX_DEPLOYMENT_TARGET=14.0 ") for x in lines]
    assert macos == [p == "aarch64-apple-darwin" for p, _ in targets]


def test_lock_check_wheels_reports_every_failing_combination(fake_uv, monkeypatch, capsys):
    monkeypatch.setenv("FAKE_UV_FAIL", "x86_64-pc-windows-msvc")
    assert tasks.main(["lock", "--check-wheels"]) == 1
    out = capsys.readouterr().out
    assert "ok    Linux aarch64, Python 3.14.0: 5 pins, each with a wheel" in out
    assert "ok    macOS 14 arm64, Python 3.11.5" in out
    assert [x for x in out.splitlines() if x.startswith("FAIL")] == [
        f"FAIL  Windows x86_64, Python {v}:" for v in ("3.11.5", "3.12.0", "3.13.0", "3.14.0")
    ]
    assert "error: No solution found" in out and "no wheel for Windows x86_64, Python 3.11.5;" in out
    monkeypatch.delenv("FAKE_UV_FAIL")
    assert tasks.main(["lock", "--check-wheels"]) == 0


def test_the_python_range_gives_the_lowest_python_and_the_first_release_of_each_minor():
    assert tasks.python_minimum(">=3.11.5,!=3.14.1,<3.15") == tasks.python_minimum("!=3.14.1,>=3.11.5") == "3.11.5"
    assert tasks.supported_pythons(">=3.11.5,!=3.14.1,<3.15") == ["3.11.5", "3.12.0", "3.13.0", "3.14.0"]
    assert tasks.supported_pythons(">=3.12,!=3.13.0,<3.14") == ["3.12.0", "3.13.1"]
    with pytest.raises(SystemExit, match="no upper bound"):
        tasks.supported_pythons(">=3.11")
    with pytest.raises(SystemExit, match="no lower bound"):
        tasks.python_minimum("<3.15")


def test_python_version_check():
    spec = ">=3.11.5,!=3.14.1,<3.15"
    versions = [(3, 10, 12), (3, 11, 4), (3, 11, 5), (3, 13, 9), (3, 14, 1), (3, 14, 2), (3, 15, 0)]
    assert [v for v in versions if tasks.python_ok(spec, v)] == [(3, 11, 5), (3, 13, 9), (3, 14, 2)]
    assert tasks.python_ok("~=3.11.5", (3, 11, 9)) and not tasks.python_ok("~=3.11.5", (3, 12, 0))


def test_tasks_py_is_plain_python_3_8_so_old_interpreters_get_the_message():
    source = (ROOT / "tasks.py").read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 8))
    imports = {n.names[0].name.split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import)}
    imports |= {n.module.split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    assert imports <= set(sys.stdlib_module_names) | {"__future__"}


def test_help_lists_every_task():
    out = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    listed = re.findall(r"^    (\w+)\s", out.stdout, re.M)
    assert listed == list(tasks.TASKS)
    assert subprocess.run([sys.executable, str(ROOT / "tasks.py"), "nope"], capture_output=True).returncode == 2
