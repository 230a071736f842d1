"""Test helper: documents stored on a person through the real import path (import_export with
parsed rows carrying documents), for the consumers of the records contract."""

from __future__ import annotations

import hashlib
from datetime import datetime

from ekko_tui.domain.imports import ParsedExport, ParsedRow, read_table
from ekko_tui.domain.record_fields import column_categories, row_fields
from ekko_tui.domain.records import ParsedDocument
from ekko_tui.store.subject_imports import ImportReport, import_export


def doc(
    kind: str,
    number: str,
    on: str,
    amount_minor: int | None = None,
    *,
    status: str = "",
    reference: str = "",
    currency: str = "NOK",
    description: str = "",
    extra: dict[str, str] | None = None,
) -> ParsedDocument:
    """A document with its fields as an export row would give them."""
    cells = {"Number": number, "Date": on, "Status": status, "Description": description}
    if amount_minor is not None:
        cells["Amount"] = f"{amount_minor / 100:.2f}"
    cells.update(extra or {})
    headers = list(cells)
    fields = row_fields(headers, column_categories(headers), [cells[h] for h in headers])
    return ParsedDocument(
        kind=kind,
        number=number,
        key=number,
        on=on,
        amount_minor=amount_minor,
        currency=currency if amount_minor is not None else "",
        status=status,
        reference=reference,
        description=description,
        fields=fields,
    )


def store_documents(
    system: str,
    email: str,
    documents: list[ParsedDocument],
    now: datetime,
    *,
    exported_at: datetime | None = None,
) -> ImportReport:
    """Import one row (the person, by e-mail) holding `documents` into `system`."""
    row = ParsedRow(line=2, emails=(email,), categories=("payments",), documents=tuple(documents))
    parsed = ParsedExport(system, read_table(b"Email\r\nx@example.no\r\n"), (row,), ())
    return import_export(
        parsed,
        kind=system,
        file_name=f"{system}-documents.csv",
        sha256=hashlib.sha256(repr(documents).encode()).hexdigest(),
        now=now,
        actor="t",
        exported_at=exported_at,
    )
