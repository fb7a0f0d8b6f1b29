"""Sphinx extension of the course website: Korean search, and the glossary's HTML anchors as link targets.

- Search: Sphinx has no Korean search language (for `ko` it falls back to English, which indexes `과적합이` and
  `Dropout을` as single words, so a search for 과적합 or dropout misses them). `SearchKorean` splits a word where
  Hangul meets another script and indexes each Hangul word with its prefixes (과적합이 -> 과적, 과적합, 과적합이), so a
  search for a word finds it with any particle or ending attached; Latin words are stemmed as in English.
- Anchors: the glossary marks its entries with `<a id="overfitting"></a>`; MyST resolves `glossary.md#overfitting`
  only against heading slugs and warns. The raw anchors are registered as the document's slugs, so such links
  resolve without a warning (and a link to an anchor that does not exist still warns).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
RUNS = re.compile(f"[{HANGUL}]+|[^{HANGUL}]+")
HTML_ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")

# the query side of `SearchKorean.split`: words, then split where Hangul meets another script (no `<`, `>` or `&`
# here: Sphinx inserts this text into language_data.js with HTML escaping)
JS_SPLITTER = r"""
function splitQuery(query) {
  var words = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu);
  var runs = [];
  words.forEach(function (word) {
    (word.match(/[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]+|[^\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]+/g) || [])
      .forEach(function (run) { runs.push(run); });
  });
  return runs.filter(function (run) { return run; });
}
"""


def is_hangul(text: str) -> bool:
    return bool(re.match(f"[{HANGUL}]", text))


def korean_terms(text: str) -> list[str]:
    """Index terms of a text: Latin words as they are, each Hangul word of 2+ syllables with its 2+ prefixes."""
    terms = []
    for word in re.findall(r"\w+", text):
        for run in RUNS.findall(word):
            if not is_hangul(run):
                terms.append(run)
            elif len(run) >= 2:
                terms.extend(run[:end] for end in range(2, len(run) + 1))
    return terms


class SearchKorean(SearchEnglish):
    """Korean search: Hangul words with their prefixes, English words stemmed (the course mixes both)."""

    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return korean_terms(input)

    def word_filter(self, word: str) -> bool:
        return is_hangul(word) or super().word_filter(word)


def register_html_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """`<a id="x"></a>` in a document's raw HTML becomes a target of `doc.md#x` links."""
    metadata = app.env.metadata[app.env.docname]
    slugs = metadata.setdefault("myst_slugs", {})
    for raw in doctree.findall(nodes.raw):
        for anchor in HTML_ANCHOR.findall(raw.astext()):
            slugs.setdefault(anchor, (raw.line or 0, anchor, anchor))


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchKorean)
    app.connect("doctree-read", register_html_anchors)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
