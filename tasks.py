#!/usr/bin/env python3
"""The course's commands, without make (Windows has none): `python tasks.py TASK` (on Windows `py tasks.py TASK`).

    setup      create .venv with this Python and install requirements-lock.txt + the course (only when they changed);
               COURSE_TORCH=cpu (Linux): PyTorch's CPU-only wheels instead of the CUDA build
    test       setup, ruff check, ruff format --check, unit tests, every notebook under nbval in smoke mode (= CI)
    unit       setup, unit tests only
    lint       setup, ruff check and ruff format --check
    notebooks  setup, every notebook (notebooks/ and its subfolders) under nbval in smoke mode
    course     setup, run every lesson in full mode and write results/summary.md
    lab        setup, open JupyterLab on notebooks/
    bench      setup, speed benchmarks; arguments after `bench` go to benchmarks/bench_fit.py
    lock       regenerate requirements-lock.txt from .venv (tools/lock.py; arguments are passed on)
    clean      remove .venv and .pytest_cache

`make TASK` runs `python3 tasks.py TASK`, so both run the same steps. `--dry-run` prints the steps instead.
Standard library only, and no syntax newer than Python 3.8, so that an unsupported Python still gets a clear message.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = "requirements-lock.txt"
STAMP_INPUTS = (LOCK, "pyproject.toml")

# nbval: smoke mode, a cell timeout, kernel from this venv; IPYKERNEL_CELL_NAME keeps temp paths out of warnings
NBVAL_ENV = {"COURSE_SMOKE": "1", "IPYKERNEL_CELL_NAME": "<IPY-INPUT>"}
NBVAL_ARGS = ["--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=600"]
FULL_MODE = {"COURSE_SMOKE": None}
# COURSE_TORCH=cpu: PyTorch's CPU-only wheels on Linux (about 1.4 GB venv instead of 5.8 GB; see README, "Laptops")
TORCH_VARIANTS = {"pypi": "", "cpu": "https://download.pytorch.org/whl/cpu"}
CPU_LOCK = ".venv/requirements-cpu-torch.txt"
CUDA_ONLY = re.compile(r"(nvidia-|cuda-|triton==)", re.I)  # None: remove the variable (make's `env -u COURSE_SMOKE`)

TASKS = ("setup", "test", "unit", "lint", "notebooks", "course", "lab", "bench", "lock", "clean")


class Step:
    """One command: argv, environment changes (None removes a variable), and a label for the log."""

    def __init__(self, argv, env=None):
        self.argv = [str(a) for a in argv]
        self.env = dict(env or {})

    def __eq__(self, other):
        return isinstance(other, Step) and (self.argv, self.env) == (other.argv, other.env)

    def __repr__(self):
        changes = [f"{k}={v}" if v is not None else f"-u {k}" for k, v in self.env.items()]
        return " ".join((["env", *changes] if changes else []) + self.argv)


def venv_python(venv: Path | None = None, windows: bool | None = None) -> Path:
    venv = VENV if venv is None else venv
    windows = os.name == "nt" if windows is None else windows
    return venv / "Scripts" / "python.exe" if windows else venv / "bin" / "python"


def stamp_path() -> Path:
    return VENV / ".installed"


def torch_variant() -> str:
    """Which PyTorch build the venv gets: "pypi" (the lock as it is; on Linux a CUDA build of several GB) or "cpu"
    (Linux only: PyTorch's CPU-only wheels, without the CUDA libraries). COURSE_TORCH chooses; without it, the
    variant the venv was installed with is kept, so a later `tasks.py test` does not pull in the CUDA libraries."""
    value = os.environ.get("COURSE_TORCH", "").strip().lower()
    if not value:
        recorded = stamp_path().read_text(encoding="utf-8").split() if stamp_path().is_file() else []
        value = recorded[1] if len(recorded) > 1 else "pypi"
    if value not in TORCH_VARIANTS:
        sys.exit(f"COURSE_TORCH={value!r}: use one of {', '.join(TORCH_VARIANTS)}")
    if value == "cpu" and not sys.platform.startswith("linux"):
        sys.exit("COURSE_TORCH=cpu is for Linux: PyPI's torch for macOS and Windows has no CUDA libraries anyway")
    return value


def stamp_digest(variant: str = "pypi") -> str:
    """What an installed venv corresponds to: the lock and pyproject.toml (the old Makefile stamp's prerequisites),
    by content, so a checkout that only touches them does not reinstall and any real change does; and the variant."""
    h = hashlib.sha256(variant.encode() + b"\0")
    for name in STAMP_INPUTS:
        h.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return h.hexdigest()


def needs_install(variant: str = "pypi") -> bool:
    """True unless the venv's Python exists and its stamp records the current lock, pyproject.toml and variant."""
    stamp = stamp_path()
    if not venv_python().exists() or not stamp.is_file():
        return True
    return stamp.read_text(encoding="utf-8").split()[:1] != [stamp_digest(variant)]


def cpu_torch_requirements() -> str:
    """The lock without the Linux CUDA packages, for a venv whose torch/torchvision come from PyTorch's CPU index."""
    lines = (ROOT / LOCK).read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not CUDA_ONLY.match(line))


def locked_version(name: str) -> str:
    match = re.search(rf"^{re.escape(name)}==([^\s;]+)", (ROOT / LOCK).read_text(encoding="utf-8"), re.M)
    return match.group(1)


def install_steps(py: Path, variant: str = "pypi") -> list[Step]:
    """pip steps of setup, after the venv exists: the lock, then the course itself without dependencies."""
    if variant == "cpu":
        # the local version label (+cpu) makes pip take PyTorch's CPU build; the lock's plain pins accept it
        torch = [f"torch=={locked_version('torch')}+cpu", f"torchvision=={locked_version('torchvision')}+cpu"]
        lock = [
            Step([py, "-m", "pip", "install", "--quiet", "--no-deps", "--index-url", TORCH_VARIANTS["cpu"], *torch]),
            Step([py, "-m", "pip", "install", "--quiet", "-r", CPU_LOCK]),
        ]
    else:
        lock = [Step([py, "-m", "pip", "install", "--quiet", "-r", LOCK])]
    return [*lock, Step([py, "-m", "pip", "install", "--quiet", "--no-deps", "-e", "."])]


def has_notebooks() -> bool:
    return any((ROOT / "notebooks").rglob("*.ipynb"))


def task_steps(task: str, py: Path, args: list[str] | None = None, notebooks: bool = True) -> list[Step]:
    """The commands a task runs after setup (setup itself is `install_steps`, run only when needed)."""
    args = list(args or [])
    lint = [Step([py, "-m", "ruff", "check", "."]), Step([py, "-m", "ruff", "format", "--check", "."])]
    unit = [Step([py, "-m", "pytest", "tests"])]
    nbval = [Step([py, "-m", "pytest", *NBVAL_ARGS, "notebooks"], NBVAL_ENV)] if notebooks else []
    steps = {
        "setup": [],
        "test": lint + unit + nbval,
        "unit": unit,
        "lint": lint,
        "notebooks": nbval,
        "course": [Step([py, "-m", "course_lib.course", *args], FULL_MODE)],
        "lab": [Step([py, "-m", "jupyter", "lab", "notebooks", *args])],
        "bench": [Step([py, "benchmarks/bench_fit.py", *args], FULL_MODE)],
        "lock": [Step([py, "tools/lock.py", *args])],
    }
    return steps[task]


# --------------------------------------------------------------------------------------------------------------------
# Python version check (stdlib only: `packaging` is not available before the venv exists)


def requires_python() -> str:
    match = re.search(r'^requires-python\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else ""


def _version(text: str) -> tuple:
    return tuple(int(x) for x in text.split("."))


def python_ok(spec: str, version: tuple) -> bool:
    """Enough of PEP 440 for requires-python clauses such as `>=3.11.5,!=3.14.1,<3.15`."""
    for clause in filter(None, (c.strip() for c in spec.split(","))):
        op, number = re.match(r"(==|!=|>=|<=|>|<|~=)\s*([\d.]+)$", clause).groups()
        want = _version(number)
        have = tuple(version[: len(want)]) if op in ("==", "!=") else tuple(version)
        pad = max(len(have), len(want))
        have, want = have + (0,) * (pad - len(have)), want + (0,) * (pad - len(want))
        ok = {
            "==": have == want,
            "!=": have != want,
            ">=": have >= want,
            "<=": have <= want,
            ">": have > want,
            "<": have < want,
            "~=": have >= want and have[: len(want) - 1] == want[:-1],
        }[op]
        if not ok:
            return False
    return True


def check_python(spec: str) -> None:
    if not python_ok(spec, tuple(sys.version_info[:3])):
        have = ".".join(map(str, sys.version_info[:3]))
        sys.exit(
            f"This course needs Python {spec}; tasks.py runs on Python {have} ({sys.executable}).\n"
            f"이 강좌에는 Python {spec} 가 필요합니다 (지금은 {have}).\n"
            "Run it with a supported one, e.g. `python3.12 tasks.py test` (Windows: `py -3.12 tasks.py test`)."
        )


# --------------------------------------------------------------------------------------------------------------------


def run(step: Step, dry_run: bool) -> None:
    print(f"+ {step!r}", flush=True)
    if dry_run:
        return
    env = dict(os.environ)
    for key, value in step.env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    code = subprocess.call(step.argv, env=env, cwd=ROOT)
    if code != 0:
        sys.exit(code)


def setup(dry_run: bool) -> Path:
    py = venv_python().relative_to(ROOT)
    variant = torch_variant()
    if not needs_install(variant):
        return py
    recorded = stamp_path().read_text(encoding="utf-8").split()[1:2] if stamp_path().is_file() else []
    if recorded and recorded != [variant]:
        sys.exit(
            f".venv has the {recorded[0]} build of torch; to switch to {variant}, run `python tasks.py clean` first"
        )
    if not (ROOT / py).exists():
        check_python(requires_python())
        run(Step([sys.executable, "-m", "venv", VENV.name]), dry_run)
    if variant == "cpu":
        print(f"+ write {CPU_LOCK} (requirements-lock.txt without nvidia-*, cuda-*, triton)")
        if not dry_run:
            (ROOT / CPU_LOCK).write_text(cpu_torch_requirements(), encoding="utf-8")
    for step in install_steps(py, variant):
        run(step, dry_run)
    if not dry_run:
        stamp_path().write_text(f"{stamp_digest(variant)} {variant}\n", encoding="utf-8")
    return py


def main(argv: list[str]) -> int:
    os.chdir(ROOT)  # the steps use paths relative to the repository root
    dry_run = "--dry-run" in argv[:1]
    argv = argv[1:] if dry_run else argv
    if not argv or argv[0] not in TASKS:
        print(__doc__)
        return 0 if argv[:1] in (["-h"], ["--help"], ["help"]) else 2
    task, args = argv[0], argv[1:]
    if task == "clean":
        for path in (VENV, ROOT / ".pytest_cache"):
            print(f"+ remove {path.relative_to(ROOT)}")
            if not dry_run:
                shutil.rmtree(path, ignore_errors=True)
        return 0
    if task == "lock":  # made from the venv as it is: installing the old lock first would undo an upgrade
        py = venv_python().relative_to(ROOT)
        if not (ROOT / py).exists():
            sys.exit("no .venv yet: run `python tasks.py setup` first, then upgrade what you need in it")
    else:
        py = setup(dry_run)
    notebooks = has_notebooks()
    if task in ("test", "notebooks") and not notebooks:
        print("no notebooks under notebooks/: nbval skipped")
    for step in task_steps(task, py, args, notebooks):
        run(step, dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
