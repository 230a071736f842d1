"""The record of processing activities as a PDF (ReportLab, in the letters' design) and as
CSV, from plain `Ropa` data."""

from __future__ import annotations

import csv
import io
from functools import partial
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ekko_tui.domain.ropa import Ropa, ropa_csv_rows
from ekko_tui.files import write_atomically
from ekko_tui.letters.fonts import BOLD, REGULAR, body_fonts, register_fonts
from ekko_tui.letters.letter_page import (
    ACCENT,
    BOTTOM,
    INK,
    LEFT,
    RIGHT,
    TEXT_W,
    NumberedCanvas,
    body_frame,
    draw_footer,
    draw_letterhead,
)
from ekko_tui.letters.norsk import long_date as nb_long_date
from ekko_tui.letters.page_words import word
from ekko_tui.letters.ties import tie

LABEL_WIDTH = 45 * mm
TOP = 34 * mm  # below the letterhead, as the privacy notice
TITLE = "Protokoll over behandlingsaktiviteter"
SUBTITLE = "Personvernforordningen artikkel 30 nr. 1"
UNKNOWN_COUNTRY = "ukjent"
RECIPIENT_COLUMNS = ("Navn", "Rolle", "Land", "Avtale", "Overføringsgrunnlag")
RECIPIENT_SHARES = (0.27, 0.2, 0.1, 0.18, 0.25)
CELL_PAD = 4


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """User text made safe for ReportLab's mini-markup, with the letters' ties."""
    return Paragraph(escape(tie(text)).replace("\n", "<br/>"), style)


def _styles() -> dict[str, ParagraphStyle]:
    fonts = body_fonts()
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=11.5, textColor=INK)
    return {
        "body": base,
        "label": ParagraphStyle("label", parent=base, fontName=fonts.bold),
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.bold, fontSize=16, leading=20, textColor=ACCENT
        ),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10, leading=13, spaceAfter=2),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
    }


def grid(rows: list[list[Paragraph]], widths: list[float], header: bool = False) -> Table:
    """A ruled table (header row or label column shaded), as the Art. 30 record and the
    privacy notice print them; a header row repeats on every page and no row splits."""
    table = Table(
        rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=0, hAlign="LEFT"
    )
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0b0b0")),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")))
    table.setStyle(TableStyle(style))
    return table


def column_widths(
    headers: tuple[str, ...], shares: tuple[float, ...], total: float, font: str, size: float
) -> list[float]:
    """Column widths from `shares` of `total`, widened where a header word would not fit
    (the room taken from the widest columns), so no header word is ever split."""
    need = [max(stringWidth(w, font, size) for w in h.split()) + 2 * CELL_PAD + 1 for h in headers]
    widths = [max(share * total, n) for share, n in zip(shares, need, strict=True)]
    excess = sum(widths) - total
    while excess > 0.01:
        slack = [w - n for w, n in zip(widths, need, strict=True)]
        i = slack.index(max(slack))
        take = min(excess, slack[i])
        if take <= 0:
            break
        widths[i] -= take
        excess -= take
    return widths


def _country(name: str) -> str:
    return name or UNKNOWN_COUNTRY


def _story(ropa: Ropa) -> list[Flowable]:
    s = _styles()
    made = nb_long_date(ropa.made_on)
    story: list[Flowable] = [
        _p(TITLE, s["title"]),
        _p(SUBTITLE, s["sub"]),
        _p(f"Sist oppdatert {made} · {len(ropa.entries)} behandlingsaktiviteter", s["sub"]),
        Spacer(1, 4 * mm),
        _p("Behandlingsansvarlig", s["label"]),
    ]
    story += [_p(line, s["body"]) for line in ropa.controller_lines]
    if ropa.breach_register:
        story += [
            Spacer(1, 2 * mm),
            _p("Organisatoriske sikkerhetstiltak", s["label"]),
            _p(ropa.breach_register, s["body"]),
        ]
    for n, e in enumerate(ropa.entries, 1):
        recipients = "\n".join(r.line for r in e.recipients) or "Ingen"
        rows = [
            ("Formål", e.purpose),
            ("Behandlingsgrunnlag", e.lawful_basis),
            ("Registrerte", e.subject_categories),
            ("Personopplysninger", e.data_categories),
            ("Mottakere", recipients),
            ("Overføring til tredjeland og garantier", e.transfers),
            ("Lagringstid", e.retention),
            ("Kilde", e.source),
            ("Sikkerhetstiltak", e.security),
        ]
        table = grid(
            [[_p(k, s["label"]), _p(v, s["body"])] for k, v in rows],
            [LABEL_WIDTH, TEXT_W - LABEL_WIDTH],
        )
        story.append(KeepTogether([_p(f"{n}. {e.name}", s["h2"]), table]))
    story += [Spacer(1, 4 * mm), _p("Databehandlere og andre mottakere", s["h2"])]
    rows_p = [[_p(h, s["label"]) for h in RECIPIENT_COLUMNS]]
    for r in ropa.processors:
        cells = (r.name, r.role, _country(r.country), r.agreement, r.safeguard)
        rows_p.append([_p(x, s["small"]) for x in cells])
    widths = column_widths(RECIPIENT_COLUMNS, RECIPIENT_SHARES, TEXT_W, BOLD, 9)
    story.append(grid(rows_p, widths, header=True))
    return story


def render_ropa_pdf(ropa: Ropa, out: Path | BinaryIO) -> None:
    """Lay the record out on A4 in the letters' design: letterhead on every page, the
    controller, one block per activity, the recipients; "Side x av y" and the date it was
    last updated in the footer; the PDF dated that day."""
    register_fonts()
    c = ropa.controller
    place = f"{c.postcode} {c.city}".strip()
    made = nb_long_date(ropa.made_on)

    def furniture(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        draw_letterhead(canv, c.name, [c.address, place, c.email, c.website])
        draw_footer(canv, [c.name, TITLE, f"Sist oppdatert {made}"])
        canv.restoreState()

    target = str(out) if isinstance(out, Path) else out
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"{TITLE} – {c.name}",
        author=c.name,
        subject=f"{SUBTITLE}, {made}",
        creator="ekko",
        invariant=True,
        initialFontName=REGULAR,  # no stray base-14 Helvetica in the file
    )
    doc.addPageTemplates([PageTemplate("ropa", [body_frame(False, TOP)], onPage=furniture)])
    canvas = partial(NumberedCanvas, page_words=word("page"), made_on=ropa.made_on)
    doc.build(_story(ropa), canvasmaker=canvas)


def ropa_csv_text(ropa: Ropa) -> str:
    """The record as CSV text: comma-separated, every field quoted where needed."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(ropa_csv_rows(ropa))
    return buf.getvalue()


def write_ropa(ropa: Ropa, path: Path) -> Path:
    """Write the record to `path`: `.pdf` or `.csv` (UTF-8 with BOM, so Excel reads æøå)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        buf = io.BytesIO()
        render_ropa_pdf(ropa, buf)
        write_atomically(path, buf.getvalue())
    elif suffix == ".csv":
        write_atomically(path, ropa_csv_text(ropa).encode("utf-8-sig"))
    else:
        raise ValueError(f"{path.name}: choose a file ending in .pdf or .csv.")
    return path
