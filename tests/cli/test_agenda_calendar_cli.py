"""ekko agenda and ekko calendar: the listing and the .ics file."""

from __future__ import annotations

import json
from pathlib import Path

from icalendar import Calendar

from ekko_tui.__main__ import main
from tests.store.test_calendar_export import add


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
        "request_retention",  # closed requests past their retention end (empty here)
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
