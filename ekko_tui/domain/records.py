"""What EKKO holds on a person, system by system: records and documents as the exports had them.

THE CONTRACT (issue 13; the consumers — subject card, access copy, portability, erasure —
code against it, so it stays stable):

`ekko_tui.store.records.holdings_of(subject_id) -> SubjectRecords` returns, for one subject,
one `SystemRecords` per system that holds data on them (kajabi, stripe, fiken, zoom,
newsletter, other; alphabetical), each with:

- `records`: the person's contact rows in that system (`Record`, kind "contact"), one per row
  of the export that held them (a person with two Kajabi accounts has two);
- `documents`: their documents (`Document`: invoice, credit_note, payment, refund,
  transaction, subscription, meeting, webinar, newsletter), oldest first;
- `since`: when the person became a customer/member there, from the export's own created /
  member-since / opt-in column (the earliest of their records), else the earliest document
  date, else None;
- `first_seen` / `last_seen`: the export moments of the first and the newest export that held
  anything of theirs there; `latest_export`: the newest export of that system in the register
  (for anyone): `last_seen < latest_export` means the newest export no longer holds them.

Every `Record` and `Document` carries `fields`: every non-empty column of its export row as
`RecordField(category, label, value)`: `label` is the column header, `value` the text exactly
as exported (user data: escape it before markup), `category` one of `CATEGORIES` (unknown
columns are "other", never dropped). A full card number never reaches `fields`: a card-like
run of 13–19 digits is kept as its last four (`•••• 1234`). Each record also names the import
that last saw it (`import_id`) and that export's moment (`exported_at`, aware UTC), and its
`history`: the export moments of every export that held it, oldest first.

A `Document` adds: `number` (the system's id or number as exported), `on` (its date in Oslo),
`at` (aware UTC moment where the export gives a time, else None), `amount` (Decimal in major
units, negative for credit notes and refunds) and `currency` (upper-case ISO code; both None/""
where the export has none), `status` (as exported, e.g. Paid, Betalt, succeeded),
`reference` (the number of the document it refers to: a credit note → its invoice, a refund →
its charge), `customer_id` (the system's customer id, "" for a guest) and `description`.

`store.records.latest_exports() -> dict[str, datetime]` is each system's newest export moment
(which systems were searched, and how fresh each is).

Everything here is pure (no database, no clock); the store builds these from its rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

# Category key → label (the order here is the order a copy prints them in).
CATEGORIES: dict[str, str] = {
    "identity": "Identity (name, ids)",
    "contact": "Contact details",
    "address": "Address",
    "account": "Customer account",
    "purchases": "Purchases and products",
    "payments": "Payments",
    "card": "Payment card (brand, last four, expiry)",
    "tags": "Tags",
    "login": "Login activity",
    "form": "Form answers",
    "consent": "Consent evidence",
    "meetings": "Meetings and webinars",
    "free_text": "Free text",
    "other": "Other columns",
}

# Document kind → label.
DOCUMENT_KINDS: dict[str, str] = {
    "invoice": "Invoice",
    "credit_note": "Credit note",
    "payment": "Payment",
    "refund": "Refund",
    "transaction": "Transaction",
    "subscription": "Subscription",
    "meeting": "Meeting participation",
    "webinar": "Webinar attendance",
    "newsletter": "Newsletter membership",
}
CONTACT = "contact"


@dataclass(frozen=True)
class RecordField:
    """One column of one export row: its category, its header, its value as exported."""

    category: str
    label: str
    value: str


@dataclass(frozen=True)
class Record:
    """One contact row of one export about the person."""

    id: int
    system: str
    import_id: int | None  # the newest import that held it (None if that run was removed)
    exported_at: datetime  # aware UTC: that import's export moment
    first_seen: datetime
    last_seen: datetime
    since: date | None
    fields: tuple[RecordField, ...]
    history: tuple[datetime, ...]  # every export moment that held it, oldest first

    def by_category(self) -> tuple[tuple[str, tuple[RecordField, ...]], ...]:
        return group_fields(self.fields)


@dataclass(frozen=True)
class Document:
    """One dated document about the person (an invoice, a payment, a meeting …)."""

    id: int
    system: str
    kind: str  # a DOCUMENT_KINDS key
    number: str
    on: date | None  # Oslo date
    at: datetime | None  # aware UTC, where the export gives a time
    amount: Decimal | None  # major units; negative for credit notes and refunds
    currency: str
    status: str
    reference: str
    customer_id: str
    description: str
    import_id: int | None
    exported_at: datetime
    first_seen: datetime
    last_seen: datetime
    fields: tuple[RecordField, ...]
    history: tuple[datetime, ...]

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)

    @property
    def amount_minor(self) -> int | None:
        return None if self.amount is None else int(self.amount * 100)


@dataclass(frozen=True)
class SystemRecords:
    """What one system holds on the person."""

    system: str
    since: date | None
    first_seen: datetime
    last_seen: datetime
    latest_export: datetime | None
    records: tuple[Record, ...]
    documents: tuple[Document, ...]  # by date, oldest first

    def by_category(self) -> tuple[tuple[str, tuple[RecordField, ...]], ...]:
        """Every contact field of every record, grouped by category (CATEGORIES order)."""
        return group_fields([f for r in self.records for f in r.fields])


@dataclass(frozen=True)
class SubjectRecords:
    subject_id: int
    systems: tuple[SystemRecords, ...]

    def system(self, name: str) -> SystemRecords | None:
        return next((s for s in self.systems if s.system == name), None)

    @property
    def documents(self) -> tuple[Document, ...]:
        """Every document of every system, oldest first."""
        return tuple(
            sorted(
                (d for s in self.systems for d in s.documents),
                key=lambda d: (d.on or date.min, d.system, d.number),
            )
        )


def group_fields(fields: Sequence[RecordField]) -> tuple[tuple[str, tuple[RecordField, ...]], ...]:
    """Fields grouped by category in CATEGORIES order (each group in export order)."""
    order = list(CATEGORIES)
    groups: dict[str, list[RecordField]] = {}
    for f in fields:
        groups.setdefault(f.category, []).append(f)
    keys = sorted(groups, key=lambda c: order.index(c) if c in order else len(order))
    return tuple((c, tuple(groups[c])) for c in keys)


# --- which column is what ----------------------------------------------------------------------

_CARD_NUMBER = re.compile(r"^\D*(?:\d[ -]?){12,18}\d\D*$")


def mask_card_number(value: str) -> str:
    """A value that looks like a full card number (13–19 digits) as its last four."""
    if len(value) < 13 or not _CARD_NUMBER.match(value):
        return value
    digits = re.sub(r"\D", "", value)
    return f"•••• {digits[-4:]}" if 13 <= len(digits) <= 19 else value


# Header (normalised: case-folded, _ and - as spaces) → category; checked whole, then by the
# first rule whose words all appear in it.
_EXACT: dict[str, str] = {
    "name": "identity",
    "navn": "identity",
    "first name": "identity",
    "last name": "identity",
    "fornavn": "identity",
    "etternavn": "identity",
    "id": "identity",
    "member id": "identity",
    "external user id": "identity",
    "customer id": "identity",
    "kundenummer": "identity",
    "kundenr": "identity",
    "medlemsnummer": "identity",
    "orgnr": "identity",
    "description": "free_text",
    "customer description": "free_text",
    "notes": "free_text",
    "beskrivelse": "free_text",
    "products": "purchases",
    "plan": "purchases",
    "average order": "payments",
    "offer title": "purchases",
    "offer id": "purchases",
    "quantity": "purchases",
    "coupon used": "purchases",
    "order no.": "purchases",
    "tags": "tags",
    "created at": "account",
    "member created at": "account",
    "created (utc)": "account",
    "status": "account",
    "delinquent": "account",
    "leid": "identity",
    "euid": "identity",
    "member rating": "account",
    "last changed": "account",
    "optin time": "consent",
    "optin ip": "consent",
    "confirm time": "consent",
    "confirm ip": "consent",
    "unsub time": "consent",
    "unsub campaign title": "consent",
    "unsub reason": "consent",
    "checkout promotional consent": "consent",
    "checkout terms of service consent": "consent",
    "recording disclaimer response": "consent",
    "recording disclaimer": "consent",
    "latitude": "address",
    "longitude": "address",
    "cc": "address",
    "region": "address",
    "timezone": "address",
    "gmtoff": "address",
    "dstoff": "address",
    "land": "address",
    "country": "address",
    "country/region name": "address",
    "topic": "meetings",
    "host": "meetings",
    "guest": "meetings",
    "is guest": "meetings",
    "attended": "meetings",
    "in waiting room": "meetings",
    "approval status": "meetings",
    "registration time": "meetings",
}
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("(custom",), "form"),
    (("checkout custom field",), "form"),
    (("consent",), "consent"),
    (("card",), "card"),
    (("fingerprint",), "card"),
    (("email",), "contact"),
    (("e post",), "contact"),
    (("epost",), "contact"),
    (("phone",), "contact"),
    (("telefon",), "contact"),
    (("mobil",), "contact"),
    (("address",), "address"),
    (("adresse",), "address"),
    (("city",), "address"),
    (("zip",), "address"),
    (("postnr",), "address"),
    (("poststed",), "address"),
    (("statement",), "payments"),
    (("state",), "address"),
    (("shipping",), "address"),
    (("sign in",), "login"),
    (("last activity",), "login"),
    (("login",), "login"),
    (("join time",), "meetings"),
    (("leave time",), "meetings"),
    (("duration",), "meetings"),
    (("time in session",), "meetings"),
    (("meeting",), "meetings"),
    (("webinar",), "meetings"),
    (("amount",), "payments"),
    (("refund",), "payments"),
    (("spend",), "payments"),
    (("payment",), "payments"),
    (("balance",), "payments"),
    (("currency",), "payments"),
    (("fee",), "payments"),
    (("tax",), "payments"),
    (("vat",), "payments"),
    (("mva",), "payments"),
    (("invoice",), "payments"),
    (("faktura",), "payments"),
    (("beløp",), "payments"),
    (("netto",), "payments"),
    (("brutto",), "payments"),
    (("betalt",), "payments"),
    (("utestående",), "payments"),
    (("kid",), "payments"),
    (("forfall",), "payments"),
    (("dispute",), "payments"),
    (("decline",), "payments"),
    (("failure",), "payments"),
    (("charge",), "payments"),
    (("provider",), "payments"),
    (("transfer",), "payments"),
    (("captured",), "payments"),
    (("order",), "purchases"),
    (("product",), "purchases"),
    (("offer",), "purchases"),
    (("subscription",), "purchases"),
    (("business number",), "identity"),
    (("name",), "identity"),
    (("navn",), "identity"),
    (("created",), "account"),
    (("date",), "account"),
    (("dato",), "account"),
)


def _norm(header: str) -> str:
    return " ".join(header.casefold().replace("_", " ").replace("-", " ").split())


def column_category(header: str) -> str:
    """The category of a column, by its header; "other" when ekko does not know it."""
    h = _norm(header)
    if h in _EXACT:
        return _EXACT[h]
    for words, category in _RULES:
        if all(w in h for w in words):
            return category
    return "other"


def column_categories(headers: Sequence[str]) -> tuple[str, ...]:
    """One category per column (computed once per file)."""
    return tuple(column_category(h) for h in headers)


class FieldRow:
    """The non-empty cells of one export row as (category, header, value), card numbers
    masked, made when iterated: a 100,000-row import keeps only the row's own cells (shared
    with the parsed table) and the file's one header and category list, not a tuple per cell.

    Extra cells beyond the header (a row longer than its header) are kept as "other" under
    `column N`; empty-header columns under `column N` too.
    """

    __slots__ = ("categories", "cells", "headers", "skip")

    def __init__(
        self,
        headers: Sequence[str],
        categories: Sequence[str],
        cells: Sequence[str],
        skip: frozenset[str] = frozenset(),
    ) -> None:
        self.headers = headers
        self.categories = categories
        self.cells = cells
        self.skip = skip  # values that stand for empty (Kajabi's N/A)

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        n = len(self.headers)
        for i, value in enumerate(self.cells):
            if not value or value in self.skip:
                continue
            if i < n:
                label = self.headers[i] or f"column {i + 1}"
                category = self.categories[i]
            else:
                label, category = f"column {i + 1}", "other"
            if category in _MASKED and len(value) >= 13:
                value = mask_card_number(value)
            yield (category, label, value)

    def __bool__(self) -> bool:
        return any(c and c not in self.skip for c in self.cells)

    def __repr__(self) -> str:
        return f"FieldRow({tuple(self)!r})"


_MASKED = frozenset({"card", "other", "payments", "free_text"})


def row_fields(
    headers: Sequence[str],
    categories: Sequence[str],
    cells: Sequence[str],
    skip: frozenset[str] = frozenset(),
) -> FieldRow:
    """The non-empty cells of a row as (category, header, value): see FieldRow."""
    return FieldRow(headers, categories, cells, skip)


# --- what a parser hands the store ---------------------------------------------------------------

# (category, label, value) as row_fields makes them: a FieldRow, or a tuple of them.
Fields = FieldRow | tuple[tuple[str, str, str], ...]


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """One document read from an export row, ready to store (dates already in Oslo/UTC)."""

    kind: str  # a DOCUMENT_KINDS key
    number: str  # the system's id or number ('' when the export has none)
    key: str  # unique per system and kind: the number, or one made from the row
    on: str = ""  # ISO date (Oslo)
    at: str = ""  # ISO moment in UTC ('' when the export gives only a date)
    amount_minor: int | None = None
    currency: str = ""
    status: str = ""
    reference: str = ""
    customer_id: str = ""
    description: str = ""
    fields: Fields = ()
