"""People's names on a ReportLab canvas, in whatever script they are written.

Each character is drawn in the first font that has a glyph for it (Noto Sans for Latin, Greek
and Cyrillic; Noto Sans Arabic; Noto Sans Devanagari; Droid Sans Fallback for Chinese, Japanese
and Korean, because ReportLab cannot embed the CFF outlines of Noto Sans CJK). A run of one font
and one direction is shaped by HarfBuzz (joined Arabic letters, Devanagari conjuncts) and the
runs are put in display order by the Unicode bidirectional algorithm, so right-to-left names
read right to left. Text too wide for its box shrinks, then wraps onto a few lines; only a name
too long even for those lines at the smallest size loses its end, marked with an ellipsis.

Without those fonts (a bare machine) everything falls back to Helvetica, as before, and the
fallback is logged once.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from bidi import algorithm as bidi_algorithm
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeFragWord
from reportlab.pdfgen.canvas import Canvas

logger = logging.getLogger(__name__)

NOTO = Path("/usr/share/fonts/truetype/noto")
DROID = Path("/usr/share/fonts/truetype/droid")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

# (family, regular file, bold file) in order of preference; a character goes to the first
# family that has a glyph for it. Families whose files are missing are skipped.
FONT_FAMILIES: tuple[tuple[str, Path, Path], ...] = (
    ("NotoSans", NOTO / "NotoSans-Regular.ttf", NOTO / "NotoSans-Bold.ttf"),
    ("NotoSansArabic", NOTO / "NotoSansArabic-Regular.ttf", NOTO / "NotoSansArabic-Bold.ttf"),
    (
        "NotoSansDevanagari",
        NOTO / "NotoSansDevanagari-Regular.ttf",
        NOTO / "NotoSansDevanagari-Bold.ttf",
    ),
    # TrueType outlines (ReportLab embeds no CFF fonts such as Noto Sans CJK); it has no bold.
    ("DroidSansFallback", DROID / "DroidSansFallbackFull.ttf", DROID / "DroidSansFallbackFull.ttf"),
    # Where the Noto fonts are not installed: Latin, Greek and Cyrillic as before.
    ("DejaVuSans", DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
)
FALLBACK = ("Helvetica", "Helvetica-Bold")
LEADING = 1.2  # line spacing as a multiple of the font size
ELLIPSIS = "…"
# Kerning yes; optional ligatures ("fi", a whole word as one glyph) no, so that a name copied
# or searched in the PDF reads as typed. Scripts' required forms are shaped regardless.
FEATURES = {"kern": True, "liga": False, "dlig": False}


@dataclass(frozen=True)
class Family:
    regular: str
    bold: str
    glyphs: frozenset[int]  # the code points the regular face has glyphs for

    def font(self, bold: bool) -> str:
        return self.bold if bold else self.regular


@cache
def font_families() -> tuple[Family, ...]:
    """The usable font families, registered with ReportLab once per process."""
    families = []
    for name, regular, bold in FONT_FAMILIES:
        if not (regular.is_file() and bold.is_file()):
            continue
        try:
            regular_font = TTFont(f"{name}-Regular", str(regular))
            pdfmetrics.registerFont(regular_font)
            bold_name = f"{name}-Regular"
            if bold != regular:
                bold_name = f"{name}-Bold"
                pdfmetrics.registerFont(TTFont(bold_name, str(bold)))
        except Exception:  # noqa: BLE001 - a broken font file: do without that family
            logger.warning("Font %s could not be loaded; names in its script may not print", name)
            continue
        glyphs = frozenset(regular_font.face.charToGlyph)
        families.append(Family(f"{name}-Regular", bold_name, glyphs))
    if not any(f.regular.startswith("Noto") for f in families):
        logger.warning(
            "The Noto fonts are not installed (apt-get install fonts-noto-core "
            "fonts-droid-fallback): PDF names outside the Latin script will not print properly"
        )
    return tuple(families)


def fallback_font(bold: bool) -> str:
    """The font for fixed text when no family is usable."""
    families = font_families()
    return families[0].font(bold) if families else FALLBACK[bold]


@dataclass(frozen=True)
class Run:
    """Part of a line in one font and one direction, already in display order and shaped."""

    font: str
    text: str  # a ReportLab ShapedStr when HarfBuzz changed anything
    width: float  # at 1 pt


@dataclass(frozen=True)
class Line:
    text: str  # the logical text, as typed
    runs: tuple[Run, ...]
    width: float  # at 1 pt
    rtl: bool


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: tuple[Line, ...]

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING

    @property
    def elided(self) -> bool:
        return bool(self.lines) and self.lines[-1].text.endswith(ELLIPSIS)


def _is_neutral(char: str) -> bool:
    return unicodedata.category(char)[0] in "ZPSNC"


def _font_indexes(text: str, families: tuple[Family, ...]) -> list[int]:
    """For each character, the family to draw it in: spaces, punctuation and digits stay with
    the run they sit in, and combining marks always stay with their base letter."""
    chosen: list[int] = []
    for char in text:
        code = ord(char)
        covering = [i for i, family in enumerate(families) if code in family.glyphs]
        previous = chosen[-1] if chosen else None
        if previous is not None and (
            unicodedata.category(char).startswith("M")
            or (_is_neutral(char) and code in families[previous].glyphs)
        ):
            chosen.append(previous)
        else:
            chosen.append(covering[0] if covering else 0)
    return chosen


def _bidi_levels(text: str) -> tuple[int, list[int]]:
    """The paragraph level and each character's embedding level (Unicode rules P2 to I2)."""
    storage = bidi_algorithm.get_empty_storage()
    base = bidi_algorithm.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    return base, [char["level"] for char in storage["chars"]]


def _visual_order(runs: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Rule L2 over whole runs: from the highest level down to the lowest odd one, reverse
    every sequence of runs at that level or higher."""
    if not runs:
        return runs
    levels = [level for level, _, _ in runs]
    lowest_odd = min(level for level in levels if level % 2) if any(x % 2 for x in levels) else 0
    ordered = list(runs)
    for level in range(max(levels), max(lowest_odd, 1) - 1, -1):
        start = None
        for i in range(len(ordered) + 1):
            inside = i < len(ordered) and ordered[i][0] >= level
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                ordered[start:i] = ordered[start:i][::-1]
                start = None
    return ordered


def _shape(text: str, font: str) -> tuple[str, float]:
    """The text as glyphs in display order (HarfBuzz through ReportLab) and its width at 1 pt."""
    if not getattr(pdfmetrics.getFont(font), "shapable", False):
        return text, pdfmetrics.stringWidth(text, font, 1)
    word = [pdfmetrics.stringWidth(text, font, 1000), (ABag(fontName=font, fontSize=1000), text)]
    shaped = shapeFragWord(word, features=FEATURES)[1][1]
    data = getattr(shaped, "__shapeData__", None)
    if data is None:  # nothing to shape
        return text, pdfmetrics.stringWidth(text, font, 1)
    return shaped, sum(glyph.x_advance for glyph in data) / 1000


@lru_cache(maxsize=4096)
def layout_line(text: str, bold: bool) -> Line:
    """One line of text split into font runs, shaped and in display order."""
    # Bidi controls would change the character count the levels are reported for.
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    families = font_families()
    if not families or not text:
        font = FALLBACK[bold] if not families else families[0].font(bold)
        return Line(text, (Run(font, text, pdfmetrics.stringWidth(text, font, 1)),), 0.0, False)
    base, levels = _bidi_levels(text)
    indexes = _font_indexes(text, families)
    logical: list[tuple[int, str, str]] = []
    for char, level, index in zip(text, levels, indexes, strict=True):
        font = families[index].font(bold)
        if logical and logical[-1][0] == level and logical[-1][1] == font:
            logical[-1] = (level, font, logical[-1][2] + char)
        else:
            logical.append((level, font, char))
    runs = []
    for _, font, part in _visual_order(logical):
        shaped, width = _shape(part, font)
        runs.append(Run(font, shaped, width))
    width = sum(run.width for run in runs)
    return Line(text, tuple(runs), width, bool(base % 2))


def _break_word(word: str, bold: bool, limit: float) -> list[str]:
    """A word wider than the line, cut into pieces that fit (never before a combining mark)."""
    pieces, current = [], ""
    for char in word:
        if (
            current
            and not unicodedata.category(char).startswith("M")
            and layout_line(current + char, bold).width > limit
        ):
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def _wrap(text: str, bold: bool, limit: float) -> list[str]:
    """Greedy line breaking at spaces (and inside words wider than a line)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if layout_line(candidate, bold).width <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
        if layout_line(word, bold).width <= limit:
            current = word
        else:
            *whole, current = _break_word(word, bold, limit)
            lines += whole
    if current:
        lines.append(current)
    return lines


def _elide(text: str, bold: bool, limit: float) -> str:
    while text and layout_line(text.rstrip() + ELLIPSIS, bold).width > limit:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def fit_text(
    text: str,
    *,
    width: float,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    height: float | None = None,
    bold: bool = False,
) -> FittedText:
    """The largest size from ``max_size`` down to ``min_size`` at which ``text`` fits ``width``
    (and ``height``): on one line while the size stays above ~70% of ``max_size``, then on up
    to ``max_lines`` lines. At ``min_size`` a text that still does not fit loses its end."""
    text = " ".join(text.split())
    wrap_below = max(min_size, max_size * 0.7)
    size = max_size
    while True:
        allowed = 1 if size > wrap_below else max_lines
        lines = _wrap(text, bold, width / size)
        fits_height = height is None or len(lines) * size * LEADING <= height
        if len(lines) <= allowed and fits_height:
            break
        if size <= min_size:
            room = max_lines if height is None else max(1, int(height // (size * LEADING)))
            if len(lines) > min(allowed, room):
                lines = lines[: min(allowed, room)]
                lines[-1] = _elide(lines[-1], bold, width / size)
            break
        size = max(min_size, size - 0.5)
    return FittedText(size, tuple(layout_line(line, bold) for line in lines))


def draw_fitted(
    canvas: Canvas, fitted: FittedText, *, x: float, top: float, width: float, align: str = "start"
) -> float:
    """Draw ``fitted`` in the box from ``x`` to ``x + width`` with its first line's cap height
    at ``top``; ``align`` is "start" (left, or right for right-to-left text) or "centre".
    Returns the baseline of the last line."""
    size = fitted.size
    baseline = top
    for number, line in enumerate(fitted.lines):
        baseline = top - size - number * size * LEADING
        line_width = line.width * size
        if align == "centre":
            left = x + (width - line_width) / 2
        elif line.rtl:
            left = x + width - line_width
        else:
            left = x
        for run in line.runs:
            canvas.setFont(run.font, size)
            canvas.drawString(left, baseline, run.text)
            left += run.width * size
    return baseline


def draw_text(
    canvas: Canvas,
    text: str,
    *,
    x: float,
    top: float,
    width: float,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    height: float | None = None,
    bold: bool = False,
    align: str = "start",
) -> FittedText:
    """Fit ``text`` to the box and draw it (see ``fit_text`` and ``draw_fitted``)."""
    fitted = fit_text(
        text,
        width=width,
        max_size=max_size,
        min_size=min_size,
        max_lines=max_lines,
        height=height,
        bold=bold,
    )
    draw_fitted(canvas, fitted, x=x, top=top, width=width, align=align)
    return fitted
