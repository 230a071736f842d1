"""The Norwegian working-day calendar the deadlines count in: the Oslo date of a moment, the
public holidays (fixed and Easter-based, from 1947, named in English and bokmål), working days,
and month arithmetic clamped to the month's last day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def oslo_date(received_at: datetime) -> date:
    """Return the Europe/Oslo calendar date of a moment, taking naive datetimes as UTC."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        received_at = received_at.replace(tzinfo=UTC)
    return received_at.astimezone(OSLO).date()


def _easter_sunday(year: int) -> date:
    """Return Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


# The fixed and Easter-bound public holidays (helligdagsfredloven § 2, and 1 and 17 May by the
# 1947 law), with their usual English names. Our own table rather than the `holidays` package:
# importing its Norway calendar loads every country's module (~300) and triples the start-up of
# `ekko deadline`. tests/unit/test_norwegian_holidays.py checks it against `holidays` year by year.
_FIXED_HOLIDAYS = (
    (1, 1, "New Year's Day", "1. nyttårsdag"),
    (5, 1, "Labour Day", "Arbeidernes dag"),
    (5, 17, "Constitution Day", "Grunnlovsdag"),
    (12, 25, "Christmas Day", "1. juledag"),
    (12, 26, "Second Day of Christmas", "2. juledag"),
)


_EASTER_HOLIDAYS = (
    (-3, "Maundy Thursday", "Skjærtorsdag"),
    (-2, "Good Friday", "Langfredag"),
    (0, "Easter Sunday", "1. påskedag"),
    (1, "Easter Monday", "2. påskedag"),
    (39, "Ascension Day", "Kristi himmelfartsdag"),
    (49, "Whit Sunday", "1. pinsedag"),
    (50, "Whit Monday", "2. pinsedag"),
)


FIRST_HOLIDAY_YEAR = 1947  # 1 and 17 May became public holidays; earlier years are not modelled


@lru_cache(maxsize=128)
def _holidays_of(year: int, lang: str = "en") -> dict[date, str]:
    """Return the Norwegian public holidays of one year, named in English or bokmål ("nb")."""
    if year < FIRST_HOLIDAY_YEAR:
        return {}
    pick = 0 if lang == "en" else 1
    names: dict[date, list[str]] = {}
    for month, day, *name in _FIXED_HOLIDAYS:
        names.setdefault(date(year, month, day), []).append(name[pick])
    easter = _easter_sunday(year)
    for offset, *name in _EASTER_HOLIDAYS:
        names.setdefault(easter + timedelta(days=offset), []).append(name[pick])
    joiner = " and " if lang == "en" else " og "
    return {day: joiner.join(sorted(parts)) for day, parts in sorted(names.items())}


def holiday_name_nb(d: date) -> str | None:
    """The bokmål name of the Norwegian public holiday on a date (`2. juledag`), or None."""
    return _holidays_of(d.year, "nb").get(d)


def is_holiday(d: date) -> bool:
    """Tell whether a date is a Norwegian public holiday (Sundays as such are not counted)."""
    return d in _holidays_of(d.year)


def holiday_name(d: date) -> str | None:
    """Return the English name of the Norwegian public holiday on a date, or None."""
    return _holidays_of(d.year).get(d)


def is_working_day(d: date) -> bool:
    """Tell whether a date is a working day: Monday to Friday and not a public holiday."""
    return d.weekday() < 5 and not is_holiday(d)


def roll_forward(d: date) -> date:
    """Return the date itself if it is a working day, else the next working day."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_months(d: date, months: int) -> date:
    """Return the same day-number some months later, clamped to the last day of that month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, min(d.day, _days_in_month(year, month0 + 1)))


def _days_in_month(year: int, month: int) -> int:
    """Return the number of days in a month."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _weekdays_upto(d: date) -> int:
    """Return how many Monday-to-Friday dates lie in (epoch, d] for a fixed Monday epoch."""
    # date.toordinal() of 1 Jan year 1 is 1, a Monday; ordinal 0 would be a Sunday.
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@lru_cache(maxsize=8192)
def working_days_between(start: date, end: date) -> int:
    """Count working days in (start, end], negated (days in (end, start]) when end is earlier.

    Memoised: every inbox row asks it for today and one of a few dozen deadlines.
    """
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start)
    count = _weekdays_upto(end) - _weekdays_upto(start)
    for year in range(start.year, end.year + 1):
        for day in _holidays_of(year):
            if start < day <= end and day.weekday() < 5:
                count -= 1
    return count


def add_working_days(d: date, n: int) -> date:
    """Return the n-th working day after d (before d when n is negative); d itself when n is 0."""
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        d += step
        if is_working_day(d):
            remaining -= 1
    return d
