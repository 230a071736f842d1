"""Lay a `LetterData` out as an A4 PDF: letterhead, window-envelope address, "Side x av y"
(the page labels in the letter's language, page_words.py).

The renderer adds no words of its own beyond the letterhead labels; every user string is
escaped before it reaches a Paragraph, and canvas strings are drawn as plain text.
"""

from __future__ import annotations

from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from ekko_tui import __version__
from ekko_tui.letters.fonts import BOLD, REGULAR, register_fonts
from ekko_tui.letters.model import Bullets, Heading, LetterData, Para, Table
from ekko_tui.letters.page_words import long_date, word

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


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body",
        fontName=REGULAR,
        bulletFontName=REGULAR,
        fontSize=10,
        leading=13.5,
        textColor=INK,
        spaceAfter=6,
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=13, leading=17, spaceAfter=10
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=2
        ),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_LEFT
        ),
        "th": ParagraphStyle(
            "th", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5, spaceAfter=0
        ),
    }


def markup(text: str) -> str:
    """User text made safe for a ReportLab Paragraph: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def _fit(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """Shrink a canvas line to at most `width`, then cut it with an ellipsis."""
    while size > 7 and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…", size


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "Side x av y" (or "Page x of y")."""

    def __init__(self, *args: Any, page_words: str = word("page"), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_words = page_words
        self._pages: list[dict[str, Any]] = []

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


class _Letter(BaseDocTemplate):
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
        first = Frame(
            LEFT, BOTTOM, TEXT_W, PAGE_H - FIRST_BODY_TOP - BOTTOM, id="first", showBoundary=0
        )
        later = Frame(
            LEFT, BOTTOM, TEXT_W, PAGE_H - LATER_BODY_TOP - BOTTOM, id="later", showBoundary=0
        )
        self.addPageTemplates(
            [
                PageTemplate("first", [first], onPage=self._first_page),
                PageTemplate("later", [later], onPage=self._later_page),
            ]
        )

    # --- fixed page furniture ------------------------------------------------------------------

    def _letterhead(self, canv: Canvas) -> None:
        c = self.letter.sender
        canv.setFillColor(ACCENT)
        canv.setFont(BOLD, 18)
        canv.drawString(LEFT, PAGE_H - HEAD_TOP - 5 * mm, c.name)
        canv.setFont(REGULAR, 8.5)
        canv.setFillColor(INK)
        lines = [*c.address_lines, c.email, c.website]
        y = PAGE_H - HEAD_TOP
        for line in lines:
            canv.drawRightString(PAGE_W - RIGHT, y, line)
            y -= 3.8 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        rule_y = PAGE_H - HEAD_TOP - 4 * 3.8 * mm - 1 * mm
        canv.line(LEFT, rule_y, PAGE_W - RIGHT, rule_y)

    def _footer(self, canv: Canvas) -> None:
        c = self.letter.sender
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(LEFT, FOOTER_Y + 4 * mm, PAGE_W - RIGHT, FOOTER_Y + 4 * mm)
        parts = [c.name, f"Org.nr. {c.org_number}", ", ".join(c.address_lines), c.email]
        text, size = _fit("  ·  ".join(p for p in parts if p), REGULAR, 8, TEXT_W - 25 * mm)
        canv.setFont(REGULAR, size)
        canv.setFillColor(INK)
        canv.drawString(LEFT, FOOTER_Y, text)

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
        back, size = _fit(", ".join((c.name, *c.address_lines)), REGULAR, 7, width)
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
            text, size = _fit(line, font, ADDRESS_PT, width)
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


CELL_PT = 8.5
CELL_PAD = 3


def _cell(text: str, width: float, style: ParagraphStyle) -> str | Paragraph:
    """A cell that fits on one line stays a plain string (drawn as text, never parsed, and
    much faster to lay out); a longer one becomes an escaped, wrapping Paragraph."""
    if "\n" not in text and stringWidth(text, REGULAR, CELL_PT) <= width - 2 * CELL_PAD - 1:
        return text
    return Paragraph(markup(text), style)


def _table(block: Table, styles: dict[str, ParagraphStyle]) -> RLTable:
    widths = [w * TEXT_W for w in block.widths]
    data: list[list[str | Paragraph]] = [
        [Paragraph(markup(h), styles["th"]) for h in block.columns]
    ]
    data += [
        [_cell(cell, width, styles["cell"]) for cell, width in zip(row, widths, strict=True)]
        for row in block.rows
    ]
    table = RLTable(
        data,
        colWidths=widths,
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_PT),
                ("LEADING", (0, 0), (-1, -1), 10.5),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def flowables(letter: LetterData) -> list[Flowable]:
    """The body of the letter as ReportLab flowables."""
    styles = _styles()
    story: list[Flowable] = [
        NextPageTemplate("later"),
        Paragraph(markup(letter.title), styles["title"]),
    ]
    # A heading keeps its short section together (the complaint block never splits), and a
    # paragraph that introduces a table stays on the table's page.
    section: list[Flowable] = []

    def flush() -> None:
        if section:
            story.append(KeepTogether(list(section)))
            section.clear()

    blocks = list(letter.blocks)
    for i, block in enumerate(blocks):
        leads_table = i + 1 < len(blocks) and isinstance(blocks[i + 1], Table)
        if isinstance(block, Heading):
            flush()
            section.append(Paragraph(markup(block.text), styles["heading"]))
        elif isinstance(block, Para):
            style = styles["small" if block.small else "body"]
            if leads_table:
                # Start a new page unless the heading, this paragraph and a few table rows fit;
                # binding the whole table would leave half-empty pages before long tables.
                story.append(CondPageBreak(TABLE_LEAD_SPACE))
                story.extend(section)
                section.clear()
                story.append(Paragraph(markup(block.text), style))
                continue
            section.append(Paragraph(markup(block.text), style))
        elif isinstance(block, Bullets):
            section += [
                Paragraph(markup(item), styles["bullet"], bulletText="•") for item in block.items
            ]
            section.append(Spacer(1, 4))
        elif isinstance(block, Table):
            flush()
            story += [_table(block, styles), Spacer(1, 8)]
    flush()
    closing = [Spacer(1, 6)]
    for line in letter.closing:
        closing.append(
            Paragraph(markup(line) or "&nbsp;", styles["body"]) if line else Spacer(1, 10)
        )
    story.append(KeepTogether(closing))
    if letter.attachments:
        story += [
            Spacer(1, 8),
            Paragraph(
                f"{word('attachments', letter.lang)}: " + markup("; ".join(letter.attachments)),
                styles["small"],
            ),
        ]
    return story


def render(letter: LetterData, out: str | Path | BinaryIO, *, invariant: bool = False) -> int:
    """Write the letter as a PDF to a path or binary stream; return the number of pages."""
    register_fonts()
    target: Any = str(out) if isinstance(out, Path) else out
    doc = _Letter(target, letter, invariant)
    canvas = partial(_NumberedCanvas, page_words=word("page", letter.lang))
    doc.build(flowables(letter), canvasmaker=canvas)
    return int(doc.page)


def render_bytes(letter: LetterData, *, invariant: bool = False) -> bytes:
    """The PDF as bytes."""
    return render_pdf(letter, invariant=invariant)[0]


def render_pdf(letter: LetterData, *, invariant: bool = False) -> tuple[bytes, int]:
    """The PDF as bytes, and its page count."""
    buffer = BytesIO()
    pages = render(letter, buffer, invariant=invariant)
    return buffer.getvalue(), pages
