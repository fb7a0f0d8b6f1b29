"""그래프에 한글 쓰기: 패키지에 들어 있는 한글 글꼴을 matplotlib에 등록한다 (인터넷·시스템 글꼴 필요 없음).

글꼴은 나눔고딕(NanumGothic, SIL OFL 1.1)의 부분 집합으로, 라이선스 규정에 따라 이름을 "Course Gothic KR"로 바꿨다.
만든 방법은 fonts/README.md에 있다.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

__all__ = ["FONT_PATH", "use_korean_font"]

FONT_PATH: Path = Path(__file__).parent / "fonts" / "NanumGothic-subset.ttf"

# DejaVu Sans ships with matplotlib; listed after the Korean font it draws what the subset lacks
# (per-glyph fallback, matplotlib >= 3.6), so a stray character never becomes an empty box.
_FALLBACK = "DejaVu Sans"


def _registered_family() -> str | None:
    """Family name of FONT_PATH if fontManager already knows the file (a scan of a few hundred entries)."""
    return next((entry.name for entry in font_manager.fontManager.ttflist if entry.fname == str(FONT_PATH)), None)


def use_korean_font() -> str:
    """패키지에 든 한글 글꼴을 matplotlib 기본 글꼴로 정하고 그 글꼴 이름을 돌려준다 (여러 번 불러도 된다)."""
    family = _registered_family()
    if family is None:
        # Every face in fonts/ (today only the regular one; a bold subset would be picked up too).
        for path in sorted(FONT_PATH.parent.glob("*.ttf")):
            font_manager.fontManager.addfont(path)  # also clears findfont's cache
        family = font_manager.FontProperties(fname=FONT_PATH).get_name()
    # An explicit list, not the generic "sans-serif": a generic name resolves to ONE font, which would leave
    # no fallback. font.sans-serif is updated too, for code that asks for family="sans-serif".
    mpl.rcParams["font.family"] = [family, _FALLBACK]
    others = [name for name in mpl.rcParams["font.sans-serif"] if name not in (family, _FALLBACK)]
    mpl.rcParams["font.sans-serif"] = [family, _FALLBACK, *others]
    # NanumGothic has no U+2212 MINUS SIGN; the subset adds a synthesized one only for mathtext (log-axis ticks),
    # which has no font fallback. Plain negative ticks use the Korean font's own ASCII hyphen-minus, which matches
    # its digits: what Korean matplotlib setups conventionally choose.
    mpl.rcParams["axes.unicode_minus"] = False
    return family
