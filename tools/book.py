"""`make book`: the course website (Jupyter Book 1.x, Sphinx) from the stored notebooks, offline, nothing executed.

    python tools/book.py                  # the whole site -> book/_build/html/index.html
    python tools/book.py --out DIR        # build somewhere else (tests/test_book.py builds into a temporary folder)

The build folder mirrors the repository (index.md, notebooks/..., book/instructor.md), so the links in the README's
course map and in the lessons (`00_data_and_training_loop.ipynb`, `glossary.md#overfitting`, `solutions/...`) stay
as they are. The home page is the README's Korean introduction and course map; links to repository files that are
not on the site point to the repository (COURSE_REPOSITORY_URL, else git's origin remote) or, with neither, become
plain file names. Sphinx warnings fail the build (a link to a missing page or anchor is a warning).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
DEFAULT_OUT = BOOK / "_build"
README_SECTIONS = ("강좌 구성", "혼자 공부하는 방법")  # the README's `###` sections that go on the home page
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def repository_url() -> str:
    """The repository's web address: COURSE_REPOSITORY_URL (CI sets it), else git's origin remote, else ""."""
    url = os.environ.get("COURSE_REPOSITORY_URL", "").strip()
    if not url:
        try:
            url = subprocess.run(
                ["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""
    url = re.sub(r"^git@([^:]+):", r"https://\1/", url)  # git@github.com:owner/repo.git -> https://github.com/...
    return url.removesuffix(".git").rstrip("/") if url.startswith("https://") else ""


def site_documents() -> list[str]:
    """The documents of the table of contents, as paths relative to the build folder (without suffix)."""
    return re.findall(r"^\s*(?:root|- file):\s*(\S+)", (BOOK / "_toc.yml").read_text(encoding="utf-8"), re.M)


def rewrite_link(text: str, target: str, docs: set[str], repo: str, branch: str) -> str:
    """A README link for the home page: kept if its page is on the site, else to the repository (or plain text)."""
    if re.match(r"^[a-z]+:", target):
        return f"[{text}]({target})"
    path, _, anchor = target.partition("#")
    if path and str(PurePosixPath(path).with_suffix("")) in docs:
        return f"[{text}]({target})"
    if repo:
        kind = "tree" if path.endswith("/") else "blob"
        return f"[{text}]({repo}/{kind}/{branch}/{path or 'README.md'}{'#' + anchor if anchor else ''})"
    return text


def home_page(readme: str, docs: set[str], repo: str, branch: str) -> str:
    """index.md: the README's Korean title, introduction and course-map sections, links made to work on the site."""
    korean = readme.split("\n## 한국어\n", 1)[1].split("\n---\n", 1)[0]
    title = readme.splitlines()[0]
    intro = korean.split("\n### ", 1)[0].strip()
    sections = {s.split("\n", 1)[0].strip(): s.split("\n", 1)[1] for s in korean.split("\n### ")[1:]}
    parts = [title, intro]
    for name in README_SECTIONS:
        parts.append(f"## {name}\n{sections[name].rstrip()}")
    where = f"[저장소]({repo}/tree/{branch}/notebooks)" if repo else "저장소의 `notebooks/` 폴더"
    parts.append(
        "## 이 사이트\n\n"
        "이 사이트는 저장소의 노트북을 **저장된 출력 그대로** 보여 줍니다(사이트를 만들 때 다시 실행하지 않음). "
        f"노트북 원본(`.ipynb`, Jupytext `.py`)은 {where}에 있고, 각 페이지 위의 내려받기 단추로 그 페이지의 "
        "`.ipynb`를 받을 수 있습니다. 직접 실행하려면 저장소를 받아 `make lab`을 쓰세요. "
        "수업에 쓰는 분은 [강사용 안내](book/instructor.md)를 보세요."
    )
    page = "\n\n".join(parts) + "\n"
    return LINK.sub(lambda m: rewrite_link(m.group(1), m.group(2), docs, repo, branch), page)


def stage(src: Path, repo: str, branch: str) -> None:
    """Lay out the build folder: book/ (config, toc, extension, pages), the notebooks and the glossary, index.md."""
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(BOOK / "_ext", src / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("_config.yml", "_toc.yml"):
        shutil.copyfile(BOOK / name, src / name)
    docs = site_documents()
    for doc in docs:
        if doc != "index":  # notebooks/... and book/... pages, at the same paths as in the repository
            suffix = ".md" if (ROOT / f"{doc}.md").is_file() else ".ipynb"
            (src / doc).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / f"{doc}{suffix}", src / f"{doc}{suffix}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(home_page(readme, set(docs), repo, branch), encoding="utf-8")
    config = src / "_config.yml"
    text = config.read_text(encoding="utf-8").replace('url: ""', f'url: "{repo}"', 1)
    text = text.replace("branch: main", f"branch: {branch}", 1)
    if not repo:
        text = text.replace("use_repository_button: true", "use_repository_button: false", 1)
    config.write_text(text, encoding="utf-8")


def build(out: Path) -> int:
    from jupyter_book.cli.main import main as jupyter_book  # the dev extra; imported here so --help works without

    repo, branch = repository_url(), os.environ.get("COURSE_REPOSITORY_BRANCH", "main")
    src = out / "src"
    started = time.perf_counter()
    stage(src, repo, branch)
    # -W --keep-going: every warning (a missing page or anchor among them) is listed, and fails the build
    args = ["build", str(src), "--path-output", str(out / "site"), "--all", "-W", "--keep-going", "-q"]
    try:
        jupyter_book(args, standalone_mode=False)
    except SystemExit as stop:  # jupyter-book exits 1 on warnings with -W
        if stop.code:
            print(f"book: the build failed ({out / 'site' / '_build' / 'html'})", file=sys.stderr)
            return int(stop.code) if isinstance(stop.code, int) else 1
    html = out / "html"
    shutil.rmtree(html, ignore_errors=True)
    shutil.move(str(out / "site" / "_build" / "html"), html)
    shutil.rmtree(out / "site", ignore_errors=True)
    seconds = time.perf_counter() - started
    link = repo or "none (set COURSE_REPOSITORY_URL)"
    print(f"book: {html / 'index.html'} ({seconds:.0f} s; repository: {link})")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="build folder (default: book/_build)")
    args = parser.parse_args(argv)
    return build(args.out.resolve())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
