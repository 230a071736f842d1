"""The built-in Norwegian holiday table agrees with the `holidays` package, and is memoised."""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from ekko_tui.domain import deadlines as dl

# The package's US English names, as ekko words them.
_NAME_FIXES = {
    "Pentecost": "Whit Sunday",
    "Pentecost Monday": "Whit Monday",
    "Labor Day": "Labour Day",
}


def _package_table(year: int) -> dict[date, str]:
    table = holidays.Norway(years=year, include_sundays=False, language="en_US")
    return {
        day: " and ".join(_NAME_FIXES.get(p.strip(), p.strip()) for p in raw.split(";"))
        for day, raw in table.items()
        if (day.month, day.day) not in {(12, 24), (12, 31)}
    }


def _package_table_nb(year: int) -> dict[date, str]:
    """The package's bokmål names, with `Første`/`Andre` as a calendar writes them (`1.`/`2.`)."""
    table = holidays.Norway(years=year, include_sundays=False, language="no")
    ordinal = {"Første ": "1. ", "Andre ": "2. "}

    def name(part: str) -> str:
        for word, number in ordinal.items():
            if part.startswith(word):
                return number + part[len(word) :]
        return part

    return {
        day: " og ".join(sorted(name(p.strip()) for p in raw.split(";")))
        for day, raw in table.items()
        if (day.month, day.day) not in {(12, 24), (12, 31)}
    }


@pytest.mark.parametrize("year", range(dl.FIRST_HOLIDAY_YEAR, 2100))
def test_holidays_match_the_package(year: int) -> None:
    assert dl._holidays_of(year) == _package_table(year)
    assert dl._holidays_of(year, "nb") == _package_table_nb(year)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2008, date(2008, 3, 23)), (2025, date(2025, 4, 20)), (2038, date(2038, 4, 25))],
)
def test_easter_extremes(year: int, easter: date) -> None:
    assert dl._easter_sunday(year) == easter


def test_coinciding_holidays_are_named_together() -> None:
    assert dl.holiday_name(date(2008, 5, 1)) == "Ascension Day and Labour Day"


def test_deadlines_are_memoised_per_receipt_date_pauses_and_extension() -> None:
    dl._compute_deadline.cache_clear()
    received = date(2025, 1, 31)
    closed = (dl.PausePeriod(date(2025, 2, 3), date(2025, 2, 10)),)
    first = dl.compute_deadline(received, pauses=list(closed))
    again = dl.compute_deadline(received, pauses=closed, today=date(2025, 3, 1))
    assert again is first  # a closed pause does not depend on today
    assert dl._compute_deadline.cache_info().misses == 1
    assert dl.compute_deadline(received, pauses=closed, extended=True) is not first
    open_ = (dl.PausePeriod(date(2025, 2, 3), None),)
    a = dl.compute_deadline(received, pauses=open_, today=date(2025, 2, 10))
    b = dl.compute_deadline(received, pauses=open_, today=date(2025, 2, 11))
    assert a.paused_days == 7 and b.paused_days == 8  # an open pause grows with today
    assert dl.compute_deadline(received, pauses=open_, today=date(2025, 2, 11)) is b
    assert dl._compute_deadline.cache_info().misses == 4
