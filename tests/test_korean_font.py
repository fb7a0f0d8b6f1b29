"""The bundled Korean font: Korean plots render without missing-glyph warnings, offline, and the check can fail."""

from __future__ import annotations

import warnings
from io import BytesIO

import matplotlib as mpl
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course_lib.korean_font import FONT_PATH, use_korean_font

TITLE = "검증 정확도 비교: 학습률 0.1 → 0.01"
# Symbols the lessons use next to Korean text (U+2212 is absent on purpose: see test_minus_sign_choice).
SYMBOLS = "×≈≠≤≥→←±·…“”‘’°"


@pytest.fixture(autouse=True)
def _plain_rcparams():
    """Start from matplotlib's own settings (importing course_lib.plots already applied the font) and restore after."""
    with mpl.rc_context():
        mpl.rc_file_defaults()
        yield


def _korean_figure() -> Figure:
    """Korean title, axis labels and legend over a negative y range, on an Agg canvas (no pyplot, no backend)."""
    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot([1, 2, 3], [-0.5, 0.2, 0.9], label="검증 정확도")
    ax.plot([1, 2, 3], [0.8, -0.1, -0.7], label="학습 손실")
    ax.set_ylim(-1, 1)
    ax.set_title(TITLE)
    ax.set_xlabel("Epoch (에폭)")
    ax.set_ylabel("검증 정확도 (validation accuracy)")
    ax.legend(title="범례 " + SYMBOLS)
    return fig


def test_korean_plot_renders_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph ... missing from font(s)" warning fails the test
        family = use_korean_font()
        fig = _korean_figure()
        fig.canvas.draw()
        fig.savefig(BytesIO(), format="png")
    ax = fig.axes[0]
    # The Korean text really comes from the bundled file, not from some font that happens to be installed.
    assert font_manager.findfont(ax.title.get_fontproperties()) == str(FONT_PATH)
    assert mpl.rcParams["font.family"] == [family, "DejaVu Sans"]
    assert mpl.rcParams["font.sans-serif"][:2] == [family, "DejaVu Sans"]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "-1.00" in labels, labels  # ASCII hyphen-minus on negative ticks
    assert not any("\N{MINUS SIGN}" in label for label in labels)


def test_without_the_font_korean_text_warns():
    """The check above can fail: with matplotlib's default font alone the same title is missing glyphs."""
    with mpl.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        FigureCanvasAgg(fig)
        fig.subplots().set_title(TITLE)
        with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font\(s\) DejaVu Sans"):
            fig.canvas.draw()


def test_subset_has_every_hangul_syllable_and_ascii():
    cmap = TTFont(FONT_PATH).getBestCmap()
    missing = [f"U+{cp:04X}" for cp in range(0xAC00, 0xD7A3 + 1) if cp not in cmap]
    assert not missing, f"{len(missing)} Hangul syllables missing, e.g. {missing[:5]}"
    assert [chr(cp) for cp in range(0x20, 0x7F) if cp not in cmap] == []
    assert [chr(cp) for cp in range(0x3131, 0x318E + 1) if cp not in cmap] == []  # compatibility jamo: ㄱ ㅏ ㅋㅋ
    assert [c for c in SYMBOLS if ord(c) not in cmap] == []


def test_minus_sign_for_log_axes():
    """NanumGothic lacks U+2212; the subset adds one: log-axis ticks (mathtext 10^-2) draw it with no fallback."""
    assert ord("\N{MINUS SIGN}") in TTFont(FONT_PATH).getBestCmap()
    use_korean_font()
    assert mpl.rcParams["axes.unicode_minus"] is False  # plain ticks keep the Korean font's own hyphen-minus
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = Figure()
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        ax.plot([1e-3, 1e-1, 1.0], [1, 2, 3])
        ax.set_xscale("log")
        ax.set_title("로그 축 (log)")
        fig.savefig(BytesIO(), format="png")


def test_family_is_renamed_and_calls_are_idempotent():
    family = use_korean_font()
    # A subset is a Modified Version under the SIL OFL: it may not carry the Reserved Font Name "NanumGothic".
    assert family == "Course Gothic KR"
    entries = [e for e in font_manager.fontManager.ttflist if e.fname == str(FONT_PATH)]
    rc = {k: mpl.rcParams[k] for k in ("font.family", "font.sans-serif", "axes.unicode_minus")}

    assert use_korean_font() == family
    assert [e for e in font_manager.fontManager.ttflist if e.fname == str(FONT_PATH)] == entries  # not re-added
    assert {k: mpl.rcParams[k] for k in rc} == rc  # nothing prepended twice
