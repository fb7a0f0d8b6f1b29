"""requirements-lock.txt installs the right pins on every supported platform and Python, and the Python range is honest.

Offline: the lock's markers are evaluated with `packaging` for the marker environment of each platform. The
networked counterparts are `make lock LOCK_ARGS=--check` (the lock is what uv resolves pyproject.toml to) and
`make lock LOCK_ARGS=--check-wheels` (every pin has a wheel for each platform and Python).
"""

from __future__ import annotations

import importlib.util
import platform as host
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK_FILE = ROOT / "requirements-lock.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REQUIRES_PYTHON = SpecifierSet(PYPROJECT["project"]["requires-python"])
PIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!]+( ; \S.*)?")
LINUX_ONLY = re.compile(r"(nvidia-|cuda-|triton$)")  # PyTorch's CUDA build: wheels for Linux only


def _load_tasks():
    spec = importlib.util.spec_from_file_location("course_tasks_for_lock", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tasks = _load_tasks()

# what Python reports on each platform (platform.system(), sys.platform, platform.machine(), os.name)
PLATFORMS = {
    "linux-x86_64": {"platform_system": "Linux", "sys_platform": "linux", "platform_machine": "x86_64"},
    "linux-aarch64": {"platform_system": "Linux", "sys_platform": "linux", "platform_machine": "aarch64"},
    "macos-arm64": {"platform_system": "Darwin", "sys_platform": "darwin", "platform_machine": "arm64"},
    "windows-amd64": {"platform_system": "Windows", "sys_platform": "win32", "platform_machine": "AMD64"},
}
PYTHONS = tasks.supported_pythons(str(REQUIRES_PYTHON))
TARGETS = [(p, v) for p in PLATFORMS for v in PYTHONS]
TARGET_IDS = [f"{p}-py{v}" for p, v in TARGETS]


def _marker_env(platform: str, python: str) -> dict[str, str]:
    return {
        **PLATFORMS[platform],
        "os_name": "nt" if platform.startswith("windows") else "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "python_version": ".".join(python.split(".")[:2]),
        "python_full_version": python,
        "implementation_version": python,
    }


def _read_lock(text: str) -> list[Requirement]:
    return [Requirement(line) for line in text.splitlines() if PIN.fullmatch(line)]  # other lines: see below


LOCK_TEXT = LOCK_FILE.read_text(encoding="utf-8")
LOCK = _read_lock(LOCK_TEXT)


def _version(req: Requirement) -> str:
    (spec,) = req.specifier
    return spec.version


def _selected(env: dict[str, str]) -> dict[str, str]:
    """What `pip install -r requirements-lock.txt` installs there: {canonical name: version}."""
    chosen = [r for r in LOCK if r.marker is None or r.marker.evaluate(env)]
    names = [canonicalize_name(r.name) for r in chosen]
    assert len(names) == len(set(names)), f"a distribution is pinned twice for one target: {sorted(names)}"
    return {canonicalize_name(r.name): _version(r) for r in chosen}


def _project_requirements() -> list[Requirement]:
    deps = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["dev"]
    return [Requirement(d) for d in deps]


# -- the file --------------------------------------------------------------------------------------------------------


def test_every_line_is_an_exact_pin_and_nothing_points_at_this_machine():
    body = [line for line in LOCK_TEXT.splitlines() if line.strip() and not line.startswith("#")]
    assert len(body) > 100
    bad = [line for line in body if not PIN.fullmatch(line)]
    assert not bad, f"not a `name==version ; marker` line (an index, a path, an option?): {bad}"
    assert "://" not in LOCK_TEXT and "file:" not in LOCK_TEXT


def test_the_header_says_how_the_lock_is_made_and_installed():
    assert LOCK_TEXT.startswith(tasks.LOCK_HEADER), "the header is what `make lock` writes"
    assert not LOCK_TEXT[len(tasks.LOCK_HEADER) :].startswith("#"), "one header, no other comment"
    assert "make lock" in tasks.LOCK_HEADER and "pip install -r requirements-lock.txt" in tasks.LOCK_HEADER


def test_every_pyproject_dependency_is_pinned_in_a_version_it_allows():
    pins = {canonicalize_name(r.name): _version(r) for r in LOCK}
    requirements = _project_requirements()
    assert {"torch", "ruff", "uv"} <= {canonicalize_name(r.name) for r in requirements}
    missing = [str(r) for r in requirements if canonicalize_name(r.name) not in pins]
    assert not missing, f"in pyproject.toml but not in the lock (make lock): {missing}"
    outside = [
        f"{r} (pinned {version})"
        for r in requirements
        if not r.specifier.contains(version := pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not outside, f"pinned outside what pyproject.toml asks for (make lock): {outside}"


# -- every target ----------------------------------------------------------------------------------------------------


def _admitted_versions() -> list[str]:
    """Every 3.X.Y (X < 40, Y < 30) the declared range admits."""
    return [f"3.{m}.{p}" for m in range(40) for p in range(30) if REQUIRES_PYTHON.contains(f"3.{m}.{p}")]


def test_the_targets_are_the_first_admitted_release_of_each_minor_python():
    """The Pythons checked here and by --check-wheels: the declared minimum (e.g. 3.11.5), then 3.12.0, ..."""
    firsts = {}
    for version in _admitted_versions():
        firsts.setdefault(version.rsplit(".", 1)[0], version)
    assert list(firsts.values()) == PYTHONS
    (minimum,) = [s.version for s in REQUIRES_PYTHON if s.operator == ">="]
    assert PYTHONS[0] == minimum and len(PYTHONS) >= 2


@pytest.mark.parametrize(("platform", "python"), TARGETS, ids=TARGET_IDS)
def test_every_project_dependency_is_selected_on_every_target(platform, python):
    selected = _selected(_marker_env(platform, python))
    missing = [str(r) for r in _project_requirements() if canonicalize_name(r.name) not in selected]
    assert not missing, f"{platform}, Python {python}: pip would install no pin for {missing}"


@pytest.mark.parametrize(("platform", "python"), TARGETS, ids=TARGET_IDS)
def test_no_linux_only_package_is_selected_off_linux(platform, python):
    linux_only = sorted(n for n in _selected(_marker_env(platform, python)) if LINUX_ONLY.match(n))
    if platform.startswith("linux"):
        # the Linux wheels of torch are CUDA builds: without these the lock would not install torch there
        assert {"nvidia-cudnn-cu13", "nvidia-cublas", "cuda-toolkit", "triton"} <= set(linux_only)
    else:
        assert linux_only == [], f"{platform} has no wheels for these: {linux_only}"


def test_each_platform_gets_its_own_extras():
    picks = {p: set(_selected(_marker_env(p, PYTHONS[0]))) for p in PLATFORMS}
    assert "appnope" in picks["macos-arm64"] and not any("appnope" in picks[p] for p in PLATFORMS if "macos" not in p)
    assert {"colorama", "pywinpty"} <= picks["windows-amd64"]
    assert not {"colorama", "pywinpty", "appnope"} & (picks["linux-x86_64"] | picks["linux-aarch64"])
    assert "pexpect" not in picks["windows-amd64"] and "pexpect" in picks["macos-arm64"]


def test_cpu_torch_variant_drops_exactly_the_linux_only_pins():
    """COURSE_TORCH=cpu filters the lock's lines by name; those must be the pins only Linux gets."""
    kept = _read_lock(tasks.cpu_torch_requirements())
    dropped = {canonicalize_name(r.name) for r in LOCK} - {canonicalize_name(r.name) for r in kept}
    off_linux = set().union(*(_selected(_marker_env(p, v)) for p, v in TARGETS if not p.startswith("linux")))
    on_linux = set(_selected(_marker_env("linux-x86_64", PYTHONS[0])))
    assert dropped == on_linux - off_linux
    assert {"torch", "torchvision", "numpy"} <= {canonicalize_name(r.name) for r in kept}


# -- the Python range ------------------------------------------------------------------------------------------------


def _pinned_requires_python() -> dict[str, SpecifierSet]:
    """Requires-Python of every pin installed here (in its pinned version; +cpu builds count as theirs)."""
    pins = {canonicalize_name(r.name): _version(r) for r in LOCK}
    found = {}
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if pins.get(name) == Version(dist.version).public and dist.metadata["Requires-Python"]:
            found[f"{name} {dist.version}"] = SpecifierSet(dist.metadata["Requires-Python"])
    return found


def test_the_range_is_checked_against_the_pins_installed_here():
    names = {key.split()[0] for key in _pinned_requires_python()}
    assert {"torch", "torchvision", "numpy", "matplotlib", "networkx", "jupyterlab"} <= names, "venv is not the lock"


def test_declared_minimum_is_admitted_by_every_pin():
    minimum = PYTHONS[0]
    excluding = {name: str(spec) for name, spec in _pinned_requires_python().items() if not spec.contains(minimum)}
    assert not excluding, f"pyproject says Python >= {minimum}, but these need more: {excluding}"


def test_every_admitted_python_is_admitted_by_every_pin():
    """The upper end too: e.g. torchvision and networkx exclude 3.14.1, so the declared range must."""
    specs = _pinned_requires_python()
    bad = {v: [n for n, s in specs.items() if not s.contains(v)] for v in _admitted_versions()}
    bad = {v: names for v, names in bad.items() if names}
    assert not bad, f"requires-python {REQUIRES_PYTHON} admits versions some locked packages refuse: {bad}"


def test_running_python_is_in_the_declared_range():
    assert REQUIRES_PYTHON.contains(host.python_version())


def test_python_range_is_the_same_in_environment_yml_and_readme():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    (conda_python,) = [d for d in env["dependencies"] if isinstance(d, str) and re.match(r"python\b", d)]
    assert SpecifierSet(conda_python.removeprefix("python").replace(" ", "")) == REQUIRES_PYTHON
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    english, korean = readme.split("## 한국어", 1)
    for part in (english, korean):
        assert f"`{PYPROJECT['project']['requires-python']}`" in part
    assert "3.10+" not in readme
