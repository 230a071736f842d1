"""The .ics export read back with the icalendar parser: dates, alarms, UIDs, updates, cancels."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from ekko_tui.__main__ import main
from ekko_tui.domain import agenda as ag
from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.requests import ValidationError
from ekko_tui.exports.calendar_ics import build_calendar
from ekko_tui.services.calendar import export_calendar
from ekko_tui.store import requests as store
from tests.conftest import add_request

TODAY = date(2026, 11, 25)


def add(received: str, name: str, now, types: str = "access") -> int:
    return add_request(now, received, name, types=types)


def events(path: Path) -> dict[str, dict]:
    """Every VEVENT by UID: start date, status, sequence, summary, alarm triggers (UTC)."""
    cal = Calendar.from_ical(path.read_bytes())
    out: dict[str, dict] = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev["uid"])
        assert uid not in out, f"duplicate UID {uid}"
        out[uid] = {
            "start": ev.decoded("dtstart"),
            "end": ev.decoded("dtend"),
            "status": str(ev["status"]),
            "sequence": int(ev["sequence"]),
            "summary": str(ev["summary"]),
            "description": str(ev["description"]),
            "alarms": sorted(a.decoded("trigger").astimezone(UTC) for a in ev.walk("VALARM")),
        }
    return out


def utc(y: int, m: int, d: int, h: int) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def test_export_dates_alarms_uids_then_close_and_reexport(db, now, tmp_path: Path) -> None:
    christmas_eve = add("2026-11-24 14:05", "Ørjan <b>Ødegård</b>", now)  # Thu 24 Dec 2026
    after_christmas = add("2026-11-25 08:00", "Kåre Ås", now, "erasure")  # Mon 28 Dec 2026
    path = tmp_path / "frister.ics"

    result = export_calendar(str(path), today=TODAY, now=now)
    assert (result.deadlines, result.notices, result.cancelled) == (2, 2, 0)
    first = events(path)
    assert set(first) == {
        "deadline-2026-001@ekko.ipogs.no",
        "extension-notice-2026-001@ekko.ipogs.no",
        "deadline-2026-002@ekko.ipogs.no",
        "extension-notice-2026-002@ekko.ipogs.no",
    }
    d1 = first["deadline-2026-001@ekko.ipogs.no"]
    assert (d1["start"], d1["end"], d1["status"]) == (
        date(2026, 12, 24),
        date(2026, 12, 25),
        "CONFIRMED",
    )
    assert d1["summary"] == "Svarfrist innsyn 2026-001"  # titles in bokmål
    assert "Ødegård" not in path.read_text(encoding="utf-8")  # no names leave ekko
    # 09:00 Oslo (08:00 UTC) 5 and 1 working days before Thu 24 Dec.
    assert d1["alarms"] == [utc(2026, 12, 17, 8), utc(2026, 12, 23, 8)]
    d2 = first["deadline-2026-002@ekko.ipogs.no"]
    assert d2["start"] == date(2026, 12, 28)
    # 1 working day before Mon 28 Dec is Thu 24 Dec: Christmas Day, the 26th and the weekend
    # are skipped; 5 working days before is Fri 18 Dec.
    assert d2["alarms"] == [utc(2026, 12, 18, 8), utc(2026, 12, 24, 8)]
    assert "25 Dec is Christmas Day" in d2["description"]
    n1 = first["extension-notice-2026-001@ekko.ipogs.no"]
    assert n1["start"] == date(2026, 12, 17)  # 5 working days before the first deadline
    assert n1["summary"] == "Avgjør: forlenge fristen for 2026-001? Varsel innen 24.12.2026"
    assert n1["alarms"] == [utc(2026, 12, 17, 8)]

    # Close one, extend the other, export to the same file: same UIDs, no duplicates.
    store.close(christmas_eve, "answered", "", now=now, actor="t")
    store.extend(after_christmas, "complexity", "Data i fem systemer.", TODAY, now=now, actor="t")
    result = export_calendar(str(path), today=TODAY, now=now)
    assert (result.deadlines, result.notices, result.cancelled) == (1, 0, 3)
    second = events(path)
    assert set(second) == set(first)
    closed = second["deadline-2026-001@ekko.ipogs.no"]
    assert closed["status"] == "CANCELLED" and closed["alarms"] == []
    assert closed["summary"].startswith("Avsluttet: svarfrist")
    assert closed["sequence"] > d1["sequence"]
    assert second["extension-notice-2026-001@ekko.ipogs.no"]["status"] == "CANCELLED"
    extended = second["deadline-2026-002@ekko.ipogs.no"]
    assert extended["start"] == date(2027, 2, 25)  # 25 Dec + 2 months, a Thursday
    assert extended["status"] == "CONFIRMED" and extended["sequence"] > d2["sequence"]
    notice = second["extension-notice-2026-002@ekko.ipogs.no"]
    assert notice["status"] == "CANCELLED" and notice["sequence"] > n1["sequence"]
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left no temporary file


def _req(ref: str, received: date, today: date, **kw) -> ag.RequestDeadline:
    pauses = kw.pop("pauses", ())
    return ag.RequestDeadline(
        id=1,
        ref=ref,
        requester="x",
        types=("access",),
        status=kw.pop("status", "in_progress"),
        is_open=kw.pop("is_open", True),
        received=received,
        pauses=pauses,
        extended=False,
        deadline=dl.compute_deadline(received, pauses=pauses, today=today),
        events=kw.pop("events", 1),
    )


def test_alarms_over_easter_and_a_paused_request() -> None:
    today = date(2027, 3, 1)
    now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    easter = _req("2027-001", date(2027, 2, 25), today)  # deadline Tue 30 Mar 2027
    data, _ = build_calendar([easter], now=now)
    cal = Calendar.from_ical(data)
    (deadline, notice) = list(cal.walk("VEVENT"))
    assert deadline.decoded("dtstart") == date(2027, 3, 30)
    triggers = sorted(a.decoded("trigger") for a in deadline.walk("VALARM"))
    # 1 working day before Tue 30 Mar is Wed 24 Mar (Maundy Thursday, Good Friday, the weekend
    # and Easter Monday are not working days); 5 before is Thu 18 Mar. 09:00 Oslo = 08:00 UTC.
    assert triggers == [utc(2027, 3, 18, 8), utc(2027, 3, 24, 8)]
    assert notice.decoded("dtstart") == date(2027, 3, 18)
    assert "TRIGGER;VALUE=DATE-TIME:20270318T080000Z" in data.decode()

    # Paused: the date moves each day, and so does SEQUENCE, so calendars take the new copy.
    pause = (dl.PausePeriod(date(2027, 3, 1), None),)
    day1 = _req("2027-002", date(2027, 2, 25), date(2027, 3, 3), pauses=pause)
    day2 = _req("2027-002", date(2027, 2, 25), date(2027, 3, 4), pauses=pause)
    seqs = []
    for r in (day1, day2):
        ev = next(iter(Calendar.from_ical(build_calendar([r], now=now)[0]).walk("VEVENT")))
        seqs.append(int(ev["sequence"]))
        assert str(ev["summary"]).endswith(": fristen står (venter på svar)")
    assert seqs[1] > seqs[0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give a file name ending in .ics"),
        ("frister.txt", "give a file name ending in .ics"),
        ("missing/frister.ics", "does not exist"),
        (".", "is a folder"),
    ],
)
def test_bad_export_paths_write_nothing(db, now, tmp_path, monkeypatch, name, message) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(ValidationError, match=message):
        export_calendar(name, today=TODAY, now=now)
    assert list(work.iterdir()) == []


def test_cli_agenda_and_calendar(db_path: Path, tmp_path: Path, capsys, now) -> None:
    from ekko_tui.store.db import close_db, open_db

    open_db(db_path)
    add("2026-10-20 09:00", "Åse Bjørnstad", now)  # overdue since Fri 20 Nov
    add("2026-10-30 09:00", "Kåre Ås", now)  # Mon 30 Nov
    close_db()

    assert main(["--db", str(db_path), "agenda"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "ekko agenda for Wed 25 Nov 2026"
    assert "1 overdue (2026-001)" in text.splitlines()[1]
    row = next(line for line in text.splitlines() if line.startswith("  2026-001"))
    assert row.split() == ["2026-001", "Fri", "20", "Nov", "2026", "3", "wd", "late"] + [
        "access",
        "Åse",
        "Bjørnstad",
        "New",
    ]
    assert "[" not in text and "]" not in text  # no Python list syntax, no empty brackets
    header = next(line for line in text.splitlines() if line.lstrip().startswith("Ref"))
    assert header.split() == ["Ref", "Date", "Left", "What", "Who", "Status"]
    assert header.index("Who") == row.index("Åse")  # columns line up
    assert "Extension decision due (1)" in text

    assert main(["--db", str(db_path), "agenda", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2026-11-25"
    groups = {g["key"]: g for g in data["groups"]}
    assert list(groups) == [
        "breaches",  # the 72-hour breach notices come first (empty here)
        "overdue",
        "today",
        "soon",
        "later",
        "waiting",
        "extension",
        "processors",
        "notice",  # no privacy notice was ever published from this database
        "kept",  # records kept after an erasure, past their keep-until (empty here)
    ]
    assert [i["ref"] for i in groups["notice"]["items"]] == ["Privacy notice"]
    (soon,) = groups["soon"]["items"]
    assert (soon["ref"], soon["date"], soon["working_days_left"], soon["why"]) == (
        "2026-002",
        "2026-11-30",
        3,
        "30 Oct → 30 Nov",
    )

    out = tmp_path / "ekko.ics"
    assert main(["--db", str(db_path), "calendar", str(out)]) == 0
    assert "Wrote 2 deadline(s), 1 extension decision(s)" in capsys.readouterr().out
    assert len(list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))) == 4

    assert main(["--db", str(db_path), "calendar", str(tmp_path / "x.pdf")]) == 2
    assert "give a file name ending in .ics" in capsys.readouterr().err
