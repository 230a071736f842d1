"""The privacy notice as an A4 PDF in the letters' design (letterhead, Fira Sans, footer), and
`write_notice`, which writes any of the three formats by the file's extension."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from ekko_tui.domain.notice import Block, Bullets, Facts, Notice, Para
from ekko_tui.domain.notice import Table as NoticeTable
from ekko_tui.files import write_atomically
from ekko_tui.letters.fonts import body_fonts
from ekko_tui.letters.letter_page import (
    ACCENT,
    FOOTER_Y,
    INK,
    LEFT,
    PAGE_W,
    RIGHT,
    draw_letterhead,
)
from ekko_tui.letters.notice_text import notice_html, notice_markdown
from ekko_tui.letters.pdf_info import dated_canvasmaker
from ekko_tui.letters.ropa import grid

# The letters' page furniture (letter_page.py): the same margins, colours and letterhead.
TOP = 34 * mm  # below the letterhead
BOTTOM = 22 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
LABEL_W = 45 * mm
MISSING = colors.HexColor("#b00020")
FORMATS = (".html", ".htm", ".md", ".pdf")


def _styles() -> dict[str, ParagraphStyle]:
    f = body_fonts()
    base = ParagraphStyle("body", fontName=f.regular, fontSize=10, leading=13.5, textColor=INK)
    return {
        "body": ParagraphStyle("b", parent=base, spaceAfter=5),
        "cell": ParagraphStyle("c", parent=base, fontSize=8.5, leading=11),
        "cellb": ParagraphStyle("cb", parent=base, fontName=f.bold, fontSize=8.5, leading=11),
        "title": ParagraphStyle(
            "t", parent=base, fontName=f.bold, fontSize=17, leading=21, textColor=ACCENT
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=f.bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=9,
            spaceAfter=4,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=f.bold, spaceBefore=5, spaceAfter=2, keepWithNext=1
        ),
        "bullet": ParagraphStyle(
            "bl", parent=base, leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=2
        ),
        "draft": ParagraphStyle("d", parent=base, textColor=MISSING, fontName=f.bold),
    }


def _m(text: str) -> str:
    """User text made safe for ReportLab's mini-markup; missing markers in red."""
    out = escape(text).replace("\n", "<br/>")
    if "⚠" in out:
        # Fira Sans has no ⚠: the marker is the red capitals alone.
        out = out.replace("⚠ ", '<font color="#b00020">')
        out = _close_markers(out)
    return out


def _close_markers(text: str) -> str:
    """Close each red marker at the end of its phrase (before . ; , or the end)."""
    parts = text.split('<font color="#b00020">')
    out = [parts[0]]
    for part in parts[1:]:
        cut = min(
            (i for i in (part.find(". "), part.find(";"), part.find(", ")) if i > 0),
            default=len(part),
        )
        out.append(f'<font color="#b00020">{part[:cut]}</font>{part[cut:]}')
    return "".join(out)


COLUMN_SHARES = {
    2: (0.35, 0.65),
    4: (0.3, 0.22, 0.3, 0.18),
    6: (0.15, 0.22, 0.12, 0.25, 0.12, 0.14),
}


def _block(block: Block, s: dict[str, ParagraphStyle]) -> list[Any]:
    if isinstance(block, Para):
        return [Paragraph(_m(block.text), s["body"])]
    if isinstance(block, Bullets):
        return [Paragraph(_m(i), s["bullet"], bulletText="•") for i in block.items]
    if isinstance(block, NoticeTable):
        n = len(block.header)
        shares = COLUMN_SHARES.get(n, tuple(1 / n for _ in range(n)))
        rows = [[Paragraph(_m(h), s["cellb"]) for h in block.header]]
        rows += [[Paragraph(_m(c), s["cell"]) for c in row] for row in block.rows]
        return [grid(rows, [TEXT_W * x for x in shares], header=True), Spacer(1, 3 * mm)]
    assert isinstance(block, Facts)
    rows = [[Paragraph(_m(k), s["cellb"]), Paragraph(_m(v), s["cell"])] for k, v in block.rows]
    table = grid(rows, [LABEL_W, TEXT_W - LABEL_W], header=False)
    return [KeepTogether([Paragraph(_m(block.title), s["h3"]), table]), Spacer(1, 2 * mm)]


def render_notice_pdf(notice: Notice, out: Path | BinaryIO, *, controller: Any) -> None:
    """Lay the notice out on A4 pages with the letters' letterhead and footer."""
    s = _styles()
    fonts = body_fonts()
    story: list[Any] = [Paragraph(_m(notice.title), s["title"]), Spacer(1, 3 * mm)]
    if notice.gaps:
        story.append(Paragraph(_m(notice.draft_banner), s["draft"]))
        story += [Paragraph(_m(g.message), s["bullet"], bulletText="•") for g in notice.gaps]
        story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(_m(notice.intro), s["body"]))
    for section in notice.sections:
        story.append(Paragraph(_m(section.heading), s["h2"]))
        for block in section.blocks:
            story += _block(block, s)
    story += [Spacer(1, 4 * mm), Paragraph(_m(notice.updated_line), s["body"])]
    c = controller
    address = ", ".join(x for x in (c.address, f"{c.postcode} {c.city}".strip()) if x)

    def page(canv: Any, doc: Any) -> None:
        canv.saveState()
        draw_letterhead(canv, c.name, [address, c.email, c.website])
        canv.setLineWidth(0.4)
        canv.line(LEFT, FOOTER_Y + 4 * mm, PAGE_W - RIGHT, FOOTER_Y + 4 * mm)
        canv.setFont(fonts.regular, 8)
        canv.drawString(LEFT, FOOTER_Y, f"{c.name}  ·  {notice.title}  ·  {notice.updated_line}")
        canv.drawRightString(PAGE_W - RIGHT, FOOTER_Y, str(doc.page))
        canv.restoreState()

    target = str(out) if isinstance(out, Path) else out
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=notice.title,
        author=c.name,
        invariant=True,
        initialFontName=fonts.regular,
    )
    made = dated_canvasmaker(notice.updated_on)  # the PDF is dated the day it was updated
    doc.build(story, onFirstPage=page, onLaterPages=page, canvasmaker=made)


def notice_bytes(notice: Notice, suffix: str, *, controller: Any) -> bytes:
    """The file's bytes for `.html`/`.htm`, `.md` or `.pdf`."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        return notice_html(notice).encode("utf-8")
    if suffix == ".md":
        return notice_markdown(notice).encode("utf-8")
    if suffix == ".pdf":
        buf = io.BytesIO()
        render_notice_pdf(notice, buf, controller=controller)
        return buf.getvalue()
    raise ValueError(f"choose a file ending in {', '.join(FORMATS)}")


def write_notice(notice: Notice, path: Path, *, controller: Any) -> str:
    """Write the notice to `path` (format by extension, atomically); return its SHA-256."""
    data = notice_bytes(notice, path.suffix, controller=controller)
    write_atomically(path, data)
    return hashlib.sha256(data).hexdigest()
