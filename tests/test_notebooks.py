"""Notebook pairs stay in sync and the stored outputs are a clean, in-order, full-mode run.

Executing the notebooks is nbval's job (`make test` runs it in smoke mode); these checks read files only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import pytest

NB_DIR = Path(__file__).resolve().parent.parent / "notebooks"
IPYNBS = sorted(NB_DIR.glob("*.ipynb")) + sorted(NB_DIR.glob("solutions/*.ipynb"))
PYS = sorted(NB_DIR.glob("*.py"))
# text that must never appear in stored outputs: PyTorch misuse warnings, tracebacks, smoke-mode runs
FORBIDDEN = [
    "lr_scheduler.step()",
    "UserWarning",
    "FutureWarning",
    "DeprecationWarning",
    "Traceback",
    "[smoke mode]",
    "Accucracy",
    "does not have a glyph",  # matplotlib: a character missing from the font (drawn as a box)
    "missing from font",
]


def _cells(path: Path):
    return [(c.cell_type, c.source.strip()) for c in jupytext.read(path).cells]


def test_every_notebook_has_a_partner():
    sources = PYS + sorted(NB_DIR.glob("solutions/*.py"))
    assert {p.with_suffix("") for p in IPYNBS} == {p.with_suffix("") for p in sources}


def test_every_lesson_has_a_solutions_notebook():
    assert {p.stem + "_solutions" for p in PYS} == {p.stem for p in NB_DIR.glob("solutions/*.py")}


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.name)
def test_pair_sources_match(ipynb):
    assert _cells(ipynb) == _cells(ipynb.with_suffix(".py")), (
        f"{ipynb.name} differs from its .py: run `jupytext --to ipynb --update {ipynb.with_suffix('.py')}` "
        "and re-execute it"
    )


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.name)
def test_stored_outputs_are_a_clean_in_order_run(ipynb):
    nb = json.loads(ipynb.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), "not executed top to bottom"
    for c in code:
        assert "execution" not in c.get("metadata", {}), "per-run timing metadata stored"
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"error output in cell: {''.join(c['source'])[:80]}"
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            for bad in FORBIDDEN:
                assert bad not in text, f"{bad!r} in the output of: {''.join(c['source'])[:80]}"


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.name)
def test_deterministic_cells_are_checked_by_nbval(ipynb):
    """Each notebook has cells nbval compares (the cell tag, which learners do not see in the cell's code)."""
    py_cells = jupytext.read(ipynb.with_suffix(".py")).cells
    nb_cells = json.loads(ipynb.read_text(encoding="utf-8"))["cells"]
    assert any("nbval-check-output" in c.metadata.get("tags", []) for c in py_cells)
    tagged_py = [c.source.strip() for c in py_cells if "nbval-check-output" in c.metadata.get("tags", [])]
    tagged_nb = [
        "".join(c["source"]).strip() for c in nb_cells if "nbval-check-output" in c["metadata"].get("tags", [])
    ]
    assert tagged_py == tagged_nb, "the .ipynb lost or gained nbval tags: run `jupytext --to ipynb --update` on the .py"
    assert not any("NBVAL_" in c.source for c in py_cells), "use the cell tag, not a comment learners read"


def test_results_summary_matches_lesson_06_output():
    nb_path = NB_DIR / "07_comparison.ipynb"
    summary = NB_DIR.parent / "results" / "summary.md"
    if not nb_path.exists():
        pytest.skip("lesson 07 not written yet")
    assert summary.exists(), "results/summary.md missing: run `make course`"
    text = summary.read_text(encoding="utf-8")
    start = text.index("| experiment |")
    table = text[start : text.index("\n\n", start)]  # the comparison table: up to the first blank line
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    shown = [
        "".join(out.get("data", {}).get("text/markdown", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for out in c["outputs"]
    ]
    assert any(table in s for s in shown), "the comparison table in results/summary.md is not the one lesson 07 shows"


def test_every_glossary_link_has_an_entry():
    glossary = (NB_DIR / "glossary.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', glossary))
    sources = PYS + sorted((NB_DIR / "solutions").glob("*.py"))
    links = {
        (p.name, a) for p in sources for a in re.findall(r"glossary\.md#([a-z0-9-]+)", p.read_text(encoding="utf-8"))
    }
    assert {p for p, _ in links} >= {p.name for p in PYS}, "every lesson links to the glossary at least once"
    missing = sorted((p, a) for p, a in links if a not in anchors)
    assert missing == [], f"glossary links without an entry in notebooks/glossary.md: {missing}"


def _unescaped_tildes(markdown: str) -> list[str]:
    text = re.sub(r"`[^`]*`|\$[^$]*\$", "", markdown)  # code spans and math keep their tildes
    return [line for line in text.splitlines() if re.search(r"(?<!\\)~", line)]


def test_range_tildes_are_escaped_so_they_do_not_strike_text_through():
    """In Markdown two ``~`` in a paragraph strike the text between them through ("0.2~0.5 ... 3~4"); write ``\\~``."""
    assert _unescaped_tildes("epoch 5\\~9, `a ~ b`, $x \\sim y$") == []
    assert _unescaped_tildes("epoch 5~9") == ["epoch 5~9"]
    sources = PYS + sorted((NB_DIR / "solutions").glob("*.py"))
    found = [
        (p.name, line)
        for p in sources
        for cell in jupytext.read(p).cells
        if cell.cell_type == "markdown"
        for line in _unescaped_tildes(cell.source)
    ]
    assert found == [], f"unescaped ~ in lesson text (write \\~): {found[:5]}"


def test_glossary_names_the_lesson_that_first_links_each_term():
    """The "처음 나오는 곳" column is the first lesson (by number) that links the entry, and every entry is linked."""
    glossary = (NB_DIR / "glossary.md").read_text(encoding="utf-8")
    rows = re.findall(r'<a id="([a-z0-9-]+)"></a>[^|]*\|[^|]*\|[^|]*\|\s*\[(\d\d)\]\((\d\d_[a-z_]+)\.ipynb\)', glossary)
    assert len(rows) == len(re.findall(r'<a id="', glossary)), (
        "every glossary row names its lesson as [NN](NN_topic.ipynb)"
    )
    first: dict[str, str] = {}
    for py in PYS:  # sorted by lesson number
        for anchor in re.findall(r"glossary\.md#([a-z0-9-]+)", py.read_text(encoding="utf-8")):
            first.setdefault(anchor, py.name[:2])
    wrong = [(a, n, first.get(a)) for a, n, _ in rows if first.get(a) != n]
    assert wrong == [], f"(entry, glossary says, first linked in): {wrong}"
    assert all(stem.startswith(n) and (NB_DIR / f"{stem}.ipynb").exists() for _, n, stem in rows)
