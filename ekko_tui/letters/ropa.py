"""The record of processing activities as a PDF (ReportLab) and as CSV, from plain `Ropa` data."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ekko_tui.domain.ropa import Ropa, ropa_csv_rows
from ekko_tui.files import write_atomically
from ekko_tui.letters.fonts import body_fonts

MARGIN = 18 * mm
LABEL_WIDTH = 42 * mm
TITLE = "Protokoll over behandlingsaktiviteter"
SUBTITLE = "Personvernforordningen artikkel 30 nr. 1 (record of processing activities)"


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """User text made safe for ReportLab's mini-markup."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _styles() -> dict[str, ParagraphStyle]:
    fonts = body_fonts()
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=11.5)
    return {
        "body": base,
        "label": ParagraphStyle("label", parent=base, fontName=fonts.bold),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.bold, fontSize=16, leading=20),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10, leading=13, textColor=colors.grey),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
    }


def grid(rows: list[list[Paragraph]], widths: list[float], header: bool = False) -> Table:
    """A ruled table (header row or label column shaded), as the Art. 30 record and the
    privacy notice print them."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0b0b0")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")))
    table.setStyle(TableStyle(style))
    return table


def render_ropa_pdf(ropa: Ropa, out: Path | BinaryIO) -> None:
    """Lay the record out on A4: controller header, one block per activity, the recipients."""
    s = _styles()
    width = A4[0] - 2 * MARGIN
    story: list = [
        _p(TITLE, s["title"]),
        _p(SUBTITLE, s["sub"]),
        Spacer(1, 4 * mm),
        _p("Behandlingsansvarlig", s["label"]),
    ]
    story += [_p(line, s["body"]) for line in ropa.controller_lines]
    story += [
        Spacer(1, 2 * mm),
        _p(
            f"Laget {ropa.made_on.isoformat()} · {len(ropa.entries)} behandlingsaktiviteter",
            s["body"],
        ),
    ]
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
            [LABEL_WIDTH, width - LABEL_WIDTH],
        )
        story.append(KeepTogether([_p(f"{n}. {e.name}", s["h2"]), table]))
    story += [Spacer(1, 4 * mm), _p("Databehandlere og andre mottakere", s["h2"])]
    head = ["Navn", "Rolle", "Land", "Avtale", "Overføringsgrunnlag"]
    rows_p = [[_p(h, s["label"]) for h in head]]
    for r in ropa.processors:
        rows_p.append(
            [
                _p(x, s["small"])
                for x in (r.name, r.role, r.country or "?", r.agreement, r.safeguard)
            ]
        )
    story.append(grid(rows_p, [w * width for w in (0.32, 0.16, 0.1, 0.2, 0.22)], header=True))

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(body_fonts().regular, 7.5)
        text = f"{ropa.controller.name} · {TITLE} · {ropa.made_on.isoformat()} · side {doc.page}"
        canvas.drawString(MARGIN, 10 * mm, text)
        canvas.restoreState()

    target = str(out) if isinstance(out, Path) else out
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{TITLE} — {ropa.controller.name}",
        author=ropa.controller.name,
        invariant=True,
        initialFontName=body_fonts().regular,  # no stray base-14 Helvetica in the file
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


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
