"""The document exports (issue 13): Stripe payments, Kajabi transactions, Fiken invoices and
credit notes, Mailchimp audiences. Each row becomes the person's identifiers and one or more
documents with their own dates, amounts and references (Zoom reports: `zoom_reports`).

Columns are found by header name with synonyms; a missing required column refuses the file and
says which. A row whose date or amount cannot be read is skipped with the column and value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, tzinfo

from ekko_tui.domain.csv_files import ImportFileError, norm_header
from ekko_tui.domain.export_formats import (
    FIRST_HEADERS,
    LAST_HEADERS,
    Columns,
    RowBuilder,
    cell,
)
from ekko_tui.domain.export_kinds import DOCUMENT_IMPORTS as DOCUMENT_IMPORTS
from ekko_tui.domain.export_values import OSLO, earliest_date, parse_amount, parse_moment, to_minor
from ekko_tui.domain.records import Fields, ParsedDocument

RowMapper = Callable[[RowBuilder, tuple[str, ...]], None]


# Headers only that export has (how a file is recognised and a wrong choice caught).
DOCUMENT_SIGNATURES: dict[str, tuple[str, ...]] = {
    "stripe-payments": (
        "created date (utc)",
        "amount refunded",
        "converted amount",
        "decline reason",
        "seller message",
        "statement descriptor",
        "captured",
        "refunded date (utc)",
        "taxes on fee",
    ),
    "kajabi-transactions": (
        "offer title",
        "order no.",
        "payment method",
        "charge attempt",
        "failure message",
        "coupon used",
        "offer id",
        "tax amount",
    ),
    "fiken-invoices": (
        "fakturanr",
        "fakturanummer",
        "fakturadato",
        "forfallsdato",
        "brutto",
        "netto",
        "mva",
        "kid",
        "kreditert faktura",
        "utestående",
        "restbeløp",
        "betalt dato",
    ),
    "mailchimp": (
        "email address",
        "member rating",
        "optin time",
        "optin ip",
        "confirm time",
        "confirm ip",
        "leid",
        "euid",
        "last changed",
    ),
}

_NA = {"n/a", "na", "--", "-", "null", "none"}


def value(row: tuple[str, ...], index: int | None) -> str:
    """A cell, with `N/A` and `--` read as empty."""
    text = cell(row, index)
    return "" if text.casefold() in _NA else text


def missing_column(
    kind: str, what: str, names: tuple[str, ...], headers: tuple[str, ...]
) -> Exception:
    shown = ", ".join(h for h in headers[:15] if h) or "(none)"
    wanted = " / ".join(f"'{n}'" for n in names)
    return ImportFileError(
        f"This {DOCUMENT_IMPORTS[kind][1]} has no {what} column (looked for {wanted}). "
        f"Columns found: {shown}. Nothing was imported."
    )


def require_column(cols: Columns, kind: str, what: str, *names: str) -> int:
    i = cols.find(*names)
    if i is None:
        raise missing_column(kind, what, names, cols.headers)
    return i


def cut_short(b: RowBuilder, row: tuple[str, ...], needed: list[int | None], cols: Columns) -> bool:
    """A row that ends before a column it needs (a file cut off in the middle of a row)."""
    last = max((i for i in needed if i is not None), default=-1)
    if len(row) <= last:
        b.errors.append(
            f"the row is cut short: {len(row)} of {len(cols.headers)} columns "
            f"('{cols.headers[last]}' is missing)"
        )
        return True
    return False


def moment_cell(
    b: RowBuilder, cols: Columns, row: tuple[str, ...], index: int | None, zone: tzinfo
) -> tuple[str, str]:
    """(ISO Oslo date, ISO UTC moment or '') of a date cell; an error on the row if unreadable."""
    raw = value(row, index)
    if index is None or not raw:
        return "", ""
    try:
        moment, day = parse_moment(raw, zone)
    except ValueError as exc:
        b.errors.append(f"{cols.headers[index]} {raw!r}: {exc}")
        return "", ""
    return day.isoformat(), moment.isoformat() if moment else ""


def amount_cell(
    b: RowBuilder, cols: Columns, row: tuple[str, ...], index: int | None
) -> tuple[int | None, str]:
    raw = value(row, index)
    if index is None or not raw:
        return None, ""
    try:
        amount, currency = parse_amount(raw)
    except ValueError:
        b.errors.append(f"{cols.headers[index]} {raw!r} is not an amount")
        return None, ""
    return to_minor(amount), currency


def _key(*parts: str) -> str:
    return "row:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def take_fields(b: RowBuilder) -> Fields:
    """The row's fields become its document's: a document row has no separate contact record."""
    fields, b.fields = b.fields, ()
    return fields


# --- Stripe payments --------------------------------------------------------------------------


def stripe_payments(cols: Columns) -> RowMapper:
    kind = "stripe-payments"
    created = require_column(
        cols, kind, "created date", "Created date (UTC)", "Created (UTC)", "Created"
    )
    amount = require_column(cols, kind, "amount", "Amount")
    email = cols.find("Customer Email", "Email")
    customer = cols.find("Customer ID")
    if email is None and customer is None:
        raise missing_column(kind, "customer", ("Customer Email", "Customer ID"), cols.headers)
    pid, status = cols.find("id"), cols.find("Status")
    currency = cols.find("Currency")
    refunded = cols.find("Amount Refunded")
    refunded_on = cols.find("Refunded date (UTC)", "Refunded (UTC)")
    phone = cols.find("Customer Phone")
    description = cols.find("Description")
    invoice = cols.find("Invoice Number", "Invoice ID")
    name = cols.find("Customer Name")
    refund_labels = {
        h for h in cols.headers if "refund" in h.casefold() or norm_header(h) in ("id",)
    }

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        if cut_short(b, row, [created, amount, email, customer], cols):
            return
        b.email(value(row, email))
        b.phone(value(row, phone))
        b.external(value(row, customer))
        b.name(value(row, name))
        on, at = moment_cell(b, cols, row, created, UTC)
        minor, sign = amount_cell(b, cols, row, amount)
        cur = (value(row, currency) or sign).upper()
        fields = take_fields(b)
        number = value(row, pid)
        common = {"customer_id": value(row, customer), "currency": cur}
        b.category("payments")
        b.documents.append(
            ParsedDocument(
                "payment",
                number,
                number or _key(on, at, str(minor), value(row, email), value(row, status)),
                on=on,
                at=at,
                amount_minor=minor,
                status=value(row, status),
                reference=value(row, invoice),
                description=value(row, description),
                fields=fields,
                **common,
            )
        )
        back, _ = amount_cell(b, cols, row, refunded)
        if back and number:
            r_on, r_at = moment_cell(b, cols, row, refunded_on, UTC)
            b.documents.append(
                ParsedDocument(
                    "refund",
                    f"{number} refund",
                    f"{number}:refund",
                    on=r_on or on,
                    at=r_at,
                    amount_minor=-abs(back),
                    status="Refunded",
                    reference=number,
                    description=value(row, description),
                    fields=tuple(f for f in fields if f[1] in refund_labels),
                    **common,
                )
            )

    return mapper


# --- Kajabi transactions ----------------------------------------------------------------------


def kajabi_transactions(cols: Columns) -> RowMapper:
    kind = "kajabi-transactions"
    created = require_column(cols, kind, "date", "Created At", "Date")
    amount = require_column(cols, kind, "amount", "Amount")
    email = require_column(cols, kind, "customer e-mail", "Customer Email", "Email")
    tid, ttype, status = cols.find("ID", "Transaction ID"), cols.find("Type"), cols.find("Status")
    currency, order = cols.find("Currency"), cols.find("Order No.", "Order Number", "Order No")
    name, phone = cols.find("Customer Name", "Name"), cols.find("Phone", "Phone Number")
    customer, offer = cols.find("Customer ID"), cols.find("Offer Title", "Offer")

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        if cut_short(b, row, [created, amount, email], cols):
            return
        b.email(value(row, email))
        b.phone(value(row, phone))
        b.name(value(row, name))
        # Its Customer ID is not the contacts export's ID: kept on the document, never matched.
        on, at = moment_cell(b, cols, row, created, OSLO)
        minor, sign = amount_cell(b, cols, row, amount)
        what = value(row, ttype).casefold()
        is_refund = "refund" in what or (minor is not None and minor < 0)
        if is_refund and minor is not None:
            minor = -abs(minor)
        number = value(row, tid)
        fields = take_fields(b)
        b.category("payments")
        b.documents.append(
            ParsedDocument(
                "refund" if is_refund else "transaction",
                number,
                number or _key(on, at, str(minor), value(row, email), what),
                on=on,
                at=at,
                amount_minor=minor,
                currency=(value(row, currency) or sign).upper(),
                status=value(row, status),
                reference=value(row, order),
                customer_id=value(row, customer),
                description=value(row, offer),
                fields=fields,
            )
        )

    return mapper


# --- Mailchimp audience -----------------------------------------------------------------------


def mailchimp(cols: Columns) -> RowMapper:
    kind = "mailchimp"
    email = require_column(cols, kind, "e-mail", "Email Address", "Email", "E-mail")
    first, last = cols.find(*FIRST_HEADERS), cols.find(*LAST_HEADERS)
    phone = cols.find("Phone Number", "Phone", "PHONE", "Telefon", "Mobil")
    optin, confirm = cols.find("OPTIN_TIME"), cols.find("CONFIRM_TIME")
    unsub, cleaned = cols.find("UNSUB_TIME"), cols.find("CLEAN_TIME")
    member = cols.find("LEID", "EUID")

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        if cut_short(b, row, [email], cols):
            return
        b.name(" ".join(p for p in (value(row, first), value(row, last)) if p))
        b.email(value(row, email))
        b.phone(value(row, phone))
        b.category("newsletter subscription")
        times = [value(row, i) for i in (optin, confirm) if i is not None]
        b.since = earliest_date(times, UTC)
        on, at = moment_cell(b, cols, row, confirm if value(row, confirm) else optin, UTC)
        ended = unsub if value(row, unsub) else cleaned if value(row, cleaned) else None
        status = "subscribed"
        if ended is not None:
            status = "unsubscribed" if ended == unsub else "cleaned"
        consent = tuple(f for f in b.fields if f[0] == "consent")
        address = b.emails[0] if b.emails else value(row, email).casefold()
        b.documents.append(
            ParsedDocument(
                "newsletter",
                value(row, member),
                f"email:{address}",
                on=on,
                at=at,
                status=status,
                description="Newsletter (Mailchimp audience)",
                fields=consent,
            )
        )

    return mapper
