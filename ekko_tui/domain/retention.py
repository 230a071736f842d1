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
