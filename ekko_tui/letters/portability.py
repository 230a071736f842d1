"""Art. 20 data files: the data the subject provided, as JSON and CSV, in one ZIP."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from ekko_tui.files import write_atomically
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.model import LetterContext

CSV_COLUMNS = ("system", "system_navn", "id", "opplysning", "verdi")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def portable_data(ctx: LetterContext, today: date) -> dict[str, Any]:
    """The JSON document: who, when, and each system's rows the subject provided."""
    c = ctx.controller
    return {
        "behandlingsansvarlig": {"navn": c.name, "organisasjonsnummer": c.org_number},
        "referanse": ctx.request.ref,
        "utlevert": today.isoformat(),
        "registrert": {"navn": ctx.subject.name},
        "systemer": [
            {
                "system": h.system,
                "navn": nb.system_label(h.system, h.label),
                "id": h.external_id or None,
                "registrert": _iso(h.first_seen),
                "sist_endret": _iso(h.last_seen),
                "opplysninger": [{"opplysning": k, "verdi": v} for k, v in h.details],
            }
            for h in ctx.holdings
            if h.portable
        ],
    }


def portable_csv(ctx: LetterContext) -> str:
    """One line per field, RFC 4180 quoting, UTF-8 (the caller adds a BOM for spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for h in ctx.holdings:
        if not h.portable:
            continue
        for k, v in h.details:
            writer.writerow((h.system, nb.system_label(h.system, h.label), h.external_id, k, v))
    return buffer.getvalue()


def portability_zip_bytes(ctx: LetterContext, today: date) -> bytes:
    """The ZIP (data.json, data.csv), byte-stable for the same input and date."""
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    files = {
        "data.json": json.dumps(portable_data(ctx, today), ensure_ascii=False, indent=2) + "\n",
        # The BOM lets spreadsheet programs see UTF-8 (æøå, Sámi letters) without asking.
        "data.csv": "\ufeff" + portable_csv(ctx),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def write_portability_zip(ctx: LetterContext, today: date, path: Path) -> bytes:
    data = portability_zip_bytes(ctx, today)
    write_atomically(path, data)
    return data
