"""Fiken invoices and credit notes as CSV (made from Fiken's workbook in Norwegian Excel):
header found after Excel's preamble, synonyms for each column, `Sum` rows, `kr 1 490,00`,
dates `2.9.2023`, credit notes negative with the invoice they credit."""

from __future__ import annotations

import re

from ekko_tui.domain.csv_files import norm_header
from ekko_tui.domain.document_formats import (
    RowMapper,
    amount_cell,
    cut_short,
    missing_column,
    moment_cell,
    require_column,
    take_fields,
    value,
)
from ekko_tui.domain.export_formats import PHONE_HEADERS, Columns, RowBuilder
from ekko_tui.domain.export_values import OSLO
from ekko_tui.domain.records import ParsedDocument

# --- Fiken invoices and credit notes -----------------------------------------------------------

FIKEN_NUMBER = ("Fakturanr", "Fakturanummer", "Fakturanr.", "Nummer", "Kreditnotanr", "Bilagsnr")
FIKEN_DATE = ("Fakturadato", "Dato", "Utstedt", "Bilagsdato")
FIKEN_AMOUNT = ("Brutto", "Beløp", "Totalt", "Total", "Sum inkl. mva", "Beløp inkl. mva")
FIKEN_CUSTOMER = ("Kundenummer", "Kundenr", "Kundenr.", "Kunde nr")
_SUM_ROW = re.compile(r"^(sum|sum totalt|totalt|total|i alt)\b", re.IGNORECASE)


def is_sum_row(row: tuple[str, ...]) -> bool:
    """Excel's total line after the data (`Sum;;;;12 345,00`)."""
    first = next((c for c in row if c), "")
    return bool(_SUM_ROW.match(first))


def fiken_invoices(cols: Columns) -> RowMapper:
    kind = "fiken-invoices"
    number = require_column(cols, kind, "invoice number", *FIKEN_NUMBER)
    issued = require_column(cols, kind, "invoice date", *FIKEN_DATE)
    amount = require_column(cols, kind, "amount", *FIKEN_AMOUNT)
    customer_no = cols.find(*FIKEN_CUSTOMER)
    customer, email = cols.find("Kunde", "Kundenavn", "Navn"), cols.find("E-post", "Epost", "Email")
    if customer_no is None and email is None and customer is None:
        raise missing_column(kind, "customer", ("Kundenummer", "Kunde", "E-post"), cols.headers)
    orgnr = cols.find("Orgnr", "Organisasjonsnummer")
    phone = cols.find(*PHONE_HEADERS)
    doc_type, status = cols.find("Type", "Dokumenttype"), cols.find("Status")
    currency = cols.find("Valuta", "Currency")
    credited = cols.find("Kreditert faktura", "Krediterer faktura", "Gjelder faktura")
    text = cols.find("Beskrivelse", "Tekst")

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        if is_sum_row(row):
            b.errors.append("a Sum row (a total of the rows above, not an invoice)")
            return
        if cut_short(b, row, [number, issued, amount], cols):
            return
        b.organisation = bool(value(row, orgnr))
        b.name(value(row, customer), surname_first=not b.organisation)
        b.email(value(row, email))
        b.phone(value(row, phone))
        b.external(value(row, customer_no))
        no = value(row, number)
        if not no:
            b.errors.append(f"no {cols.headers[number]} (invoice number)")
        on, _ = moment_cell(b, cols, row, issued, OSLO)
        if not on and not b.errors:
            b.errors.append(f"no {cols.headers[issued]} (invoice date)")
        minor, sign = amount_cell(b, cols, row, amount)
        words = f"{value(row, doc_type)} {value(row, status)}".casefold()
        ref = value(row, credited)
        is_credit = "kreditnota" in words or "credit" in words or (bool(ref) and (minor or 0) < 0)
        if is_credit and minor is not None:
            minor = -abs(minor)
        fields = take_fields(b)
        b.category("invoices")
        kind_ = "credit_note" if is_credit else "invoice"
        b.documents.append(
            ParsedDocument(
                kind_,
                no,
                no,
                on=on,
                amount_minor=minor,
                currency=(value(row, currency) or sign or "NOK").upper(),
                status=value(row, status),
                reference=ref if is_credit else "",
                customer_id=value(row, customer_no),
                description=value(row, text),
                fields=fields,
            )
        )

    return mapper


def fiken_header_index(rows: tuple[tuple[int, tuple[str, ...]], ...]) -> int | None:
    """Where the header is in a Fiken report (after Excel's preamble lines), if anywhere."""
    wanted = {norm_header(h) for h in (*FIKEN_NUMBER, *FIKEN_DATE, *FIKEN_AMOUNT)}
    for i, (_, row) in enumerate(rows[:30]):
        names = {norm_header(c) for c in row if c}
        if len(names & wanted) >= 2:
            return i
    return None
