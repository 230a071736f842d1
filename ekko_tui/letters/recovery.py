"""The recovery sheet: a one-page PDF with the database key and how to use it."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ekko_tui.files import write_atomically
from ekko_tui.letters.fonts import body_fonts


def write_recovery_sheet(
    out: Path | BinaryIO,
    *,
    db_path: Path,
    key: str,
    key_where: str,
    now: datetime,
    fingerprint: str = "",
    seal: str = "",
) -> None:
    """Render the sheet: what the key opens, the key in groups of 8, its fingerprint (the
    same one each backup's metadata names), the seal key, and how to restore."""
    fonts = body_fonts()
    regular, bold = fonts.regular, fonts.bold
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14)
    head = ParagraphStyle("head", fontName=bold, fontSize=16, leading=20, spaceAfter=6)
    mono = ParagraphStyle("key", fontName=bold, fontSize=13, leading=20)
    groups = " ".join(key[i : i + 8] for i in range(0, len(key), 8))
    story = [
        Paragraph("ekko — gjenopprettingsark / recovery sheet", head),
        Paragraph(f"Laget / made: {now:%Y-%m-%d %H:%M} UTC", body),
        Spacer(1, 6 * mm),
        Paragraph("Databasen / the database:", body),
        Paragraph(escape(str(db_path)), body),
        Paragraph(f"Nøkkelen ligger nå i / the key is kept in: {escape(key_where)}", body),
        Spacer(1, 6 * mm),
        Paragraph("Nøkkel / key:", body),
        Paragraph(escape(groups), mono),
        Paragraph(f"Fingeravtrykk / fingerprint: {escape(fingerprint)}", body),
        Spacer(1, 3 * mm),
        Paragraph("Seglnøkkel (revisjonsspor, sperreliste) / seal key (audit trail):", body),
        Paragraph(escape(" ".join(seal[i : i + 8] for i in range(0, len(seal), 8))), mono),
        Spacer(1, 6 * mm),
        Paragraph(
            "Uten denne nøkkelen kan verken databasen eller sikkerhetskopiene åpnes. Oppbevar "
            "arket innelåst, atskilt fra PC-en. / Without this key neither the database nor its "
            "backups can be opened. Keep this sheet locked away, apart from the laptop.",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            "Gjenoppretting / to recover: set the key (without spaces) in the environment and "
            "open the database or restore a backup: "
            "<br/>EKKO_DB_KEY=&lt;key&gt; ekko --db &lt;file&gt;"
            "<br/>EKKO_DB_KEY=&lt;key&gt; ekko restore &lt;backup&gt;",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            "Etter «ekko key rotate» gjelder et nytt ark; sikkerhetskopiene ekko laget krypteres "
            "om med den nye nøkkelen. Andre kopier åpnes med nøkkelen de ble laget med: "
            "fingeravtrykket står i kopiens .json-fil. / After 'ekko key rotate' print a new "
            "sheet; the backups ekko made are re-encrypted with the new key. Other copies open "
            "with the key they were made with: its fingerprint is in the copy's .json file; "
            "restore with EKKO_DB_KEY=&lt;that key&gt;. If the seal key was lost, set "
            "EKKO_SEAL_KEY=&lt;seal key&gt;.",
            body,
        ),
    ]
    target = out
    if isinstance(out, Path):
        target = io.BytesIO()  # rendered in memory, then written 0600 (it holds the key)
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title="ekko recovery sheet",
        author="ekko",
    )
    doc.build(story)
    if isinstance(out, Path):
        assert isinstance(target, io.BytesIO)
        write_atomically(out, target.getvalue())
