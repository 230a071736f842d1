"""Lay a `LetterData` out as an A4 PDF: the body in the text column of the letter's pages
(letter_page.py: letterhead, window-envelope address, "Side x av y").

The renderer adds no words of its own beyond the page labels. Every paragraph's text is escaped
before it reaches a Paragraph and tied (ties.py: no line breaks inside `§ 13`, dates, numbers).
Table cells are plain strings, wrapped here and drawn as text: never parsed as markup, and much
faster to lay out than a Paragraph per cell.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, partial
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import CellStyle

from ekko_tui.letters.fonts import BOLD, REGULAR, register_fonts
from ekko_tui.letters.letter_page import (
    ACCENT,
    ADDRESS_TOP,
    BOTTOM,
    HEADER_BG,
    INK,
    LATER_BODY_TOP,
    PAGE_H,
    RULE,
    TABLE_LEAD_SPACE,
    TEXT_W,
    WINDOW_LEFT,
    LetterDocument,
    NumberedCanvas,
)
from ekko_tui.letters.model import Bullets, Heading, LetterData, Para, Table
from ekko_tui.letters.page_words import word
from ekko_tui.letters.ties import tie

__all__ = ["ADDRESS_TOP", "PAGE_H", "WINDOW_LEFT", "markup", "render", "render_bytes"]

CELL_PT = 8.5
LATER_FRAME_H = PAGE_H - LATER_BODY_TOP - BOTTOM
CELL_LEADING = 10.5
CELL_PAD = 3


@cache
def _styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles, made once (they are never changed after)."""
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
    }


def markup(text: str) -> str:
    """User text made safe for a ReportLab Paragraph: escaped, tied, line breaks kept."""
    return escape(tie(text)).replace("\n", "<br/>")


_SPACES = re.compile(r"[ \t]+")


@lru_cache(maxsize=4096)  # the same cells recur: system names, categories, dates
def wrap_cell(text: str, font: str, size: float, width: float) -> str:
    """The cell's text broken into lines of at most `width` points, at ordinary spaces only
    (never inside a tie); a word wider than the cell is cut by characters, so nothing ever
    reaches past the cell's edge."""
    if "\n" not in text and stringWidth(text, font, size) <= width:
        return text  # fits on one line: nothing to wrap, so nothing to tie
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for raw in tie(text).split("\n"):
        line, used = "", 0.0
        for word_ in _SPACES.split(raw.strip()):
            w = stringWidth(word_, font, size)
            if line and used + space + w <= width:
                line, used = f"{line} {word_}", used + space + w
                continue
            if line:
                lines.append(line)
            while w > width and len(word_) > 1:
                cut = len(word_) - 1
                while cut > 1 and stringWidth(word_[:cut], font, size) > width:
                    cut -= 1
                lines.append(word_[:cut])
                word_ = word_[cut:]
                w = stringWidth(word_, font, size)
            line, used = word_, w
        lines.append(line)
    return "\n".join(lines)


def _cell_style(name: str, font: str) -> CellStyle:
    style = CellStyle(name)
    style.fontname, style.fontsize, style.leading = font, CELL_PT, CELL_LEADING
    style.color, style.valign = INK, "TOP"
    style.leftPadding = style.rightPadding = CELL_PAD
    style.topPadding = style.bottomPadding = 2.5
    return style


# One shared style for every header cell and one for every body cell, given to the Table
# whole: ReportLab would otherwise make a style per cell and apply each command cell by cell
# (a third of the time of a letter with tables). Nothing changes them after this.
HEADER_CELL = _cell_style("ekko-th", BOLD)
BODY_CELL = _cell_style("ekko-td", REGULAR)


def _table(block: Table) -> RLTable:
    widths = [w * TEXT_W for w in block.widths]
    inner = [w - 2 * CELL_PAD for w in widths]
    data = [[wrap_cell(h, BOLD, CELL_PT, w) for h, w in zip(block.columns, inner, strict=True)]]
    data += [
        [wrap_cell(cell, REGULAR, CELL_PT, w) for cell, w in zip(row, inner, strict=True)]
        for row in block.rows
    ]
    columns = len(widths)
    cell_styles = [[HEADER_CELL] * columns] + [[BODY_CELL] * columns for _ in block.rows]
    # A row never splits across pages; the header row repeats on every page the table takes.
    table = RLTable(
        data,
        colWidths=widths,
        repeatRows=1,
        splitByRow=1,
        splitInRow=0,
        hAlign="LEFT",
        cellStyles=cell_styles,
    )
    table.setStyle(_TABLE_STYLE)
    return table


_TABLE_STYLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
)


def _closing(letter: LetterData, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    closing: list[Flowable] = [Spacer(1, 6)]
    for line in letter.closing:
        closing.append(
            Paragraph(markup(line) or "&nbsp;", styles["body"]) if line else Spacer(1, 10)
        )
    return closing


def _height(items: list[Flowable]) -> float:
    """The height the flowables take in the text column, spacing included."""
    total = 0.0
    for item in items:
        total += item.wrap(TEXT_W, PAGE_H)[1] + item.getSpaceBefore() + item.getSpaceAfter()
    return total


def _with_last_paragraph(section: list[Flowable], closing: list[Flowable]) -> list[Flowable]:
    """The last section with the closing bound to it, so the closing never stands alone on a
    page: the whole section (the complaint block never splits) where it fits on a page with
    the closing, else its last paragraph (and any heading right before that)."""
    if _height([*section, *closing]) <= LATER_FRAME_H * 0.8:
        return [KeepTogether([*section, *closing])]
    cut = len(section)
    while cut and not isinstance(section[cut - 1], Paragraph):
        cut -= 1  # trailing spacers
    if cut:
        cut -= 1  # the last paragraph
    while cut and getattr(getattr(section[cut - 1], "style", None), "keepWithNext", 0):
        cut -= 1  # a heading stays with its paragraph
    head, tail = section[:cut], section[cut:]
    return [*([KeepTogether(head)] if head else []), KeepTogether([*tail, *closing])]


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
            story += [_table(block), Spacer(1, 8)]
    closing = _closing(letter, styles)
    if section:
        story += _with_last_paragraph(section, closing)
    elif letter.closing:
        # Only a body that ends with a table gets here (the builder ends every letter with
        # the contact paragraph); the closing lines at least stay together.
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
    doc = LetterDocument(target, letter, invariant)
    canvas = partial(NumberedCanvas, page_words=word("page", letter.lang), made_on=letter.date)
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
