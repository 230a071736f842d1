"""Art. 20 data files: the data the subject provided, as JSON and CSV, in one ZIP.

With the records (issue 13) the ZIP holds an index (`index.json`) and, per system, the records
the person provided or generated (contact, purchases, payments, form answers, consent, logins,
meetings) as `<system>.json` and `<system>.csv`, with field names that explain themselves.
Without (no subject linked) it is the older `data.json` / `data.csv` of the holdings."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from ekko_tui.domain.records import CATEGORIES, DOCUMENT_KINDS, Document, RecordField
from ekko_tui.files import write_atomically
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.copy_data import AccessCopy
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
    """The ZIP, byte-stable for the same input and date."""
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in package_texts(ctx, today).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def package_texts(ctx: LetterContext, today: date) -> dict[str, str]:
    """Every file of the package by name (JSON, and CSV with a BOM for spreadsheets)."""
    if ctx.copy is not None:
        return records_package(ctx, ctx.copy, today)
    return {
        "data.json": json.dumps(portable_data(ctx, today), ensure_ascii=False, indent=2) + "\n",
        # The BOM lets spreadsheet programs see UTF-8 (æøå, Sámi letters) without asking.
        "data.csv": "\ufeff" + portable_csv(ctx),
    }


def package_files(ctx: LetterContext) -> tuple[tuple[str, str], ...]:
    """(file, what it holds) for the covering letter's list of attachments."""
    if ctx.copy is None:
        return (
            ("data.json", "JSON (UTF-8): alle opplysningene, gruppert per system"),
            ("data.csv", "CSV (UTF-8, kommaseparert): én linje per opplysning"),
        )
    out = [("index.json", "JSON (UTF-8): innholdsfortegnelse og forklaring av feltene")]
    for system in portable_systems(ctx.copy):
        label = nb.system_label(system)
        out += [
            (f"{system}.json", f"JSON (UTF-8): opplysningene fra {label}"),
            (f"{system}.csv", "CSV (UTF-8, kommaseparert): de samme, én linje per felt"),
        ]
    return tuple(out)


# ---------------------------------------------------------------- the records package

# What the person provided or generated (Art. 20): not EKKO's own labels (tags), account
# flags, free-text notes or columns ekko does not know.
PORTABLE_CATEGORIES = (
    "identity",
    "contact",
    "address",
    "purchases",
    "payments",
    "card",
    "form",
    "consent",
    "login",
    "meetings",
)
# Systems whose data the person provided on consent or contract; the accounting system holds
# EKKO's own records under a legal duty (bokføringsloven), which Art. 20 does not cover.
PORTABLE_SYSTEMS = frozenset({"kajabi", "stripe", "newsletter", "zoom"})
RECORD_CSV_COLUMNS = (
    "record_type",
    "record_type_description",
    "document_number",
    "document_date",
    "amount",
    "currency",
    "status",
    "refers_to",
    "category",
    "category_description",
    "field",
    "value",
)
FIELD_DESCRIPTIONS = {
    "record_type": "contact (a customer or member row) or a document type (payment, refund …)",
    "document_number": "the document's number or id in the system",
    "document_date": "the document's date (ISO 8601, Europe/Oslo)",
    "amount": "the amount in major units (1490.00); negative for refunds and credit notes",
    "currency": "ISO 4217 currency code",
    "refers_to": "the number of the document this one refers to (a refund → its payment)",
    "category": "what kind of data the field is (contact, address, purchases …)",
    "field": "the column name in the system's own export",
    "value": "the value exactly as the system exported it",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
    leading apostrophe; plain numbers (-1490.00) stay numbers."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def portable_systems(copy: AccessCopy) -> tuple[str, ...]:
    """The systems with portable data for the person, alphabetical."""
    return tuple(
        s.system
        for s in copy.records.systems
        if s.system in PORTABLE_SYSTEMS and (_portable_records(s.records) or s.documents)
    )


def _portable(fields: tuple[RecordField, ...]) -> list[RecordField]:
    return [f for f in fields if f.category in PORTABLE_CATEGORIES]


def _portable_records(records: tuple[Any, ...]) -> list[list[RecordField]]:
    return [fields for r in records if (fields := _portable(r.fields))]


def _field_json(f: RecordField) -> dict[str, str]:
    return {
        "category": f.category,
        "category_description": CATEGORIES.get(f.category, f.category),
        "field": f.label,
        "value": f.value,
    }


def _document_json(d: Document) -> dict[str, Any]:
    return {
        "document_type": d.kind,
        "document_type_description": DOCUMENT_KINDS.get(d.kind, d.kind),
        "document_number": d.number,
        "document_date": _iso(d.on),
        "amount": None if d.amount is None else f"{d.amount:.2f}",
        "currency": d.currency or None,
        "status": d.status or None,
        "refers_to": d.reference or None,
        "fields": [_field_json(f) for f in _portable(d.fields)],
    }


def records_package(ctx: LetterContext, copy: AccessCopy, today: date) -> dict[str, str]:
    """index.json plus <system>.json and <system>.csv for each system with portable data."""
    c = ctx.controller
    files: dict[str, str] = {}
    listed = []
    for system in copy.records.systems:
        if system.system not in portable_systems(copy):
            continue
        records = _portable_records(system.records)
        documents = [_document_json(d) for d in system.documents]
        data = {
            "system": system.system,
            "system_name": nb.system_label(system.system),
            "customer_since": _iso(system.since),
            "newest_export": _iso(dict(copy.searched).get(system.system)),
            "records": [
                {"record_type": "contact", "fields": [_field_json(f) for f in fields]}
                for fields in records
            ],
            "documents": documents,
        }
        files[f"{system.system}.json"] = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        files[f"{system.system}.csv"] = "\ufeff" + _records_csv(records, system.documents)
        listed.append(
            {
                "system": system.system,
                "system_name": nb.system_label(system.system),
                "files": [f"{system.system}.json", f"{system.system}.csv"],
                "records": len(records),
                "documents": len(documents),
            }
        )
    index = {
        "controller": {"name": c.name, "organisation_number": c.org_number},
        "reference": ctx.request.ref,
        "delivered_on": today.isoformat(),
        "data_subject": ctx.subject.name,
        "about": "The personal data you provided to EKKO or generated by using its services, "
        "system by system (GDPR Art. 20). Accounting records EKKO keeps under a legal duty "
        "are not included; you can see them in an access copy (Art. 15).",
        "systems": listed,
        "field_descriptions": FIELD_DESCRIPTIONS,
    }
    return {"index.json": json.dumps(index, ensure_ascii=False, indent=2) + "\n", **files}


def _records_csv(records: list[list[RecordField]], documents: tuple[Document, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RECORD_CSV_COLUMNS)

    def row(*cells: str) -> None:
        writer.writerow([neutralise(c) for c in cells])

    for fields in records:
        for f in fields:
            row("contact", "Contact", "", "", "", "", "", "", f.category,
                CATEGORIES.get(f.category, f.category), f.label, f.value)  # fmt: skip
    for d in documents:
        head = (
            d.kind,
            DOCUMENT_KINDS.get(d.kind, d.kind),
            d.number,
            _iso(d.on) or "",
            "" if d.amount is None else f"{d.amount:.2f}",
            d.currency,
            d.status,
            d.reference,
        )
        fields = _portable(d.fields)
        if not fields:
            row(*head, "", "", "", "")
        for f in fields:
            row(*head, f.category, CATEGORIES.get(f.category, f.category), f.label, f.value)
    return buffer.getvalue()


def write_portability_zip(ctx: LetterContext, today: date, path: Path) -> bytes:
    data = portability_zip_bytes(ctx, today)
    write_atomically(path, data)
    return data
