"""One date parser for everything typed: ISO and Norwegian day-first forms."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ekko_tui.domain.dates import DateFormatError, parse_day, split_date_time
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.registers import parse_optional_date
from ekko_tui.domain.requests import ValidationError, parse_date, parse_received

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=OSLO).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-30", date(2026, 11, 30)),
        ("30.11.2026", date(2026, 11, 30)),
        ("30.11.26", date(2026, 11, 30)),
        ("3.1.2027", date(2027, 1, 3)),
        ("03.01.2027", date(2027, 1, 3)),
        ("01.02.2026", date(2026, 2, 1)),  # day first: 1 February, never 2 January
        (" 29.02.2028 ", date(2028, 2, 29)),
        ("2026-1-3", date(2026, 1, 3)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_day(text) == expected
    assert parse_date(text, "f") == expected
    assert parse_optional_date(text, "f", "Label") == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31.11.2026", "exists"),
        ("29.02.2027", "exists"),
        ("2026-13-01", "exists"),
        ("0.1.2026", "exists"),
        ("30/11/2026", "write it as"),
        ("11.30", "write it as"),
        ("30.11.202", "write it as"),
        ("30.11.2026.", "write it as"),
        ("tomorrow", "write it as"),
        ("", "write it as"),
        ("٣٠.١١.٢٠٢٦", "write it as"),  # other digits are not guessed at
    ],
)
def test_refused_forms_say_why(text: str, why: str) -> None:
    with pytest.raises(DateFormatError, match=why):
        parse_day(text)
    with pytest.raises(ValidationError) as info:
        parse_date(text, "answered_on")
    assert info.value.field == "answered_on"


def test_empty_optional_date_is_none() -> None:
    assert parse_optional_date("  ", "f", "L") is None


def test_receipt_times_in_norwegian_order() -> None:
    expected = datetime(2026, 11, 24, 13, 5, tzinfo=UTC)  # 14:05 in Oslo (CET)
    assert parse_received("24.11.2026 14:05", now=NOW) == expected
    assert parse_received("24.11.26 14:05", now=NOW) == expected
    assert parse_received("2026-11-24 14:05", now=NOW) == expected
    assert parse_received("24.11.2026", now=NOW) == parse_received("2026-11-24", now=NOW)
    with pytest.raises(ValidationError) as info:
        parse_received("31.11.2026 14:05", now=NOW)
    assert info.value.field == "received"
    with pytest.raises(ValidationError, match="future"):
        parse_received("1.12.2026 10:00", now=NOW)


def test_split_date_time() -> None:
    assert split_date_time("30.11.2026 14:05") == ("30.11.2026", "14:05")
    assert split_date_time("2026-11-30T14:05") == ("2026-11-30", "14:05")
    assert split_date_time("2026-11-30") == ("2026-11-30", "")


def test_holiday_names_in_bokmal() -> None:
    from ekko_tui.domain.deadlines import holiday_name, holiday_name_nb

    assert holiday_name_nb(date(2026, 12, 26)) == "2. juledag"
    assert holiday_name_nb(date(2026, 12, 25)) == "1. juledag"
    assert holiday_name_nb(date(2027, 3, 29)) == "2. påskedag"
    assert holiday_name_nb(date(2026, 5, 17)) == "Grunnlovsdag"
    assert holiday_name_nb(date(2026, 12, 24)) is None  # Christmas Eve is a working day in law
    assert holiday_name_nb(date(2026, 12, 23)) is None
    # Same days as the rules use; the explanations keep their English names.
    assert holiday_name(date(2026, 12, 26)) == "Second Day of Christmas"
