"""Names in any script on the PDF ticket and badge sheet: drawn in a font that has their letters,
shaped and in right-to-left order where the script needs it, and kept inside their box."""

from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics

from events import pdf_text
from events.badges import (
    BADGE_HEIGHT,
    BADGE_WIDTH,
    NAME_HEIGHT,
    NAME_MAX_LINES,
    NAME_MAX_SIZE,
    NAME_MIN_SIZE,
    PADDING,
    TICKET_NAME_MAX_SIZE,
    TICKET_NAME_MIN_SIZE,
    attendee_badges_pdf,
    ticket_pdf,
)
from tests.events.conftest import register

pytestmark = pytest.mark.django_db

LONG_NAME = ("Anna-Maria Konstancja Wiktoria Zofia Barbara Grzegorzewska-Nowak " * 4)[:200].strip()
# name -> the font family its letters must be drawn in
NAMES = {
    "Sam Patel": "NotoSans-",
    "Łucja Żółkiewska": "NotoSans-",
    "Γιώργος Παπαδόπουλος": "NotoSans-",
    "Иван Петров": "NotoSans-",
    "فاطمة الزهراء": "NotoSansArabic-",
    "王小明": "DroidSansFallback",
    "सुनीता देवी": "NotoSansDevanagari-",
    LONG_NAME: "NotoSans-",
}
ARABIC = "فاطمة الزهراء"
TICKET_MARGIN = 20 * 72 / 25.4  # 20 mm

fonts_missing = [
    str(path)
    for _, regular, bold in pdf_text.FONT_FAMILIES
    if "dejavu" not in str(regular)
    for path in (regular, bold)
    if not path.is_file()
]
needs_fonts = pytest.mark.skipif(
    bool(fonts_missing),
    reason="the Noto and Droid fonts are not installed "
    f"(apt-get install fonts-noto-core fonts-droid-fallback): {', '.join(fonts_missing)}",
)


@dataclass
class Chunk:
    text: str
    font: str  # the PDF BaseFont without its subset prefix
    size: float
    x: float
    y: float

    @property
    def width(self) -> float:
        """Measured, unshaped, with the registered font of the same face."""
        for family in pdf_text.font_families():
            for name in (family.regular, family.bold):
                face_name = pdfmetrics.getFont(name).face.name
                face_name = face_name.decode() if isinstance(face_name, bytes) else face_name
                if face_name.split("+")[-1] == self.font:
                    return pdfmetrics.stringWidth(self.text, name, self.size)
        return pdfmetrics.stringWidth(self.text, "Helvetica", self.size)


def slack(chunk: Chunk) -> float:
    """Shaping (ligatures, joined letters) makes the unshaped measure a little wider."""
    return 0.5 + 0.02 * chunk.width


def chunks(pdf: bytes) -> list[list[Chunk]]:
    """Every piece of text on every page, with its font, size and starting point."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[Chunk] = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1] if font else ""
                x, y = cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                found.append(Chunk(text.strip("\n"), base, size, x, y))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def letters(text: str) -> set[str]:
    """Letters and vowel signs, with Arabic presentation forms and ligatures undone."""
    return {c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LM"}


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def name_chunks(page: list[Chunk], name: str) -> list[Chunk]:
    wanted = letters(name)
    return [c for c in page if letters(c.text) and letters(c.text) <= wanted]


@pytest.fixture
def tickets(event):
    return {
        name: register(event, name=name, email=f"visitor{n}@example.net").tickets[0]
        for n, name in enumerate(NAMES)
    }


@needs_fonts
def test_each_script_is_drawn_in_a_font_that_has_its_letters_on_tickets_and_badges(event, tickets):
    badge_pages = chunks(attendee_badges_pdf(event=event))
    for name, family in NAMES.items():
        ticket_page = chunks(ticket_pdf(ticket=tickets[name]))[0]
        for page in (ticket_page, badge_pages[0]):
            drawn = name_chunks(page, name)
            assert drawn, name
            assert {c.font.split("-")[0] for c in drawn} == {family.rstrip("-")}, name
            assert letters(name) <= letters("".join(c.text for c in drawn)), name


@needs_fonts
def test_the_text_of_each_name_can_be_read_back_from_the_pdfs(event, tickets):
    badges = unicodedata.normalize("NFKC", text_of(attendee_badges_pdf(event=event)))
    for name in NAMES:
        ticket = text_of(ticket_pdf(ticket=tickets[name]))
        ticket_text = " ".join(unicodedata.normalize("NFKC", ticket).split())
        assert name in ticket_text, name  # whole, on up to three lines
        if name != LONG_NAME:
            assert name in badges, name
    # Too long for three lines of a badge even at the smallest size: its start, then "…".
    badge_text = " ".join(badges.split())
    assert LONG_NAME[:100] in badge_text and "..." in badge_text  # NFKC of "…"


@needs_fonts
def test_arabic_is_joined_and_right_to_left(event, tickets):
    pdf = ticket_pdf(ticket=tickets[ARABIC])
    raw = text_of(pdf)
    # Joined letters are drawn as contextual glyphs (the presentation forms) ...
    assert any(0xFB50 <= ord(c) <= 0xFEFF for c in raw)
    # ... in right-to-left order, which the extraction turns back into the order typed.
    assert ARABIC in unicodedata.normalize("NFKC", raw)


@needs_fonts
def test_a_name_mixing_scripts_is_drawn_in_runs_in_display_order(event):
    ticket = register(event, name="محمد Smith", email="m@example.net").tickets[0]
    page = chunks(ticket_pdf(ticket=ticket))[0]
    latin = next(c for c in page if c.text.strip() == "Smith")
    arabic = next(c for c in page if "Arabic" in c.font)
    assert latin.font.startswith("NotoSans-")
    assert arabic.x > latin.x  # an Arabic name: its first word is on the right


@needs_fonts
def test_every_run_of_text_stays_inside_its_box(event, tickets):
    width, height = A4
    for name in NAMES:
        for chunk in chunks(ticket_pdf(ticket=tickets[name]))[0]:
            assert chunk.x >= TICKET_MARGIN - 0.5, (name, chunk)
            assert chunk.x + chunk.width <= width - TICKET_MARGIN + slack(chunk), (name, chunk)
            assert 0 < chunk.y < height
    for chunk in chunks(attendee_badges_pdf(event=event))[0]:
        left = (chunk.x // BADGE_WIDTH) * BADGE_WIDTH
        bottom = (chunk.y // BADGE_HEIGHT) * BADGE_HEIGHT
        assert chunk.x >= left + PADDING - 0.5, chunk
        assert chunk.x + chunk.width <= left + BADGE_WIDTH - PADDING + slack(chunk), chunk
        assert bottom + PADDING - 0.5 <= chunk.y <= bottom + BADGE_HEIGHT - PADDING, chunk


@needs_fonts
@pytest.mark.parametrize("name", NAMES)
def test_names_shrink_then_wrap_and_never_go_below_the_smallest_size(name):
    boxes = [
        (BADGE_WIDTH - 2 * PADDING, NAME_MAX_SIZE, NAME_MIN_SIZE, NAME_MAX_LINES, NAME_HEIGHT),
        (A4[0] - 2 * TICKET_MARGIN, TICKET_NAME_MAX_SIZE, TICKET_NAME_MIN_SIZE, 3, None),
    ]
    for width, max_size, min_size, max_lines, box_height in boxes:
        fitted = pdf_text.fit_text(
            name,
            width=width,
            max_size=max_size,
            min_size=min_size,
            max_lines=max_lines,
            height=box_height,
            bold=True,
        )
        assert min_size <= fitted.size <= max_size
        assert 1 <= len(fitted.lines) <= max_lines
        assert all(line.width * fitted.size <= width for line in fitted.lines)
        if box_height is not None:
            assert fitted.height <= box_height
        if name != LONG_NAME:
            assert not fitted.elided and len(fitted.lines) == 1  # short names: one line


def test_without_the_fonts_the_pdfs_fall_back_to_helvetica_and_say_so_once(
    event, monkeypatch, caplog
):
    monkeypatch.setattr(pdf_text, "FONT_FAMILIES", ())
    pdf_text.font_families.cache_clear()
    pdf_text.layout_line.cache_clear()
    try:
        ticket = register(event, name="Zofia Nowak").tickets[0]
        with caplog.at_level(logging.WARNING, logger="events.pdf_text"):
            ticket_pdf(ticket=ticket)
            pdf = attendee_badges_pdf(event=event)
        assert "Zofia Nowak" in text_of(pdf)
        assert {c.font for c in chunks(pdf)[0]} <= {"Helvetica", "Helvetica-Bold"}
        assert sum("Noto fonts are not installed" in r.message for r in caplog.records) == 1
    finally:
        pdf_text.font_families.cache_clear()
        pdf_text.layout_line.cache_clear()
