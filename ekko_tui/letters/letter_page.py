"""The fixed furniture of a letter's pages: letterhead, window-envelope address, date and
reference block, fold and hole marks, the footer with "Side x av y" (page_words.py), and the
PDF's document information (pdf_info.py). render.py lays the body out inside these frames."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ekko_tui import __version__
from ekko_tui.letters.fonts import BOLD, REGULAR
from ekko_tui.letters.model import LetterData
from ekko_tui.letters.page_words import long_date, word
from ekko_tui.letters.pdf_info import date_canvas

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = 20 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
BOTTOM = 22 * mm
FOOTER_Y = 12 * mm

# Window envelope, left window (C5 and DL, as DIN 5008 form B and the Norwegian post use):
# the window sits 20 mm from the left edge and 45 mm from the top of the folded A4 sheet,
# 90 × 45 mm. Text keeps 5 mm inside so it stays visible when the sheet slides.
WINDOW_LEFT = 20 * mm
WINDOW_TOP = 45 * mm
WINDOW_W = 90 * mm
WINDOW_H = 45 * mm
WINDOW_INSET = 5 * mm
RETURN_LINE_TOP = WINDOW_TOP + 5 * mm  # the sender's one-line return address
ADDRESS_TOP = WINDOW_TOP + 17.7 * mm  # first address line (below the return-address zone)
ADDRESS_MAX_LINES = 6
ADDRESS_PT = 10.5
ADDRESS_LEADING = 4.6 * mm

INFO_LEFT = 125 * mm  # date and reference, to the right of the window
INFO_TOP = 50 * mm
HEAD_TOP = 14 * mm  # the letterhead name
FIRST_BODY_TOP = 98.5 * mm  # body starts below the address field on page 1
LATER_BODY_TOP = 28 * mm
FOLD_MARKS = (105 * mm, 210 * mm)  # fold in three for a DL/C5 window envelope
HOLE_MARK = 148.5 * mm

TABLE_LEAD_SPACE = 45 * mm  # room needed for a heading, its paragraph and a few rows

INK = colors.HexColor("#1d1d1b")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#9aa7b4")
HEADER_BG = colors.HexColor("#e8edf2")


def fit_line(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """Shrink a canvas line to at most `width`, then cut it with an ellipsis."""
    while size > 7 and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…", size


class NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "Side x av y" (or "Page x of y"), at
    the right margin of the footer; the PDF is dated `made_on` (pdf_info.py)."""

    def __init__(
        self,
        *args: Any,
        page_words: str = word("page"),
        made_on: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.page_words = page_words
        self._pages: list[dict[str, Any]] = []
        if made_on is not None:
            date_canvas(self, made_on)

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.setFillColor(INK)
            self.drawRightString(
                PAGE_W - RIGHT, FOOTER_Y, self.page_words.format(number=number, total=total)
            )
            super().showPage()
        super().save()


def draw_letterhead(canv: Canvas, name: str, lines: list[str]) -> None:
    """The sender's name on the left, its address lines on the right, a rule under both."""
    canv.setFillColor(ACCENT)
    canv.setFont(BOLD, 18)
    canv.drawString(LEFT, PAGE_H - HEAD_TOP - 5 * mm, name)
    canv.setFont(REGULAR, 8.5)
    canv.setFillColor(INK)
    y = PAGE_H - HEAD_TOP
    for line in lines:
        if line:
            canv.drawRightString(PAGE_W - RIGHT, y, line)
            y -= 3.8 * mm
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.6)
    rule_y = PAGE_H - HEAD_TOP - 4 * 3.8 * mm - 1 * mm
    canv.line(LEFT, rule_y, PAGE_W - RIGHT, rule_y)


def draw_footer(canv: Canvas, parts: list[str]) -> None:
    """A rule and one line of `parts` joined by middle dots, leaving room at the right for
    "Side x av y" (drawn by NumberedCanvas)."""
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.4)
    canv.line(LEFT, FOOTER_Y + 4 * mm, PAGE_W - RIGHT, FOOTER_Y + 4 * mm)
    text, size = fit_line("  ·  ".join(p for p in parts if p), REGULAR, 8, TEXT_W - 25 * mm)
    canv.setFont(REGULAR, size)
    canv.setFillColor(INK)
    canv.drawString(LEFT, FOOTER_Y, text)


def body_frame(first: bool, top: float = 0.0) -> Frame:
    """The body's frame: exactly the text column under the letterhead (no side padding, so
    text and tables start at the letterhead's left edge and end at its right edge)."""
    top = top or (FIRST_BODY_TOP if first else LATER_BODY_TOP)
    return Frame(
        LEFT,
        BOTTOM,
        TEXT_W,
        PAGE_H - top - BOTTOM,
        leftPadding=0,
        rightPadding=0,
        id="first" if first else "later",
        showBoundary=0,
    )


class LetterDocument(BaseDocTemplate):
    def __init__(self, out: Any, letter: LetterData, invariant: bool) -> None:
        self.letter = letter
        c = letter.sender
        super().__init__(
            out,
            pagesize=A4,
            leftMargin=LEFT,
            rightMargin=RIGHT,
            topMargin=LATER_BODY_TOP,
            bottomMargin=BOTTOM,
            title=f"{letter.title} – {letter.ref}",
            author=c.name,
            subject=f"{c.name}, {word('reference', letter.lang)} {letter.ref}",
            creator=f"ekko {__version__}",
            invariant=1 if invariant else 0,
            initialFontName=REGULAR,  # else the canvas declares Helvetica, a font not embedded
            initialFontSize=10,
        )
        self.addPageTemplates(
            [
                PageTemplate("first", [body_frame(True)], onPage=self._first_page),
                PageTemplate("later", [body_frame(False)], onPage=self._later_page),
            ]
        )

    # --- fixed page furniture ------------------------------------------------------------------

    def _letterhead(self, canv: Canvas) -> None:
        c = self.letter.sender
        draw_letterhead(canv, c.name, [*c.address_lines, c.email, c.website])

    def _footer(self, canv: Canvas) -> None:
        c = self.letter.sender
        parts = [c.name, f"Org.nr. {c.org_number}", ", ".join(c.address_lines), c.email]
        draw_footer(canv, parts)

    def _marks(self, canv: Canvas) -> None:
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        for y in FOLD_MARKS:
            canv.line(4 * mm, PAGE_H - y, 9 * mm, PAGE_H - y)
        canv.line(4 * mm, PAGE_H - HOLE_MARK, 11 * mm, PAGE_H - HOLE_MARK)

    def _address(self, canv: Canvas) -> None:
        letter = self.letter
        c = letter.sender
        x = WINDOW_LEFT + WINDOW_INSET
        width = WINDOW_W - 2 * WINDOW_INSET
        back, size = fit_line(", ".join((c.name, *c.address_lines)), REGULAR, 7, width)
        canv.setFont(REGULAR, size)
        canv.setFillColor(INK)
        canv.drawString(x, PAGE_H - RETURN_LINE_TOP, back)
        canv.setStrokeColor(INK)
        canv.setLineWidth(0.3)
        canv.line(
            x, PAGE_H - RETURN_LINE_TOP - 1.2 * mm, x + width, PAGE_H - RETURN_LINE_TOP - 1.2 * mm
        )
        lines = list(letter.recipient_lines[:ADDRESS_MAX_LINES])
        if len(letter.recipient_lines) > ADDRESS_MAX_LINES:
            lines[-1] = ", ".join(letter.recipient_lines[ADDRESS_MAX_LINES - 1 :])
        y = PAGE_H - ADDRESS_TOP
        for i, line in enumerate(lines):
            font = BOLD if i == 0 else REGULAR
            text, size = fit_line(line, font, ADDRESS_PT, width)
            canv.setFont(font, size)
            canv.drawString(x, y, text)
            y -= ADDRESS_LEADING

    def _info(self, canv: Canvas) -> None:
        letter = self.letter
        lang = letter.lang
        rows = [
            (word("date", lang), long_date(letter.date, lang)),
            (word("our_ref", lang), letter.ref),
        ]
        if letter.received:
            rows.append((word("your_request", lang), long_date(letter.received, lang)))
        y = PAGE_H - INFO_TOP
        for label, value in rows:
            canv.setFont(REGULAR, 8)
            canv.setFillColor(ACCENT)
            canv.drawString(INFO_LEFT, y, label)
            canv.setFont(REGULAR, 10)
            canv.setFillColor(INK)
            canv.drawString(INFO_LEFT, y - 4.2 * mm, value)
            y -= 10 * mm

    def _first_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        self._letterhead(canv)
        self._marks(canv)
        self._address(canv)
        self._info(canv)
        self._footer(canv)
        canv.restoreState()

    def _later_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        letter = self.letter
        lang = letter.lang
        canv.setFont(BOLD, 9)
        canv.setFillColor(ACCENT)
        canv.drawString(LEFT, PAGE_H - 16 * mm, letter.sender.name)
        canv.setFont(REGULAR, 8.5)
        canv.setFillColor(INK)
        canv.drawRightString(
            PAGE_W - RIGHT,
            PAGE_H - 16 * mm,
            f"{word('our_ref', lang)} {letter.ref}  ·  {long_date(letter.date, lang)}",
        )
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(LEFT, PAGE_H - 18 * mm, PAGE_W - RIGHT, PAGE_H - 18 * mm)
        self._footer(canv)
        canv.restoreState()
