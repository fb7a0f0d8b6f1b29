"""The course website (`make book`, tools/book.py): built from the stored notebooks, every internal link and anchor
resolves, the lessons' links, hints, figures and tables are there, and search finds Korean words."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted(p.stem for p in (ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))


def _load_book():
    spec = importlib.util.spec_from_file_location("course_book", ROOT / "tools" / "book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


book = _load_book()


class Page(HTMLParser):
    """The ids of an HTML page, its links (a href, img src, link href, script src) and its <details> tags."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.details: list[dict] = []
        self.images: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) is not None and tag in ("a", "img", "link", "script"):
                self.links.append(attrs[key])
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag == "details":
            self.details.append(attrs)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The whole site, built once (about 15 s: nothing is executed)."""
    out = tmp_path_factory.mktemp("book")
    # in a subprocess: Sphinx and its extensions stay out of this test process (they change what it imports)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "book.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"the build failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    return out / "html"


@pytest.fixture(scope="module")
def pages(site) -> dict[Path, Page]:
    # _static/ holds the theme's Jinja macro files (*.html templates, not pages)
    return {p: Page(p.read_text(encoding="utf-8")) for p in site.rglob("*.html") if "_static" not in p.parts}


def _is_external(link: str) -> bool:
    return bool(urlsplit(link).scheme) or link.startswith("//")


def test_every_internal_link_and_anchor_resolves(site, pages):
    broken = []
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            if _is_external(link) or not link or link == "#":
                continue
            parts = urlsplit(link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    assert checked > 1000
    assert not broken, "\n".join(broken)


def test_every_page_of_the_course_is_on_the_site_in_order(site):
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    expected = {f"notebooks/{n}.html" for n in LESSONS} | {f"notebooks/solutions/{n}.html" for n in SOLUTIONS}
    assert expected | {"index.html", "notebooks/glossary.html", "book/instructor.html", "search.html"} <= built
    nav = (site / "index.html").read_text(encoding="utf-8")
    order = [nav.index(f'href="notebooks/{n}.html"') for n in LESSONS]
    assert order == sorted(order) and len(LESSONS) == 8


def _markdown_links(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("name", LESSONS)
def test_the_lessons_links_to_lessons_solutions_and_glossary_are_links_on_the_site(site, pages, name):
    """Each `[..](X.ipynb)` / `[..](glossary.md#anchor)` of the lesson is an <a href="X.html..."> on its page."""
    links = [x for x in _markdown_links(ROOT / "notebooks" / f"{name}.ipynb") if not _is_external(x)]
    assert any("glossary.md#" in x for x in links)
    on_page = set(pages[site / "notebooks" / f"{name}.html"].links)
    expected = {re.sub(r"\.(ipynb|md)(#|$)", r".html\2", x) for x in links}
    assert not expected - on_page, f"rendered as text, not as a link: {sorted(expected - on_page)}"


@pytest.mark.parametrize("name", LESSONS)
def test_hints_and_answers_are_collapsed_and_figures_are_stored_ones(site, pages, name):
    nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    figures = sum("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
    page = pages[site / "notebooks" / f"{name}.html"]
    assert len(page.details) == markdown.count("<details>") >= 5
    assert all("open" not in attrs for attrs in page.details), "a <details> block renders open"
    assert len([src for src in page.images if "_images/" in src]) == figures


def test_the_home_page_is_the_readmes_course_map(site, pages):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "강좌 구성" in html and "<table" in html and 'lang="ko"' in html
    links = pages[site / "index.html"].links
    assert {f"notebooks/{n}.html" for n in LESSONS} <= set(links)
    assert "book/instructor.html" in links and "notebooks/glossary.html" in links
    assert "](" not in html, "a Markdown link was left as text"


def _search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def test_search_finds_korean_words_with_particles_attached(site):
    index = _search_index(site)
    docs = index["docnames"]

    def found(term: str) -> set[str]:
        hits = [index[kind].get(term, []) for kind in ("terms", "titleterms")]
        return {docs[i] for h in hits for i in ([h] if isinstance(h, int) else h)}

    assert {"notebooks/glossary", "notebooks/01_model_capacity"} <= found("과적합")
    assert "notebooks/02_dropout" in found("dropout")  # `Dropout을`: the English word without the particle
    assert found("판정") >= {f"notebooks/{n}" for n in LESSONS[2:]}
    language_data = (site / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "function splitQuery" in language_data and "\\uAC00" in language_data


def test_korean_terms_split_scripts_and_index_prefixes():
    terms = book_ext().korean_terms("Dropout을 쓰면 과적합이 줄어든다 (epoch 10)")
    assert terms == ["Dropout", "쓰면", "과적", "과적합", "과적합이", "줄어", "줄어든", "줄어든다", "epoch", "10"]


def book_ext():
    spec = importlib.util.spec_from_file_location("course_site", ROOT / "book" / "_ext" / "course_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_home_page_links_to_files_off_the_site_go_to_the_repository_or_become_text():
    readme = "# T\n\n## 한국어\n\nintro\n\n### 강좌 구성\n\n[00](notebooks/00_a.ipynb) [r](results/summary.md) "
    readme += "[s](notebooks/solutions/) [laptops](#노트북-컴퓨터에서-laptops)\n\n"
    readme += "### 혼자 공부하는 방법\n\nx\n\n---\n\n## English\n"
    docs = {"index", "book/instructor", "notebooks/00_a"}
    with_repo = book.home_page(readme, docs, "https://example.org/o/r", "main")
    assert "[00](notebooks/00_a.ipynb)" in with_repo
    assert "[r](https://example.org/o/r/blob/main/results/summary.md)" in with_repo
    assert "[s](https://example.org/o/r/tree/main/notebooks/solutions/)" in with_repo
    assert "[laptops](https://example.org/o/r/blob/main/README.md#노트북-컴퓨터에서-laptops)" in with_repo
    without = book.home_page(readme, docs, "", "main")
    assert "[00](notebooks/00_a.ipynb)" in without and " r " in without and "[r]" not in without
    assert "English" not in without and without.startswith("# T\n\nintro\n\n## 강좌 구성")


def test_the_repository_url_comes_from_the_environment_or_the_origin_remote(monkeypatch):
    monkeypatch.setenv("COURSE_REPOSITORY_URL", "https://github.com/o/r.git")
    assert book.repository_url() == "https://github.com/o/r"
    monkeypatch.setenv("COURSE_REPOSITORY_URL", "git@github.com:o/r.git")
    assert book.repository_url() == "https://github.com/o/r"


def test_the_instructor_pages_times_are_the_readmes_measured_ones():
    """One set of measured full-mode times: the instructor page's table and date are the README's course map's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \|.*\| (\d+) \+ (\d+) s \|$", readme, re.M)
    measured = {n: (lesson, solutions) for n, lesson, solutions in rows}
    page = (ROOT / "book" / "instructor.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| [^|]+ \| (\d+)초 \| (\d+)초 \|", page, re.M)
    assert len(measured) == 8 and {n: (lesson, solutions) for n, lesson, solutions in rows} == measured
    (date,) = re.findall(r"시간은 (\d{4}-\d\d-\d\d)에 `make course`", readme)
    assert f"**잰 기계와 날짜**: {date}," in page
