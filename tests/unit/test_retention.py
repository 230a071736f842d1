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


# Each document counts from its own date: the credit note of a 2023 invoice written in January
# 2024 is kept a year longer than the invoice; a refund likewise.
@pytest.mark.parametrize(
    ("doc_type", "document", "status", "today", "kept", "until", "why"),
    [
        (
            "invoice",
            date(2023, 5, 2),
            "Betalt",
            date(2026, 11, 25),
            True,
            date(2028, 12, 31),
            "kept",
        ),
        ("invoice", date(2023, 12, 31), "", date(2026, 11, 25), True, date(2028, 12, 31), "kept"),
        (
            "credit_note",
            date(2024, 1, 3),
            "Kreditnota",
            date(2026, 11, 25),
            True,
            date(2029, 12, 31),
            "kept",
        ),
        (
            "payment",
            date(2023, 12, 31),
            "Paid",
            date(2029, 1, 1),
            False,
            date(2028, 12, 31),
            "expired",
        ),
        (
            "payment",
            date(2023, 12, 31),
            "Paid",
            date(2028, 12, 31),
            True,
            date(2028, 12, 31),
            "kept",
        ),  # the last day itself is still kept
        ("refund", date(2024, 2, 10), "", date(2026, 11, 25), True, date(2029, 12, 31), "kept"),
        (
            "payment",
            date(2019, 6, 1),
            "Paid",
            date(2026, 11, 25),
            False,
            date(2024, 12, 31),
            "expired",
        ),
        ("payment", date(2025, 6, 1), "Failed", date(2026, 11, 25), False, None, "not accounting"),
        (
            "charge",
            date(2025, 6, 1),
            "requires_payment_method",
            date(2026, 11, 25),
            False,
            None,
            "not accounting",
        ),
        ("meeting", date(2025, 6, 1), "", date(2026, 11, 25), False, None, "not accounting"),
        ("order", date(2025, 3, 15), "", date(2026, 11, 25), True, date(2029, 6, 30), "kept"),
        ("Invoice", date(2025, 3, 15), "", date(2026, 11, 25), True, date(2030, 12, 31), "kept"),
        (
            "something else",
            date(2025, 3, 15),
            "",
            date(2026, 11, 25),
            True,
            date(2030, 12, 31),
            "kept",
        ),  # an unknown type is kept as primary: erasing accounts material cannot be mended
    ],
)
def test_document_fate(doc_type, document, status, today, kept, until, why) -> None:
    from ekko_tui.domain.retention import document_fate

    fate = document_fate(doc_type, document, today, status=status)
    assert (fate.kept, fate.keep_until, fate.why) == (kept, until, why)
