"""ekko's own iCalendar writer escapes and folds exactly as the icalendar package does."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import _escape_char, _foldline

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.request_list import RequestSummary, summarise
from ekko_tui.exports.calendar_ics import _fold, _text, build_calendar

_LINES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=400,
)


@given(_LINES)
def test_folding_matches_icalendar(line: str) -> None:
    assert _fold(line) == _foldline(line)


@given(st.text(max_size=200).filter(lambda t: "\\N" not in t))
def test_text_escaping_matches_icalendar(text: str) -> None:
    assert _text(text) == _escape_char(text)


def test_folds_never_split_a_character_or_an_escape() -> None:
    line = "DESCRIPTION:" + "ø" * 40 + "\\," * 40 + "→" * 30
    folded = _fold(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(p.encode()) < 75 for p in pieces)
    assert not any(p.endswith("\\") for p in pieces[:-1])


def _request(i: int, *, is_open: bool, pauses=(), extended=False) -> RequestSummary:
    received = date(2026, 10, 1 + i)
    return summarise(
        id=i,
        ref=f"2026-{i:03d}",
        received_at=datetime.combine(received, time(10), tzinfo=UTC),  # that day in Oslo too
        requester_name="Åse; Ødegård, \\N",
        types=("access", "erasure"),
        status="waiting" if pauses else ("in_progress" if is_open else "answered"),
        pauses=tuple(pauses),
        extended=extended,
        today=date(2026, 11, 25),
        closed_on=None if is_open else date(2026, 11, 20),
        events=i,
    )


def test_the_calendar_reads_back_with_every_event_alarm_and_status() -> None:
    requests = [
        _request(1, is_open=True),
        _request(2, is_open=True, pauses=(dl.PausePeriod(date(2026, 11, 2), None),)),
        _request(3, is_open=True, extended=True),
        _request(4, is_open=False),
    ]
    data, counts = build_calendar(requests, now=datetime(2026, 11, 25, 9, tzinfo=UTC))
    assert b"\r\n" in data and not data.replace(b"\r\n", b"").count(b"\n")
    cal = Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 8
    first = events["deadline-2026-001@ekko.ipogs.no"]
    assert first.decoded("DTSTART") == requests[0].deadline.effective
    assert "Why: " + requests[0].deadline.explain() in str(first["DESCRIPTION"])
    assert [str(a["UID"]) for a in first.walk("VALARM")] == [
        "deadline-2026-001@ekko.ipogs.no-alarm-5wd",
        "deadline-2026-001@ekko.ipogs.no-alarm-1wd",
    ]
    assert str(events["deadline-2026-002@ekko.ipogs.no"]["SUMMARY"]).endswith("(venter på svar)")
    assert str(events["deadline-2026-004@ekko.ipogs.no"]["STATUS"]) == "CANCELLED"
    assert b"\xc3\x85se" not in data  # requester names never go into the file
    assert (counts.deadlines, counts.cancelled) == (3, 4)
