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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ekko_tui.domain.record_fields import FieldRow

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
