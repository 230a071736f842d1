"""The Art. 33 clock: 72 real hours shown on the Oslo wall clock, and typed Oslo times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ekko_tui.domain import breaches as br
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.requests import ValidationError


def oslo(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


@pytest.mark.parametrize(
    ("aware", "expected", "why"),
    [
        ("2026-10-23 10:00", "2026-10-26T09:00+01:00", "autumn: 25 Oct has 25 hours"),
        ("2026-03-27 10:00", "2026-03-30T11:00+02:00", "spring: 29 Mar has 23 hours"),
        ("2026-10-25 01:30", "2026-10-28T00:30+01:00", "aware just before clocks go back"),
        ("2026-03-29 01:30", "2026-04-01T02:30+02:00", "aware just before clocks go forward"),
        ("2026-11-27 10:00", "2026-11-30T10:00+01:00", "a weekend is never skipped"),
        ("2026-12-23 00:00", "2026-12-26T00:00+01:00", "midnight to midnight over Christmas"),
        ("2026-12-31 23:59", "2027-01-03T23:59+01:00", "over New Year"),
        ("2028-02-27 12:00", "2028-03-01T12:00+01:00", "leap year: 29 Feb counts"),
        ("2027-02-27 12:00", "2027-03-02T12:00+01:00", "no leap day in 2027"),
        ("2026-07-01 08:15", "2026-07-04T08:15+02:00", "summer, no change"),
    ],
)
def test_notify_by(aware: str, expected: str, why: str) -> None:
    got = br.notify_by(oslo(aware))
    assert got.isoformat(timespec="minutes") == expected, why
    # and it is always exactly 72 real hours
    assert got - oslo(aware).astimezone(UTC) == timedelta(hours=72)


def test_naive_awareness_is_refused() -> None:
    with pytest.raises(ValueError):
        br.notify_by(datetime(2026, 10, 23, 10, 0))


def test_aware_first_of_repeated_hour() -> None:
    first = br.parse_local("2026-10-25 02:30").moment
    assert br.notify_by(first).isoformat(timespec="minutes") == "2026-10-28T01:30+01:00"
    second = br.parse_local("2026-10-25 02:30 CET").moment
    assert second - first == timedelta(hours=1)
    assert br.notify_by(second).isoformat(timespec="minutes") == "2026-10-28T02:30+01:00"


def test_hours_left_and_text() -> None:
    deadline = br.notify_by(oslo("2026-10-23 10:00"))
    assert br.hours_left(deadline, oslo("2026-10-23 10:00")) == 72.0
    # 24 Oct 10:00 CEST → 26 Oct 09:00 CET is 48 real hours, not 47
    assert br.hours_left(deadline, oslo("2026-10-24 10:00")) == 48.0
    assert br.hours_left(deadline, oslo("2026-10-26 10:00")) == -1.0
    assert br.left_text(deadline, oslo("2026-10-26 08:15")) == "45 min left"
    assert br.left_text(deadline, oslo("2026-10-26 10:30")) == "1 h 30 min late"


def test_parse_local_plain() -> None:
    got = br.parse_local("2026-11-30 07:05")
    assert got.moment == datetime(2026, 11, 30, 6, 5, tzinfo=UTC)
    assert not got.ambiguous and got.ambiguity_note() == ""


@pytest.mark.parametrize("text", ["2026-03-29 02:00", "2026-03-29 02:30", "2026-03-29 02:59"])
def test_spring_gap_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        br.parse_local(text)
    assert info.value.field == "aware"
    assert "does not exist" in info.value.message


@pytest.mark.parametrize("text", ["2026-03-29 01:59", "2026-03-29 03:00"])
def test_around_the_gap_exists(text: str) -> None:
    assert not br.parse_local(text).ambiguous


def test_autumn_hour_is_ambiguous_and_defaults_to_first() -> None:
    got = br.parse_local("2026-10-25 02:30")
    assert got.ambiguous
    assert got.moment == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    assert "CEST" in got.ambiguity_note()
    assert not br.parse_local("2026-10-25 02:30 CEST").ambiguous
    assert br.parse_local("2026-10-25 02:30 +01:00").moment == datetime(
        2026, 10, 25, 1, 30, tzinfo=UTC
    )


@pytest.mark.parametrize("text", ["", "yesterday", "2026-02-30 10:00", "2026-10-23 25:00"])
def test_bad_times(text: str) -> None:
    with pytest.raises(ValidationError):
        br.parse_local(text)


def test_wrong_zone_for_the_date() -> None:
    with pytest.raises(ValidationError):
        br.parse_local("2026-07-01 10:00 CET")


def test_future_awareness_and_notified_before_awareness() -> None:
    now = oslo("2026-11-30 07:00")
    br.check_aware(now, now)
    with pytest.raises(ValidationError):
        br.check_aware(now + timedelta(hours=1), now)
    aware = oslo("2026-11-29 10:00")
    with pytest.raises(ValidationError):
        br.check_moment_after(aware - timedelta(minutes=1), aware, now, "Notified")
    with pytest.raises(ValidationError):
        br.check_moment_after(now + timedelta(hours=2), aware, now, "Notified")
    br.check_moment_after(aware, aware, now, "Notified")


def test_late_is_strictly_after_72_hours() -> None:
    aware = oslo("2026-10-23 10:00")
    assert not br.is_late(oslo("2026-10-26 09:00"), aware)
    assert br.is_late(oslo("2026-10-26 09:01"), aware)


def test_types_and_status() -> None:
    assert br.parse_types("availability, confidentiality") == ("confidentiality", "availability")
    with pytest.raises(ValidationError):
        br.parse_types("secrecy")
    with pytest.raises(ValidationError):
        br.parse_types(" , ")
    assert br.status_of(decision="undecided", notified=False, closed=False) == "assess"
    assert br.status_of(decision="notify", notified=False, closed=False) == "notify"
    assert br.status_of(decision="notify", notified=True, closed=False) == "notified"
    assert br.status_of(decision="not_notify", notified=False, closed=False) == "not_notified"
    assert br.status_of(decision="notify", notified=True, closed=True) == "closed"
