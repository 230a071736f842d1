"""Tests of the Art. 12(3) deadline rules against the worked examples and the Norwegian calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.deadlines import PausePeriod, compute_deadline

D = date

# ---------------------------------------------------------------- an independent calendar


def _easter(year: int) -> date:
    """Return Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _norwegian_holidays(year: int) -> set[date]:
    """Return the twelve Norwegian public holidays of a year, computed without the package."""
    e = _easter(year)
    offsets = (-3, -2, 0, 1, 39, 49, 50)
    fixed = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 17)}
    fixed |= {date(year, 12, 25), date(year, 12, 26)}
    return fixed | {e + timedelta(days=o) for o in offsets}


YEARS = range(2025, 2031)
HOLIDAYS = sorted(h for y in YEARS for h in _norwegian_holidays(y))
_ALL_HOLIDAYS = {h for y in range(2024, 2033) for h in _norwegian_holidays(y)}


def _working(d: date) -> bool:
    """Tell whether a date is a working day by the independent calendar."""
    return d.weekday() < 5 and d not in _ALL_HOLIDAYS


def _next_working(d: date) -> date:
    """Roll forward by the independent calendar."""
    while not _working(d):
        d += timedelta(days=1)
    return d


def test_easter_algorithm_matches_known_dates() -> None:
    assert [_easter(y) for y in YEARS] == [
        D(2025, 4, 20),
        D(2026, 4, 5),
        D(2027, 3, 28),
        D(2028, 4, 16),
        D(2029, 4, 1),
        D(2030, 4, 21),
    ]


@pytest.mark.parametrize("year", list(YEARS))
def test_holiday_set_is_exactly_the_twelve_statutory_days(year: int) -> None:
    expected = _norwegian_holidays(year)
    assert len(expected) == 12 or (year == 2027 and len(expected) == 11)  # 17 May = Whit Monday
    day = D(year, 1, 1)
    found = set()
    while day.year == year:
        if dl.is_holiday(day):
            found.add(day)
        day += timedelta(days=1)
    assert found == expected


# ---------------------------------------------------------------- the worked examples


WORKED_EXAMPLES = [
    # received, first deadline, extended deadline
    (D(2025, 1, 31), D(2025, 2, 28), D(2025, 4, 28)),
    (D(2027, 1, 31), D(2027, 3, 1), D(2027, 4, 28)),
    (D(2025, 3, 17), D(2025, 4, 22), D(2025, 6, 17)),
    (D(2025, 4, 17), D(2025, 5, 19), D(2025, 7, 17)),
    (D(2025, 4, 29), D(2025, 5, 30), D(2025, 7, 29)),
    (D(2025, 5, 9), D(2025, 6, 10), D(2025, 8, 11)),
    (D(2025, 11, 25), D(2025, 12, 29), D(2026, 2, 25)),
    (D(2026, 11, 24), D(2026, 12, 24), D(2027, 2, 24)),
    (D(2025, 12, 31), D(2026, 2, 2), D(2026, 3, 31)),
    (D(2026, 5, 31), D(2026, 6, 30), D(2026, 8, 31)),
    (D(2026, 1, 2), D(2026, 2, 2), D(2026, 4, 7)),
    (D(2027, 2, 17), D(2027, 3, 17), D(2027, 5, 18)),
]


@pytest.mark.parametrize(("received", "first", "extended"), WORKED_EXAMPLES, ids=str)
def test_worked_examples(received: date, first: date, extended: date) -> None:
    plain = compute_deadline(received)
    assert plain.first == first
    assert plain.extended is None
    assert plain.effective == first
    longer = compute_deadline(received, extended=True)
    assert longer.first == first
    assert longer.extended == extended
    assert longer.effective == extended


def test_worked_example_weekdays_match_the_table() -> None:
    labels = [
        (dl.format_date(r), dl.format_date(f), dl.format_date(e)) for r, f, e in WORKED_EXAMPLES
    ]
    assert labels[0] == ("Fri 31 Jan 2025", "Fri 28 Feb 2025", "Mon 28 Apr 2025")
    assert labels[7] == ("Tue 24 Nov 2026", "Thu 24 Dec 2026", "Wed 24 Feb 2027")
    assert labels[11] == ("Wed 17 Feb 2027", "Wed 17 Mar 2027", "Tue 18 May 2027")


def test_worked_pause_example() -> None:
    pause = PausePeriod(asked_on=D(2026, 1, 12), answered_on=D(2026, 1, 26))
    result = compute_deadline(D(2026, 1, 10), pauses=[pause])
    assert result.unrolled == D(2026, 2, 10)
    assert result.paused_days == 14
    assert result.first == D(2026, 2, 24)
    assert dl.format_date(result.first) == "Tue 24 Feb 2026"
    assert result.paused_now is False


def test_extension_counts_from_the_unrolled_end_not_the_rolled_deadline() -> None:
    # Unrolled 31 Jan 2026 (Sat), rolled to Mon 2 Feb; two months on is 31 Mar, not 2 Apr.
    result = compute_deadline(D(2025, 12, 31), extended=True)
    assert result.unrolled == D(2026, 1, 31)
    assert result.first == D(2026, 2, 2)
    assert result.extended == D(2026, 3, 31)
    # Unrolled 28 Feb 2025: the extension keeps day 28, not the received day 31.
    assert compute_deadline(D(2025, 1, 31), extended=True).extended == D(2025, 4, 28)


# ---------------------------------------------------------------- Oslo dates


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 28, 22, 30, tzinfo=UTC), D(2026, 3, 28)),  # 23:30 CET
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), D(2026, 3, 29)),  # 00:30 CET, DST night
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), D(2026, 3, 29)),  # 03:30 CEST
        (datetime(2026, 6, 30, 21, 59, tzinfo=UTC), D(2026, 6, 30)),  # 23:59 CEST
        (datetime(2026, 6, 30, 22, 30, tzinfo=UTC), D(2026, 7, 1)),  # 00:30 CEST
        (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), D(2026, 10, 24)),  # 23:59 CEST
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), D(2026, 10, 25)),  # 00:30 CEST
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), D(2026, 10, 25)),  # 23:59 CET
        (datetime(2025, 12, 31, 22, 59, 59, tzinfo=UTC), D(2025, 12, 31)),
        (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), D(2026, 1, 1)),
        (datetime(2026, 6, 30, 22, 30), D(2026, 7, 1)),  # naive is UTC
        (datetime(2026, 1, 31, 23, 30), D(2026, 2, 1)),  # naive is UTC
        (datetime(2026, 1, 31, 23, 30, tzinfo=ZoneInfo("America/New_York")), D(2026, 2, 1)),
        (datetime(2026, 1, 31, 23, 59, tzinfo=ZoneInfo("Europe/Oslo")), D(2026, 1, 31)),
        (datetime(2026, 2, 1, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo")), D(2026, 1, 31)),
    ],
    ids=str,
)
def test_oslo_date(moment: datetime, expected: date) -> None:
    assert dl.oslo_date(moment) == expected


def test_receipt_late_on_the_31st_utc_is_the_1st_in_oslo() -> None:
    received = dl.oslo_date(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    assert compute_deadline(received).first == D(2026, 3, 2)  # 1 Mar 2026 is a Sunday


# ---------------------------------------------------------------- holidays, computed


def _holiday_cases() -> list[tuple[date, date]]:
    """Return (holiday, received) pairs whose unrolled one-month end is the holiday."""
    cases = []
    for h in HOLIDAYS:
        year, month = (h.year - 1, 12) if h.month == 1 else (h.year, h.month - 1)
        try:
            received = date(year, month, h.day)
        except ValueError:  # e.g. 29 Mar 2029: no 29 Feb, so no receipt lands on it
            continue
        cases.append((h, received))
    return cases


HOLIDAY_CASES = _holiday_cases()


def test_almost_every_holiday_is_reachable() -> None:
    assert len(HOLIDAYS) == 71  # 6 years x 12, less 17 May 2027 = Whit Monday
    # No 29 or 30 Feb in 2027/2029: Easter Monday 29 Mar 2027, Maundy Thursday 29 Mar 2029 and
    # Good Friday 30 Mar 2029 cannot be an unrolled one-month end.
    unreachable = {D(2027, 3, 29), D(2029, 3, 29), D(2029, 3, 30)}
    assert {h for h, _ in HOLIDAY_CASES} == set(HOLIDAYS) - unreachable
    assert len(HOLIDAY_CASES) == 68


@pytest.mark.parametrize(("holiday", "received"), HOLIDAY_CASES, ids=str)
def test_deadline_landing_on_a_holiday_rolls_to_next_working_day(
    holiday: date, received: date
) -> None:
    result = compute_deadline(received)
    assert result.unrolled == holiday
    assert dl.is_holiday(holiday)
    assert dl.holiday_name(holiday)
    assert result.first > holiday
    assert _working(result.first)
    assert dl.is_working_day(result.first)
    day = holiday
    while day < result.first:
        assert not _working(day), day
        assert not dl.is_working_day(day), day
        day += timedelta(days=1)
    assert result.first == _next_working(holiday)
    assert f"{dl._wdm(holiday)} is {dl.holiday_name(holiday)} → " in result.explain()


# Worked out by hand from the Easter dates 5 Apr 2026, 28 Mar 2027, 16 Apr 2028, 1 Apr 2029 and
# 21 Apr 2030 (Ascension = Easter + 39, Whit Sunday = Easter + 49).
HAND_HOLIDAY_TABLE = [
    # 2026
    (D(2026, 3, 2), D(2026, 4, 7)),  # Thu 2 Apr Maundy Thursday → Tue 7 Apr
    (D(2026, 3, 6), D(2026, 4, 7)),  # Mon 6 Apr Easter Monday → Tue 7 Apr
    (D(2026, 4, 1), D(2026, 5, 4)),  # Fri 1 May → Mon 4 May
    (D(2026, 4, 14), D(2026, 5, 15)),  # Thu 14 May Ascension → Fri 15 May
    (D(2026, 4, 17), D(2026, 5, 18)),  # Sun 17 May → Mon 18 May
    (D(2026, 4, 24), D(2026, 5, 26)),  # Sun 24 May Whit Sunday, Whit Monday → Tue 26 May
    (D(2026, 11, 25), D(2026, 12, 28)),  # Fri 25 Dec, Sat 26 Dec, Sun → Mon 28 Dec
    (D(2026, 12, 1), D(2027, 1, 4)),  # Fri 1 Jan 2027, weekend → Mon 4 Jan
    # 2027
    (D(2027, 2, 25), D(2027, 3, 30)),  # Thu 25 Mar Maundy Thursday → Tue 30 Mar
    (D(2027, 4, 6), D(2027, 5, 7)),  # Thu 6 May Ascension → Fri 7 May
    (D(2027, 4, 16), D(2027, 5, 18)),  # Sun 16 May Whit Sunday, Mon 17 May → Tue 18 May
    (D(2027, 4, 17), D(2027, 5, 18)),  # Mon 17 May Constitution Day and Whit Monday
    (D(2027, 11, 25), D(2027, 12, 27)),  # Sat 25 Dec, Sun 26 Dec → Mon 27 Dec (working)
    # 2028
    (D(2028, 3, 13), D(2028, 4, 18)),  # Thu 13 Apr Maundy Thursday → Tue 18 Apr
    (D(2028, 4, 17), D(2028, 5, 18)),  # received on Easter Monday; Wed 17 May → Thu 18 May
    (D(2028, 4, 25), D(2028, 5, 26)),  # Thu 25 May Ascension → Fri 26 May
    (D(2028, 5, 4), D(2028, 6, 6)),  # Sun 4 Jun Whit Sunday, Whit Monday → Tue 6 Jun
    # 2029
    (D(2029, 2, 28), D(2029, 3, 28)),  # Wed 28 Mar, the day before Maundy Thursday
    (D(2029, 3, 1), D(2029, 4, 3)),  # Sun 1 Apr Easter Sunday, Easter Monday → Tue 3 Apr
    (D(2029, 4, 10), D(2029, 5, 11)),  # Thu 10 May Ascension → Fri 11 May
    (D(2029, 4, 17), D(2029, 5, 18)),  # Thu 17 May → Fri 18 May
    (D(2029, 4, 20), D(2029, 5, 22)),  # Sun 20 May Whit Sunday, Whit Monday → Tue 22 May
    (D(2029, 11, 25), D(2029, 12, 27)),  # Tue 25 Dec, Wed 26 Dec → Thu 27 Dec
    (D(2029, 12, 1), D(2030, 1, 2)),  # Tue 1 Jan 2030 → Wed 2 Jan
    # 2030
    (D(2030, 3, 18), D(2030, 4, 23)),  # Thu 18 Apr Maundy Thursday → Tue 23 Apr
    (D(2030, 4, 1), D(2030, 5, 2)),  # Wed 1 May → Thu 2 May
    (D(2030, 4, 17), D(2030, 5, 20)),  # Fri 17 May → Mon 20 May
    (D(2030, 4, 30), D(2030, 5, 31)),  # Thu 30 May Ascension → Fri 31 May
    (D(2030, 5, 9), D(2030, 6, 11)),  # Sun 9 Jun Whit Sunday, Whit Monday → Tue 11 Jun
    (D(2030, 11, 25), D(2030, 12, 27)),  # Wed 25 Dec, Thu 26 Dec → Fri 27 Dec
]


@pytest.mark.parametrize(("received", "first"), HAND_HOLIDAY_TABLE, ids=str)
def test_hand_worked_holiday_table(received: date, first: date) -> None:
    assert compute_deadline(received).first == first


def test_every_receipt_date_2025_to_2030_against_the_independent_calendar() -> None:
    received = D(2025, 1, 1)
    while received.year <= 2030:
        result = compute_deadline(received, extended=True)
        assert result.unrolled == dl.add_months(received, 1)
        assert result.first == _next_working(result.unrolled), received
        assert result.extended == _next_working(dl.add_months(result.unrolled, 2)), received
        received += timedelta(days=1)


# ---------------------------------------------------------------- Christmas Eve and friends


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 12, 24), True),  # Thu, Christmas Eve
        (D(2025, 12, 24), True),  # Wed
        (D(2027, 12, 24), True),  # Fri
        (D(2028, 12, 24), False),  # Sun: a weekend day, not a holiday
        (D(2025, 12, 31), True),  # Wed, New Year's Eve
        (D(2026, 12, 31), True),  # Thu
        (D(2027, 12, 31), True),  # Fri
        (D(2028, 12, 31), False),  # Sun
        (D(2026, 4, 4), False),  # Easter Saturday: a Saturday, never a holiday
        (D(2026, 5, 23), False),  # Whit Saturday likewise
        (D(2026, 12, 25), False),  # Christmas Day
        (D(2026, 12, 26), False),  # Sat, 26 Dec
        (D(2027, 12, 27), True),  # Mon after a Christmas that fell on a weekend
        (D(2028, 2, 29), True),  # leap day, Tue
    ],
    ids=str,
)
def test_is_working_day(day: date, working: bool) -> None:
    assert dl.is_working_day(day) is working


@pytest.mark.parametrize(
    "day",
    [D(2026, 12, 24), D(2025, 12, 31), D(2028, 12, 24), D(2026, 4, 4), D(2026, 5, 23)],
    ids=str,
)
def test_eves_and_saturdays_are_never_holidays(day: date) -> None:
    assert dl.is_holiday(day) is False
    assert dl.holiday_name(day) is None


def test_christmas_eve_is_a_deadline() -> None:
    result = compute_deadline(D(2026, 11, 24))
    assert result.first == D(2026, 12, 24)
    assert "Thu 24 Dec is a working day" in result.steps


def test_new_years_eve_is_a_deadline() -> None:
    # Sat 29 Dec 2029, Sun 30 Dec → Mon 31 Dec 2029.
    assert compute_deadline(D(2029, 11, 29)).first == D(2029, 12, 31)
    # A one-day pause moves Tue 30 Dec 2025 to Wed 31 Dec 2025, which stays.
    pause = PausePeriod(D(2025, 12, 1), D(2025, 12, 2))
    assert compute_deadline(D(2025, 11, 30), pauses=[pause]).first == D(2025, 12, 31)


def test_easter_saturday_rolls_past_the_whole_easter_weekend() -> None:
    result = compute_deadline(D(2026, 3, 4))
    assert result.unrolled == D(2026, 4, 4)
    assert result.first == D(2026, 4, 7)
    assert "Sat 4 Apr is a weekend day → Tue 7 Apr" in result.steps


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2026, 1, 1), "New Year's Day"),
        (D(2026, 4, 2), "Maundy Thursday"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 4, 5), "Easter Sunday"),
        (D(2026, 4, 6), "Easter Monday"),
        (D(2026, 5, 1), "Labour Day"),
        (D(2026, 5, 14), "Ascension Day"),
        (D(2026, 5, 17), "Constitution Day"),
        (D(2026, 5, 24), "Whit Sunday"),
        (D(2026, 5, 25), "Whit Monday"),
        (D(2026, 12, 25), "Christmas Day"),
        (D(2026, 12, 26), "Second Day of Christmas"),
        (D(2027, 5, 17), "Constitution Day and Whit Monday"),
        (D(2026, 5, 18), None),
    ],
    ids=str,
)
def test_holiday_name(day: date, name: str | None) -> None:
    assert dl.holiday_name(day) == name


# ---------------------------------------------------------------- calendar arithmetic


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 1, 29), 1, D(2025, 2, 28)),
        (D(2028, 1, 29), 1, D(2028, 2, 29)),
        (D(2025, 8, 31), 1, D(2025, 9, 30)),
        (D(2025, 3, 5), 1, D(2025, 4, 5)),
        (D(2025, 12, 31), 1, D(2026, 1, 31)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 10, 31), 4, D(2026, 2, 28)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
        (D(2028, 2, 29), 48, D(2032, 2, 29)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
        (D(2025, 7, 31), 2, D(2025, 9, 30)),
    ],
    ids=str,
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert dl.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 2, 28), D(2026, 3, 2)),
        (D(2026, 3, 2), D(2026, 3, 2)),
        (D(2026, 4, 2), D(2026, 4, 7)),
        (D(2026, 12, 25), D(2026, 12, 28)),
        (D(2026, 12, 31), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 4)),
    ],
    ids=str,
)
def test_roll_forward(day: date, expected: date) -> None:
    assert dl.roll_forward(day) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 1, 9), D(2026, 1, 12), 1),  # Fri → Mon
        (D(2026, 1, 10), D(2026, 1, 11), 0),  # Sat → Sun
        (D(2026, 1, 12), D(2026, 1, 16), 4),
        (D(2026, 1, 12), D(2026, 1, 19), 5),
        (D(2026, 1, 19), D(2026, 1, 12), -5),
        (D(2026, 1, 12), D(2026, 1, 12), 0),
        (D(2026, 1, 10), D(2026, 1, 10), 0),
        (D(2026, 1, 11), D(2026, 1, 10), 0),  # Sun → Sat
        (D(2026, 4, 1), D(2026, 4, 7), 1),  # Easter
        (D(2026, 4, 7), D(2026, 4, 1), -1),
        (D(2025, 12, 23), D(2026, 1, 2), 5),  # 24, 29, 30, 31 Dec and 2 Jan
        (D(2025, 12, 31), D(2026, 12, 31), 253),  # 261 weekdays less 8 weekday holidays
    ],
    ids=str,
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert dl.working_days_between(start, end) == expected


def test_working_days_between_matches_brute_force() -> None:
    starts = [D(2025, 12, 20) + timedelta(days=i) for i in range(0, 30, 3)]
    for start in starts:
        for span in range(-40, 140, 7):
            end = start + timedelta(days=span)
            lo, hi, sign = (start, end, 1) if end >= start else (end, start, -1)
            brute = sum(_working(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
            assert dl.working_days_between(start, end) == sign * brute, (start, end)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 1, 9), 1, D(2026, 1, 12)),  # Fri + 1 → Mon
        (D(2026, 4, 1), 1, D(2026, 4, 7)),  # over Easter
        (D(2026, 4, 7), -1, D(2026, 4, 1)),
        (D(2026, 1, 10), 0, D(2026, 1, 10)),  # Sat + 0 stays
        (D(2026, 1, 10), 1, D(2026, 1, 12)),
        (D(2026, 1, 10), -1, D(2026, 1, 9)),
        (D(2025, 12, 23), 3, D(2025, 12, 30)),  # 24, 29, 30 Dec
        (D(2026, 1, 12), 10, D(2026, 1, 26)),
        (D(2026, 1, 26), -10, D(2026, 1, 12)),
    ],
    ids=str,
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert dl.add_working_days(start, n) == expected


@pytest.mark.parametrize("n", [-25, -3, -1, 1, 2, 3, 4, 17, 60])
def test_add_working_days_round_trips(n: int) -> None:
    start = D(2026, 3, 30)  # Monday before Easter 2026
    assert dl.working_days_between(start, dl.add_working_days(start, n)) == n


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2025, 2, 28), "Fri 28 Feb 2025"),
        (D(2026, 3, 2), "Mon 2 Mar 2026"),
        (D(2026, 12, 24), "Thu 24 Dec 2026"),
        (D(2027, 5, 17), "Mon 17 May 2027"),
    ],
    ids=str,
)
def test_format_date(day: date, text: str) -> None:
    assert dl.format_date(day) == text


# ---------------------------------------------------------------- pauses


def test_pause_days() -> None:
    assert PausePeriod(D(2026, 1, 12), D(2026, 1, 26)).days(D(2030, 1, 1)) == 14
    assert PausePeriod(D(2026, 1, 12), None).days(D(2026, 1, 15)) == 3
    assert PausePeriod(D(2026, 1, 12), None).days(D(2026, 1, 12)) == 0
    assert PausePeriod(D(2026, 1, 12), None).days(D(2026, 1, 5)) == 0  # never negative
    assert PausePeriod(D(2026, 1, 12), D(2026, 1, 10)).days(D(2026, 1, 20)) == 0


def test_open_pause_counts_up_to_today() -> None:
    pause = PausePeriod(asked_on=D(2026, 1, 7), answered_on=None)
    result = compute_deadline(D(2026, 1, 5), pauses=[pause], today=D(2026, 1, 12))
    assert result.unrolled == D(2026, 2, 5)
    assert result.paused_days == 5
    assert result.paused_now is True
    assert result.first == D(2026, 2, 10)
    # A day later the clock is still stopped, so the deadline moves on by one.
    later = compute_deadline(D(2026, 1, 5), pauses=[pause], today=D(2026, 1, 13))
    assert later.first == D(2026, 2, 11)


def test_open_pause_needs_today() -> None:
    with pytest.raises(ValueError):
        compute_deadline(D(2026, 1, 5), pauses=[PausePeriod(D(2026, 1, 7), None)])


def test_closed_pauses_do_not_need_today() -> None:
    pause = PausePeriod(D(2026, 1, 7), D(2026, 1, 9))
    assert compute_deadline(D(2026, 1, 5), pauses=[pause]).first == D(2026, 2, 9)


def test_several_pauses_are_summed() -> None:
    pauses = [
        PausePeriod(D(2026, 2, 18), D(2026, 2, 20)),  # 2 days
        PausePeriod(D(2026, 3, 2), D(2026, 3, 6)),  # 4 days
        PausePeriod(D(2026, 3, 9), D(2026, 3, 9)),  # answered the same day: 0
    ]
    result = compute_deadline(D(2026, 2, 17), pauses=pauses)
    assert result.unrolled == D(2026, 3, 17)
    assert result.paused_days == 6
    assert result.first == D(2026, 3, 23)
    assert result.paused_now is False


def test_pause_added_before_rolling() -> None:
    # Unrolled Thu 2 Apr 2026 is Maundy Thursday; 5 paused days give Tue 7 Apr, a working day.
    # Rolling first would give Tue 7 Apr + 5 = Sun 12 Apr → Mon 13 Apr, which is wrong.
    pause = PausePeriod(D(2026, 3, 3), D(2026, 3, 8))
    assert compute_deadline(D(2026, 3, 2), pauses=[pause]).first == D(2026, 4, 7)


def test_pause_is_added_to_the_extensions_unrolled_end() -> None:
    pause = PausePeriod(D(2026, 1, 12), D(2026, 1, 26))
    result = compute_deadline(D(2026, 1, 10), pauses=[pause], extended=True)
    assert result.first == D(2026, 2, 24)
    assert result.extended == D(2026, 4, 24)  # 10 Apr + 14 = Fri 24 Apr


def test_pause_plus_extension_lands_in_easter() -> None:
    # Unrolled Mon 2 Feb 2026; extension 2 Apr + 3 paused days = Easter Sunday → Tue 7 Apr.
    pause = PausePeriod(D(2026, 1, 5), D(2026, 1, 8))
    result = compute_deadline(D(2026, 1, 2), pauses=[pause], extended=True)
    assert result.first == D(2026, 2, 5)
    assert result.extended == D(2026, 4, 7)


def test_open_pause_with_extension() -> None:
    pauses = [PausePeriod(D(2026, 1, 12), D(2026, 1, 19)), PausePeriod(D(2026, 2, 2), None)]
    result = compute_deadline(D(2026, 1, 10), pauses=pauses, extended=True, today=D(2026, 2, 5))
    assert result.paused_days == 10
    assert result.paused_now is True
    assert result.first == D(2026, 2, 20)
    assert result.extended == D(2026, 4, 20)


# ---------------------------------------------------------------- extension checks


FIRST_DEADLINE = compute_deadline(D(2025, 12, 31))  # first deadline Mon 2 Feb 2026


def test_extension_allowed_before_and_on_the_deadline_day() -> None:
    for day in (D(2026, 1, 2), D(2026, 1, 31), D(2026, 2, 2)):
        for kind in dl.EXTENSION_REASON_KINDS:
            dl.check_extension(
                FIRST_DEADLINE,
                decided_on=day,
                already_extended=False,
                reason_kind=kind,
                reason="Six years of orders across three systems.",
            )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"already_extended": True},
            "This request has already been extended once; Art. 12(3) allows one extension.",
        ),
        (
            {"decided_on": D(2026, 2, 3)},
            "The first deadline (Mon 2 Feb 2026) has passed: an extension must be notified "
            "before it.",
        ),
        (
            {"reason_kind": "effort"},
            "An extension is allowed only for the complexity or the number of requests "
            "(Art. 12(3)); a large effort alone is not a reason.",
        ),
        (
            {"reason_kind": ""},
            "An extension is allowed only for the complexity or the number of requests "
            "(Art. 12(3)); a large effort alone is not a reason.",
        ),
        (
            {"reason": "  \n "},
            "Give the concrete reasons for the extension: the subject must be told why.",
        ),
    ],
    ids=["already-extended", "too-late", "bad-kind", "no-kind", "no-reason"],
)
def test_extension_refusals(changes: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "decided_on": D(2026, 1, 20),
        "already_extended": False,
        "reason_kind": "complexity",
        "reason": "Three overlapping requests from the same person.",
    }
    args.update(changes)
    with pytest.raises(dl.DeadlineError) as caught:
        dl.check_extension(FIRST_DEADLINE, **args)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_extension_deadline_moves_with_a_pause() -> None:
    pause = PausePeriod(D(2026, 1, 5), D(2026, 1, 12))  # 7 days: first deadline 9 Feb 2026
    deadline = compute_deadline(D(2025, 12, 31), pauses=[pause])
    assert deadline.first == D(2026, 2, 9)
    dl.check_extension(
        deadline,
        decided_on=D(2026, 2, 9),
        already_extended=False,
        reason_kind="number_of_requests",
        reason="Four requests in one week.",
    )
    with pytest.raises(dl.DeadlineError, match=r"\(Mon 9 Feb 2026\) has passed"):
        dl.check_extension(
            deadline,
            decided_on=D(2026, 2, 10),
            already_extended=False,
            reason_kind="number_of_requests",
            reason="Four requests in one week.",
        )


def test_deadline_error_is_a_value_error() -> None:
    assert issubclass(dl.DeadlineError, ValueError)


# ---------------------------------------------------------------- pause warnings


WARNING_5 = (
    "The question went out 5 working days after receipt: "
    "Art. 12(6) pauses the clock only if you ask without undue delay."
)


@pytest.mark.parametrize(
    ("received", "asked", "late"),
    [
        (D(2026, 1, 12), D(2026, 1, 12), None),  # same day
        (D(2026, 1, 12), D(2026, 1, 15), None),  # Mon → Thu: 3 working days
        (D(2026, 1, 12), D(2026, 1, 16), 4),  # Mon → Fri: 4
        (D(2026, 1, 9), D(2026, 1, 14), None),  # Fri → Wed: weekend not counted, 3
        (D(2026, 1, 9), D(2026, 1, 15), 4),  # Fri → Thu: 4
        (D(2026, 1, 10), D(2026, 1, 14), None),  # Sat → Wed: 3
        (D(2026, 1, 10), D(2026, 1, 15), 4),  # Sat → Thu: 4
        (D(2026, 4, 1), D(2026, 4, 9), None),  # over Easter: 7, 8, 9 Apr
        (D(2026, 4, 1), D(2026, 4, 10), 4),
        (D(2026, 1, 5), D(2026, 1, 12), 5),
    ],
    ids=str,
)
def test_pause_warning(received: date, asked: date, late: int | None) -> None:
    warning = dl.pause_warning(received, asked)
    if late is None:
        assert warning is None
    else:
        assert warning == (
            f"The question went out {late} working days after receipt: "
            "Art. 12(6) pauses the clock only if you ask without undue delay."
        )


def test_pause_warning_exact_text() -> None:
    assert dl.pause_warning(D(2026, 1, 5), D(2026, 1, 12)) == WARNING_5


def test_question_before_receipt_is_refused() -> None:
    with pytest.raises(dl.DeadlineError) as caught:
        dl.pause_warning(D(2026, 1, 12), D(2026, 1, 11))
    assert str(caught.value) == "The question cannot be sent before the request was received."


# ---------------------------------------------------------------- explanations


def test_explain_month_end_and_weekend() -> None:
    result = compute_deadline(D(2026, 1, 31))
    assert result.steps == (
        "Received Sat 31 Jan 2026 (Europe/Oslo), a weekend day: receipt still counts",
        "One month: 31 Jan → 28 Feb (February has no 31st: last day of the month)",
        "Sat 28 Feb is a weekend day → Mon 2 Mar",
        "First deadline: Mon 2 Mar 2026, end of day (Europe/Oslo)",
    )
    assert result.explain() == "; ".join(result.steps)
    assert result.short_why() == "31 Jan → 28 Feb; 28 Feb Sat → 2 Mar"


def test_explain_plain_case() -> None:
    result = compute_deadline(D(2025, 3, 17))
    assert result.explain() == (
        "Received Mon 17 Mar 2025 (Europe/Oslo); One month: 17 Mar → 17 Apr; "
        "Thu 17 Apr is Maundy Thursday → Tue 22 Apr; "
        "First deadline: Tue 22 Apr 2025, end of day (Europe/Oslo)"
    )
    assert result.short_why() == "17 Mar → 17 Apr; 17 Apr Maundy Thursday → 22 Apr"
    assert compute_deadline(D(2025, 6, 17)).short_why() == "17 Jun → 17 Jul"


def test_explain_extension_on_double_holiday() -> None:
    result = compute_deadline(D(2027, 2, 17), extended=True)
    assert result.explain() == (
        "Received Wed 17 Feb 2027 (Europe/Oslo); One month: 17 Feb → 17 Mar; "
        "Wed 17 Mar is a working day; "
        "First deadline: Wed 17 Mar 2027, end of day (Europe/Oslo); "
        "Extended by two months from the unrolled 17 Mar → 17 May; "
        "Mon 17 May is Constitution Day and Whit Monday → Tue 18 May; "
        "Extended deadline: Tue 18 May 2027, end of day (Europe/Oslo)"
    )
    assert result.short_why() == (
        "17 Feb → 17 Mar; +2 months → 17 May; 17 May Constitution Day and Whit Monday → 18 May"
    )


def test_explain_receipt_on_a_holiday() -> None:
    result = compute_deadline(D(2025, 4, 17))
    assert result.steps[0] == (
        "Received Thu 17 Apr 2025 (Europe/Oslo), Maundy Thursday: receipt still counts"
    )
    assert result.steps[2] == "Sat 17 May is Constitution Day → Mon 19 May"


def test_explain_pause() -> None:
    pause = PausePeriod(D(2026, 1, 12), D(2026, 1, 26))
    result = compute_deadline(D(2026, 1, 10), pauses=[pause])
    assert "Paused 14 days (12 Jan–26 Jan): 10 Feb → 24 Feb" in result.steps
    assert result.short_why() == "10 Jan → 10 Feb; +14 days paused → 24 Feb"


def test_explain_open_pause_with_extension() -> None:
    pauses = [PausePeriod(D(2026, 1, 12), D(2026, 1, 19)), PausePeriod(D(2026, 2, 2), None)]
    result = compute_deadline(D(2026, 1, 10), pauses=pauses, extended=True, today=D(2026, 2, 5))
    assert result.steps[2] == (
        "Paused 10 days so far (12 Jan–19 Jan and since 2 Feb, still waiting): 10 Feb → 20 Feb"
    )
    assert (
        "Paused 10 days so far (12 Jan–19 Jan and since 2 Feb, still waiting): 10 Apr → 20 Apr"
        in result.steps
    )
    assert (
        result.short_why() == "10 Jan → 10 Feb; +2 months → 10 Apr; +10 days paused so far → 20 Apr"
    )


def test_extension_clamps_month_end() -> None:
    no_clamp = compute_deadline(D(2025, 6, 30), extended=True)  # unrolled 30 Jul → 30 Sep
    assert no_clamp.extended == D(2025, 9, 30)
    sunday = compute_deadline(D(2025, 7, 31), extended=True)
    assert sunday.unrolled == D(2025, 8, 31)  # Sun → Mon 1 Sep
    assert sunday.first == D(2025, 9, 1)
    assert sunday.extended == D(2025, 10, 31)  # from the unrolled 31 Aug, not from 1 Sep
    late = compute_deadline(D(2025, 10, 31), extended=True)
    assert late.unrolled == D(2025, 11, 30)
    assert late.extended == D(2026, 1, 30)
    clamped = compute_deadline(D(2025, 11, 30), extended=True)
    assert clamped.unrolled == D(2025, 12, 30)
    assert clamped.extended == D(2026, 3, 2)  # 28 Feb 2026 is a Saturday
    assert clamped.steps[-3:] == (
        "Extended by two months from the unrolled 30 Dec → 28 Feb "
        "(February has no 30th: last day of the month)",
        "Sat 28 Feb is a weekend day → Mon 2 Mar",
        "Extended deadline: Mon 2 Mar 2026, end of day (Europe/Oslo)",
    )
    assert clamped.short_why() == "30 Nov → 30 Dec; +2 months → 28 Feb; 28 Feb Sat → 2 Mar"


def test_if_extended_is_known_before_the_extension() -> None:
    """The extension notice must name the new date before the extension is recorded."""
    not_yet = compute_deadline(date(2025, 1, 31))
    assert not_yet.extended is None and not_yet.if_extended == date(2025, 4, 28)
    done = compute_deadline(date(2025, 1, 31), extended=True)
    assert done.if_extended == done.extended == date(2025, 4, 28)
    paused = compute_deadline(
        date(2026, 1, 10), pauses=[PausePeriod(date(2026, 1, 12), date(2026, 1, 26))]
    )
    assert (
        paused.if_extended
        == compute_deadline(
            date(2026, 1, 10),
            pauses=[PausePeriod(date(2026, 1, 12), date(2026, 1, 26))],
            extended=True,
        ).extended
    )


@pytest.mark.parametrize(
    ("received", "extended", "bokmal", "english"),
    [
        (date(2026, 11, 26), False, "Sat 26 Dec is 2. juledag", "Second Day of Christmas"),
        (date(2026, 11, 25), False, "Fri 25 Dec is 1. juledag", "Christmas Day"),
        # Extended: the extended end (1 May) is the holiday, named in bokmål too.
        (date(2027, 2, 1), True, "Sat 1 May is Arbeidernes dag", "Labour Day"),
    ],
)
def test_explain_names_holidays_in_bokmal_on_request(
    received: date, extended: bool, bokmal: str, english: str
) -> None:
    d = compute_deadline(received, extended=extended)
    assert english in d.explain()  # `ekko deadline --explain` keeps its English names
    assert english not in d.explain(holiday_names="nb")
    assert bokmal in d.explain(holiday_names="nb")
    # The rest of the steps are the same words.
    assert d.explain(holiday_names="nb").count(";") == d.explain().count(";")


def test_short_why_names_the_holiday_in_bokmal() -> None:
    d = compute_deadline(date(2026, 11, 26))
    assert d.short_why(holiday_names="nb") == "26 Nov → 26 Dec; 26 Dec 2. juledag → 28 Dec"
