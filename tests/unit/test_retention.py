"""bokføringsloven § 13: how long accounting records outlive an erasure request."""

from __future__ import annotations

from datetime import date

import pytest

from ekko_tui.domain.retention import financial_year_end, keep_until


@pytest.mark.parametrize(
    ("document", "kind", "until"),
    [
        (date(2025, 3, 15), "primary", date(2030, 12, 31)),  # legal-rules.md example
        (date(2025, 12, 31), "primary", date(2030, 12, 31)),
        (date(2026, 1, 1), "primary", date(2031, 12, 31)),
        (date(2025, 3, 15), "secondary", date(2029, 6, 30)),  # 3.5 years after 31 Dec 2025
        (date(2024, 2, 29), "primary", date(2029, 12, 31)),
    ],
)
def test_keep_until(document: date, kind: str, until: date) -> None:
    assert keep_until(document, kind) == until


def test_financial_year_not_the_calendar_year() -> None:
    # A financial year ending 30 June: a March 2025 invoice belongs to the year ending 30 Jun 2025.
    assert financial_year_end(date(2025, 3, 15), year_end_month=6) == date(2025, 6, 30)
    assert financial_year_end(date(2025, 7, 1), year_end_month=6) == date(2026, 6, 30)
    assert keep_until(date(2025, 3, 15), year_end_month=6) == date(2030, 6, 30)
    assert keep_until(date(2025, 3, 15), "secondary", year_end_month=6) == date(2028, 12, 31)
    with pytest.raises(ValueError):
        keep_until(date(2025, 3, 15), "tertiary")
