"""requirements-lock.txt installs on every supported platform and Python, and the declared Python range is honest.

Offline: markers are evaluated with `packaging` against the marker environment each platform reports; the
dependency closure comes from the metadata installed here. `python tools/lock.py --check-wheels` is the networked
counterpart (it asks the package index for every selected wheel).
"""

from __future__ import annotations

import importlib.util
import platform as host
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK_FILE = ROOT / "requirements-lock.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REQUIRES_PYTHON = SpecifierSet(PYPROJECT["project"]["requires-python"])


def _load_lock_tool():
    spec = importlib.util.spec_from_file_location("course_tools_lock", ROOT / "tools" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


lock = _load_lock_tool()
PYTHONS = lock.supported_pythons(REQUIRES_PYTHON)
TARGETS = [(p, v) for p in lock.PLATFORMS for v in PYTHONS]
LINES = lock.read_lock(LOCK_FILE)


def _minimum() -> str:
    (clause,) = [s for s in REQUIRES_PYTHON if s.operator == ">="]
    return clause.version


def _admitted_versions() -> list[str]:
    """Every 3.X.Y (Y < 30) the declared range admits: the minimum, each later patch, each later minor."""
    return [f"{m}.{p}" for m in PYTHONS for p in range(30) if REQUIRES_PYTHON.contains(f"{m}.{p}")]


def _installed_requires_python() -> dict[str, SpecifierSet]:
    return {
        f"{d.metadata['Name']} {d.version}": SpecifierSet(d.metadata["Requires-Python"])
        for d in metadata.distributions()
        if d.metadata["Requires-Python"]
    }


INSTALLED = lock.installed_dists()
# The closure checks read the metadata installed here, which describes every platform only where the lock is made:
# Linux x86_64 with PyPI's torch (its metadata lists the CUDA packages, with their markers). On a laptop (macOS,
# Windows, or Linux with COURSE_TORCH=cpu) they are skipped; the marker-only checks still run.
REFERENCE = (
    sys.platform == "linux"
    and host.machine() == "x86_64"
    and any(r.startswith("nvidia-cudnn") for r in metadata.requires("torch") or [])
)
reference_only = pytest.mark.skipif(not REFERENCE, reason="needs the Linux x86_64 venv of PyPI's torch (CI)")


def _closure(roots: list[Requirement], env: dict[str, str]) -> set[str]:
    """What pip installs for `roots` on that target: the installed metadata, every marker evaluated for it."""
    reached = lock.walk(roots, INSTALLED.get, REQUIRES_PYTHON, env)
    reached.pop(canonicalize_name(PYPROJECT["project"]["name"]), None)
    return set(reached)


def _selected(env: dict[str, str], lines=LINES) -> dict[str, str]:
    chosen = lock.select(lines, env)
    names = [x.key for x in chosen]
    assert len(names) == len(set(names)), f"a distribution is pinned twice for one target: {sorted(names)}"
    return {x.key: x.version for x in chosen}


# -- the Python range ------------------------------------------------------------------------------------------------


def test_declared_minimum_is_admitted_by_every_installed_distribution():
    minimum = _minimum()
    excluding = {name: str(spec) for name, spec in _installed_requires_python().items() if not spec.contains(minimum)}
    assert not excluding, f"pyproject says Python >= {minimum}, but these need more: {excluding}"


def test_every_admitted_python_is_admitted_by_every_installed_distribution():
    """The upper end too: e.g. torchvision and networkx exclude 3.14.1, so the declared range must."""
    specs = _installed_requires_python()
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


# -- the lock file ---------------------------------------------------------------------------------------------------


@reference_only
def test_lock_is_what_tools_lock_writes_from_this_environment():
    """The venv CI tests is the lock: regenerate it after changing dependencies (`make lock`)."""
    assert lock.build_lock() == LOCK_FILE.read_text(encoding="utf-8"), "requirements-lock.txt is stale: make lock"


def test_every_line_is_an_exact_pin_and_the_header_says_how_it_was_made():
    text = LOCK_FILE.read_text(encoding="utf-8")
    assert "make lock" in text.split("\n\n", 1)[0] and "tools/lock.py" in text
    assert all(line.version for line in LINES)
    assert {"ruff", "torch", "torchvision"} <= {x.key for x in LINES}
    assert next(x for x in LINES if x.key == "ruff").version == "0.17.6"


@reference_only
def test_platform_specific_pins_keep_the_markers_torch_declares():
    """torch requires e.g. `nvidia-cudnn-cu13==...; platform_system == "Linux"`: the lock carries that marker."""
    torch_requires = [Requirement(r) for r in metadata.requires("torch")]
    lock_markers = {x.key: x.marker for x in LINES}
    marked = [r for r in torch_requires if r.marker and "extra" not in str(r.marker)]
    assert marked, "torch declares no platform-specific dependency any more: revisit this test"
    for req in marked:
        assert lock_markers[canonicalize_name(req.name)] is not None, f"{req.name} lost its marker {req.marker}"


# -- every target ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("platform", "python"), TARGETS, ids=[f"{p}-py{v}" for p, v in TARGETS])
def test_no_linux_only_package_is_selected_off_linux(platform, python):
    env = lock.marker_env(platform, python, REQUIRES_PYTHON)
    linux_only = sorted(n for n in _selected(env) if lock.LINUX_ONLY.match(n))
    if env["platform_system"] == "Linux":
        # the Linux wheels of torch are CUDA builds: without these the lock would not install torch there
        assert {"nvidia-cudnn-cu13", "nvidia-cublas", "cuda-toolkit"} <= set(linux_only)
    else:
        assert linux_only == [], f"{platform} has no wheels for these: {linux_only}"


@reference_only
@pytest.mark.parametrize(("platform", "python"), TARGETS, ids=[f"{p}-py{v}" for p, v in TARGETS])
def test_course_runtime_and_its_dependencies_are_selected_everywhere(platform, python):
    env = lock.marker_env(platform, python, REQUIRES_PYTHON)
    runtime = _closure([Requirement(r) for r in PYPROJECT["project"]["dependencies"]], env)
    assert {"torch", "torchvision", "numpy", "matplotlib", "torchinfo"} <= runtime
    missing = sorted(runtime - set(_selected(env)))
    assert not missing, f"{platform}, Python {python}: needed at run time but not selected: {missing}"


@reference_only
@pytest.mark.parametrize(("platform", "python"), TARGETS, ids=[f"{p}-py{v}" for p, v in TARGETS])
def test_the_selection_is_exactly_what_the_project_needs_there(platform, python):
    """Complete (nothing pip would have to fetch unpinned) and minimal (nothing that target cannot or need not use)."""
    env = lock.marker_env(platform, python, REQUIRES_PYTHON)
    needed = _closure(lock.project_roots(ROOT / "pyproject.toml"), env)
    selected = set(_selected(env))
    assert sorted(needed - selected) == [], "required there but not pinned for it"
    assert sorted(selected - needed) == [], "pinned there but nothing requires it"


def test_each_platform_gets_its_own_extras():
    picks = {p: set(_selected(lock.marker_env(p, PYTHONS[0], REQUIRES_PYTHON))) for p in lock.PLATFORMS}
    assert "appnope" in picks["macos-arm64"] and "appnope" not in picks["linux-x86_64"]
    assert {"colorama", "pywinpty"} <= picks["windows-amd64"]
    assert not {"colorama", "pywinpty", "appnope"} & picks["linux-aarch64"]
    assert "pexpect" not in picks["windows-amd64"] and "pexpect" in picks["macos-arm64"]


# -- the marker algebra in tools/lock.py -----------------------------------------------------------------------------


def _dnf(text: str, extra: str = "", env=None):
    frozen = None if env is None else tuple(sorted(env.items()))
    return lock.requirement_dnf(Requirement(f"x ; {text}"), lock.Resolver(str(REQUIRES_PYTHON), frozen, extra))


def test_markers_resolve_extras_and_python_versions_against_the_declared_range():
    assert _dnf('extra == "cublas"', extra="cublas") == lock.TRUE
    assert _dnf('extra == "cublas"', extra="") == lock.FALSE
    assert _dnf('python_version < "3.11"') == lock.FALSE  # below the declared minimum
    assert _dnf('python_version >= "3.8"') == lock.TRUE
    assert lock.render(_dnf('python_version < "3.12"')) == 'python_version < "3.12"'  # true for some, not all


def test_markers_combine_along_paths_and_simplify():
    torch_edge = _dnf('platform_system == "Linux"')
    toolkit_edge = _dnf(
        "(sys_platform == 'linux' and platform_machine == 'aarch64' or sys_platform == 'linux' and "
        "platform_machine == 'x86_64' or sys_platform == 'win32' and platform_machine == 'AMD64') and extra == 'cufft'",
        extra="cufft",
    )
    combined = lock.dnf_and(torch_edge, toolkit_edge)  # the win32 branch contradicts Linux and disappears
    assert lock.render(combined) == (
        'platform_system == "Linux" and (platform_machine == "aarch64" or platform_machine == "x86_64")'
    )
    assert lock.dnf_or(combined, torch_edge) == torch_edge  # absorption
    both = lock.dnf_or(_dnf('python_version < "3.14"'), _dnf('python_version >= "3.14"'))
    assert both == lock.TRUE  # complementary branches


def test_build_lock_refuses_a_dependency_it_cannot_pin(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\nrequires-python = ">=3.11.5,<3.15"\ndependencies = ["a>=1"]\n'
        "[project.optional-dependencies]\ndev = []\n",
        encoding="utf-8",
    )
    extra = tmp_path / "extra.txt"
    extra.write_text("c==1.0\n", encoding="utf-8")
    installed = {"a": lock.Dist("a", "1.0", ['b ; sys_platform == "win32"'])}
    with pytest.raises(SystemExit, match=r"b \(needed where sys_platform == \"win32\".*neither installed"):
        lock.build_lock(tmp_path / "pyproject.toml", extra, installed)
    extra.write_text("b==2.0\nc==1.0\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="nothing requires: c"):
        lock.build_lock(tmp_path / "pyproject.toml", extra, installed)
    extra.write_text("b==2.0\n", encoding="utf-8")
    text = lock.build_lock(tmp_path / "pyproject.toml", extra, installed)
    assert text.endswith('a==1.0\nb==2.0 ; sys_platform == "win32"\n')
    installed["a"] = lock.Dist("a", "0.9", [])
    with pytest.raises(SystemExit, match="a 0.9 does not satisfy"):
        lock.build_lock(tmp_path / "pyproject.toml", extra, installed)
