"""How long a closed request's personal data is kept (the promise of the no-data answer), and
which requests the agenda lists as past it."""

from __future__ import annotations

from datetime import date

import pytest

from ekko_tui.domain.request_retention import (
    REQUEST_RECORD_YEARS,
    RequestDue,
    past_retention,
    request_items,
    request_kept_until,
)
from ekko_tui.letters import content


@pytest.mark.parametrize(
    ("closed", "last_kept"),
    [
        (date(2026, 12, 31), date(2029, 12, 31)),  # the last day of a year: still that year
        (date(2027, 1, 1), date(2030, 12, 31)),  # the first day of the next: a year more
        (date(2024, 2, 29), date(2027, 12, 31)),  # a leap day: no 29 February to land on
        (date(2026, 6, 15), date(2029, 12, 31)),
        (date(2000, 1, 1), date(2003, 12, 31)),
    ],
)
def test_last_day_kept(closed: date, last_kept: date) -> None:
    assert request_kept_until(closed) == last_kept


def test_letters_state_the_period_the_sweep_keeps() -> None:
    assert content.REQUEST_RECORD_YEARS == REQUEST_RECORD_YEARS == 3


ROWS = (
    RequestDue(1, "DSR-2026-0001", ("access",), date(2026, 12, 31)),
    RequestDue(2, "DSR-2027-0001", ("erasure",), date(2027, 1, 1)),
    RequestDue(3, "DSR-2024-0007", ("access", "erasure"), date(2024, 2, 29)),
)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2027, 12, 31), []),  # the last day of 0007's period: still kept
        (date(2028, 1, 1), [3]),
        (date(2029, 12, 31), [3]),
        (date(2030, 1, 1), [3, 1]),
        (date(2031, 1, 1), [3, 1, 2]),
        (date(2020, 1, 1), []),  # a clock behind: nothing is due
    ],
)
def test_past_retention(today: date, due: list[int]) -> None:
    assert [r.id for r in past_retention(ROWS, today)] == due
    items = request_items(reversed(ROWS), today)
    assert [i.source_id for i in items] == due
    for item, row in zip(items, past_retention(ROWS, today), strict=True):
        assert (item.ref, item.date, item.source) == (row.ref, row.kept_until, "request_retention")
        assert item.late_days == (today - row.kept_until).days > 0
