"""How long bokføringsloven § 13 makes EKKO keep accounting records after an erasure request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ekko_tui.domain.deadlines import add_months

# Primary documentation (invoices, receipts, payment records): 5 years after the financial
# year ends; secondary documentation (agreements, order slips): 3 years and 6 months.
RECORD_KINDS: dict[str, int] = {"primary": 60, "secondary": 42}
RECORD_KIND_NB: dict[str, str] = {
    "primary": "primærdokumentasjon (5 år etter regnskapsårets slutt)",
    "secondary": "sekundærdokumentasjon (3 år og 6 måneder etter regnskapsårets slutt)",
}


@dataclass(frozen=True)
class KeptRecord:
    """An accounting record that must be kept although the subject asked for erasure."""

    system: str  # system key, e.g. "fiken"
    description: str  # e.g. "Faktura 1043"
    document_date: date
    kind: str = "primary"  # "primary" | "secondary"


def financial_year_end(day: date, *, year_end_month: int = 12) -> date:
    """The last day of the financial year that contains `day` (calendar year by default)."""
    if not 1 <= year_end_month <= 12:
        raise ValueError("year_end_month must be 1–12")
    year = day.year if day.month <= year_end_month else day.year + 1
    return date(year, year_end_month, _last_day(year, year_end_month))


def _last_day(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - date(year, month, 1)).days


def keep_until(document_date: date, kind: str = "primary", *, year_end_month: int = 12) -> date:
    """The last day a record must be kept: 15 Mar 2025 invoice → 31 Dec 2030 (primary)."""
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown record kind {kind!r}; use one of {', '.join(RECORD_KINDS)}")
    end = financial_year_end(document_date, year_end_month=year_end_month)
    later = add_months(end, RECORD_KINDS[kind])
    # The end of a month stays the end of a month (30 Jun, not 30 Jun → 31 Dec drift).
    return later.replace(day=_last_day(later.year, later.month))


# What bokføringsloven § 13 makes of each kind of document: primary documentation (invoices,
# credit notes, payments, refunds, receipts), secondary (orders, subscriptions, agreements), or
# None: not accounting material at all (meetings, newsletter sign-ups), erased at once.
DOCUMENT_RETENTION: dict[str, str | None] = {
    "invoice": "primary",
    "credit_note": "primary",
    "payment": "primary",
    "charge": "primary",
    "refund": "primary",
    "receipt": "primary",
    "order": "secondary",
    "subscription": "secondary",
    "agreement": "secondary",
    "meeting": None,
    "webinar": None,
    "newsletter": None,
}
# A status that means no transaction took place: no bookkeeping document (bokføringsloven
# § 4: only what happened is booked), though it is personal data while it is held.
NO_TRANSACTION = frozenset({"failed", "requires_payment_method", "canceled", "cancelled"})


@dataclass(frozen=True)
class DocumentFate:
    """What an erasure does to one document: kept (restricted) until a date, or erased."""

    kept: bool
    record_kind: str | None  # "primary" | "secondary" | None (not accounting material)
    keep_until: date | None  # None when it is not accounting material
    why: str  # "kept" | "expired" | "not accounting"


def document_fate(
    doc_type: str,
    document_date: date,
    today: date,
    *,
    status: str = "",
    year_end_month: int = 12,
) -> DocumentFate:
    """Kept until its keep-until date (counted from the document's own date: a credit note or
    a refund from its own, not from the invoice's or payment's), or erased: past that date,
    or never accounting material (a failed payment, a meeting)."""
    # A type this table does not know is kept as primary documentation: keeping a record
    # restricted a little long is mended later, erasing an accounts record is not.
    kind = DOCUMENT_RETENTION.get(doc_type.strip().lower(), "primary")
    if kind is None or status.strip().lower() in NO_TRANSACTION:
        return DocumentFate(False, None, None, "not accounting")
    until = keep_until(document_date, kind, year_end_month=year_end_month)
    if today > until:
        return DocumentFate(False, kind, until, "expired")
    return DocumentFate(True, kind, until, "kept")
