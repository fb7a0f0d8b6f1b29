"""Re-create NanumGothic-subset.ttf from Debian's fonts-nanum package (a maintainer tool, not used at run time).

    apt-get download fonts-nanum                      # fonts-nanum_20200506-1_all.deb
    dpkg -x fonts-nanum_20200506-1_all.deb /tmp/nanum
    .venv/bin/python tools/make_font_subset.py /tmp/nanum/usr/share/fonts/truetype/nanum/NanumGothic.ttf

The output goes to course_lib/fonts/, beside the licence. NanumGothicBold.ttf works the same way
(-> NanumGothicBold-subset.ttf, 1.4 MB; not shipped, see course_lib/fonts/README.md). The glyph step equals the
pyftsubset command in that README; this script adds the renaming that the SIL OFL 1.1 asks of a Modified Version
("NanumGothic" is a Reserved Font Name), so the output is reproducible.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# SHA-256 of the sources in fonts-nanum 20200506-1 (NanumGothic 3.021)
SOURCE_SHA256 = {
    "NanumGothic.ttf": "48a28e97b34fc8e5b157657633670cd1b7de126cfc414da65ce9c3d5bc8be733",
    "NanumGothicBold.ttf": "454eb3f503f377782a99eb84fc4bb7dde22a0f075d41b47427737f2985053bc9",
}
FAMILY = "Course Gothic KR"
FONTS = Path(__file__).resolve().parent.parent / "course_lib" / "fonts"  # where the subset is shipped

# What a learner may type into a plot title or label.
UNICODES = ",".join(
    [
        "U+0020-007E",  # Basic Latin
        "U+00A0-00FF",  # Latin-1 Supplement (° ± · × ÷)
        "U+0370-03FF",  # Greek (α β η λ σ in formulas)
        "U+2010-205E",  # General Punctuation (– — ‘ ’ “ ” …)
        "U+2070-209F",  # superscripts and subscripts
        "U+20A0-20CF",  # currency (₩ €)
        "U+2100-218F",  # letterlike symbols, number forms (℃ ½ Ⅱ)
        "U+2190-21FF",  # arrows (← → ⇒)
        "U+2200-22FF",  # mathematical operators (≈ ≠ ≤ ≥ √ ∞ ∑); U+2212 − is not in NanumGothic
        "U+2460-24FF",  # enclosed alphanumerics (① ②)
        "U+25A0-25FF",  # geometric shapes (■ ● ▲)
        "U+2600-26FF",  # miscellaneous symbols (★ ☆)
        "U+3000-303F",  # CJK symbols and punctuation (「 」 〈 〉)
        "U+3131-318E",  # Hangul Compatibility Jamo (ㄱ ㅏ, e.g. ㅋㅋ)
        "U+3200-327F",  # enclosed Hangul (㈜ ㉠)
        "U+AC00-D7A3",  # all 11,172 precomposed Hangul syllables
        "U+FF01-FF5E",  # fullwidth ASCII forms
        "U+FFE0-FFE6",  # fullwidth signs (￦)
    ]
)
PYFTSUBSET_ARGS = [
    f"--unicodes={UNICODES}",
    # The original TrueType bytecode costs 0.6 MB and, rendered by matplotlib 3.11 (text.hinting "default"),
    # turned "→" into a stray dot in a 12 pt title at 110 dpi; the unhinted outlines render cleanly.
    "--no-hinting",
    "--notdef-outline",  # a missing character shows a box rather than nothing
    "--drop-tables+=TSI0,TSI1,TSI2,TSI3,TSI5",  # VTT hinting sources
]


def rename(font: TTFont) -> None:
    """Give the subset its own family name: the OFL forbids Reserved Font Names on Modified Versions."""
    name = font["name"]
    version = name.getDebugName(5)
    style = name.getDebugName(2)  # "Regular" or "Bold"
    ps_name = f"{FAMILY.replace(' ', '')}-{style}"
    name.removeNames(nameID=16)
    name.removeNames(nameID=17)
    for name_id, text in {
        1: FAMILY,
        2: style,
        3: f"{version.split(';')[0].removeprefix('Version ')};course_lib;{ps_name}",
        4: FAMILY if style == "Regular" else f"{FAMILY} {style}",
        5: f"{version}; subset for course_lib",
        6: ps_name,
        10: "Subset of NanumGothic 3.021 (NAVER Corporation) for course_lib: Latin, punctuation, symbols, "
        "Hangul Compatibility Jamo and all 11,172 Hangul syllables. Renamed as the SIL OFL 1.1 requires.",
        13: "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        14: "https://openfontlicense.org",
    }.items():
        name.removeNames(nameID=name_id)
        name.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US): what the subsetter keeps


def add_minus(font: TTFont) -> None:
    """Add U+2212 MINUS SIGN, which NanumGothic lacks: a bar as wide as the plus sign's, at its height.

    matplotlib's mathtext (log-axis ticks such as 10^-2) draws U+2212 in the text font without falling back to
    another font, so without this glyph those ticks show a box and warn.
    """
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cmap = font.getBestCmap()
    if 0x2212 in cmap:
        return
    plus, hyphen = font["glyf"][cmap[0x2B]], font["glyf"][cmap[0x2D]]
    middle, half = (plus.yMin + plus.yMax) // 2, (hyphen.yMax - hyphen.yMin) // 2  # plus's centre, hyphen's stroke
    pen = TTGlyphPen(None)
    pen.moveTo((plus.xMin, middle - half))
    pen.lineTo((plus.xMin, middle + half))
    pen.lineTo((plus.xMax, middle + half))
    pen.lineTo((plus.xMax, middle - half))
    pen.closePath()
    glyph = pen.glyph()
    glyph.recalcBounds(font["glyf"])
    font["glyf"]["uni2212"] = glyph
    font["hmtx"]["uni2212"] = font["hmtx"][cmap[0x2B]]  # the advance width of "+", as typesetters do
    if "uni2212" not in font.getGlyphOrder():  # glyf may share (and so already have extended) the order list
        font.setGlyphOrder([*font.getGlyphOrder(), "uni2212"])
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x2212] = "uni2212"


def make_subset(source: Path, output: Path | None = None) -> Path:
    """Subset and rename `source` (NanumGothic.ttf) into `output` (default: course_lib/fonts/<stem>-subset.ttf)."""
    output = output or FONTS / f"{source.stem}-subset.ttf"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256.get(source.name):
        print(f"note: {source} (SHA-256 {digest}) is not a documented source: {SOURCE_SHA256}", file=sys.stderr)
    options, _ = _parse(PYFTSUBSET_ARGS)
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    rename(font)
    add_minus(font)
    subset.save_font(font, str(output), options)  # options.recalc_timestamp is False: byte-for-byte reproducible
    return output


def _parse(args: list[str]) -> tuple[subset.Options, list[str]]:
    options = subset.Options()
    rest = options.parse_opts(args, ignore_unknown=["unicodes"])
    return options, rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source", type=Path, help="NanumGothic.ttf (or NanumGothicBold.ttf) from fonts-nanum 20200506-1"
    )
    parser.add_argument("--output", type=Path, help="default: course_lib/fonts/<source stem>-subset.ttf")
    args = parser.parse_args()
    out = make_subset(args.source, args.output)
    print(f"{out}: {out.stat().st_size:,} bytes, sha256 {hashlib.sha256(out.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
