"""Pilot tests of the deadlines screen: every group, the why pane, jump, month view, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from icalendar import Calendar
from textual.widgets import DataTable, Input

from ekko_tui.store import requests as store
from ekko_tui.store.models import Event, Setting
from ekko_tui.ui.calendar_dialog import CalendarExportDialog
from ekko_tui.ui.screens.deadline_month import DeadlineMonthScreen
from ekko_tui.ui.screens.deadlines import DeadlinesScreen
from ekko_tui.ui.screens.detail import RequestDetailScreen
from ekko_tui.ui.screens.inbox import InboxScreen
from tests.conftest import add_request

from .conftest import screen_text, table_rows


def add(received: str, name: str, now, types: str = "access") -> int:
    return add_request(now, received, name, types=types)


def seed_every_group(now) -> dict[str, int]:
    """One request per group as of Wed 25 Nov 2026."""
    ids = {
        "overdue": add("2026-10-20 09:00", "Bjørn Håland", now),  # Fri 20 Nov
        "today": add("2026-10-25 11:00", "Lise <b>Berg</b> & Co", now, "erasure"),  # Wed 25 Nov
        "soon": add("2026-10-30 09:00", "Kåre Ås", now, "objection"),  # Mon 30 Nov
        "later": add("2026-11-20 09:00", "Máret Sara", now),  # Mon 21 Dec
        "waiting": add("2026-11-02 09:00", "Sigrid Hætta", now),
        "extended": add("2026-10-28 09:00", "Nils-Åge Sørensen", now),
    }
    store.start_pause(ids["waiting"], "identity", date(2026, 11, 4), "", now=now, actor="t")
    store.extend(
        ids["extended"], "complexity", "Fem systemer.", date(2026, 11, 20), now=now, actor="t"
    )
    closed = add("2026-10-21 09:00", "Eva Lund", now)
    store.close(closed, "answered", "", now=now, actor="t")
    return ids


def label(row: list[str]) -> str:
    """What identifies a row: the reference, else the name (a processor, or a heading's title)."""
    return row[1] if row[0] in ("", "▸") else row[0]


def headings(rows: list[list[str]]) -> list[str]:
    return [row[1] for row in rows if row[0] == "▸"]


def group_of(rows: list[list[str]]) -> dict[str, list[str]]:
    """Refs (processor names for processor chores) under each heading row."""
    out: dict[str, list[str]] = {}
    current = ""
    for row in rows:
        if row[0] == "▸":
            current = row[1].rsplit(" (", 1)[0]
            out[current] = []
        else:
            out[current].append(label(row))
    return out


async def test_every_group_why_and_jump_to_the_inbox(app, now) -> None:
    ids = seed_every_group(now)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, DeadlinesScreen)
        rows = table_rows(app, "#deadlines")
        processors = group_of(rows).pop("Processor reviews and agreements due")
        # The shipped register starts with every DPA "unknown — check": each is due.
        assert len(processors) == 10 and "Kajabi LLC" in processors
        rows = [r for r in rows if label(r) not in processors and "Processor reviews" not in r[1]]
        # No notice was ever published from this database: the agenda says so.
        assert group_of(rows).pop("Privacy notice to update") == ["Privacy notice"]
        rows = [r for r in rows if "Privacy notice" not in label(r)]
        assert group_of(rows) == {
            "Overdue": ["2026-001"],
            "Due today": ["2026-002"],
            "Due within 5 working days": ["2026-003"],
            "Later": ["2026-004", "2026-006"],
            "Waiting for the subject": ["2026-005"],
            "Extension decision due": ["2026-002", "2026-003"],
        }
        by_ref = {r[0]: r for r in rows if r[0] not in ("", "▸")}
        assert by_ref["2026-001"] == [
            "2026-001",
            "Bjørn Håland",
            "access",
            "Fri 20 Nov 2026",
            "3 wd late",
            "New",
            "20 Oct → 20 Nov",
        ]
        assert by_ref["2026-002"][1] == "Lise <b>Berg</b> & Co"  # literal, never markup
        assert by_ref["2026-002"][4] == "today"
        assert by_ref["2026-003"][3:5] == ["Mon 30 Nov 2026", "3 wd"]
        assert by_ref["2026-004"][6] == "20 Nov → 20 Dec; 20 Dec Sun → 21 Dec"
        assert by_ref["2026-006"][3:] == [
            "Thu 28 Jan 2027",
            "44 wd",
            "In progress",
            "28 Oct → 28 Nov; +2 months → 28 Jan",
        ]
        waiting = by_ref["2026-005"]
        assert waiting[4] == "paused"
        assert waiting[6].startswith("asked Wed 4 Nov 2026, clock stopped 21 days; no answer")
        assert waiting[5] == "Waiting for subject"
        notice = next(r for r in rows[rows.index(by_ref["2026-006"]) :] if r[0] == "2026-003")
        assert notice[6] == (
            "notice with reasons by Mon 30 Nov 2026; extended deadline would be Mon 1 Feb 2027"
        )
        assert "Eva Lund" not in str(rows)  # closed requests have nothing due

        text = screen_text(app)
        assert "Deadlines · Wed 25 Nov 2026 · 1 overdue (2026-001); 1 due today" in text
        # The cursor starts on the first request; the pane says why its date is what it is.
        assert "Why: Received Tue 20 Oct 2026 (Europe/Oslo); One month: 20 Oct → 20 Nov" in text

        # The later group: move to 2026-004 and read its explanation.
        table = app.screen.query_one("#deadlines", DataTable)
        table.move_cursor(row=rows.index(by_ref["2026-004"]))
        await pilot.pause()
        assert "Sun 20 Dec is a weekend day → Mon 21 Dec" in screen_text(app)

        # Enter jumps to the request: inbox mode, row selected, detail open.
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "inbox"
        assert isinstance(app.screen, RequestDetailScreen)
        assert app.screen.request_id == ids["later"]
        assert "Deadline: Mon 21 Dec 2026" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert app.screen.current_request_id() == ids["later"]

        # Back to the deadlines: the highlighted item is kept.
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, DeadlinesScreen)
        assert app.screen.current_item().ref == "2026-004"

        # Enter on a heading row does nothing but say so.
        table = app.screen.query_one("#deadlines", DataTable)
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeadlinesScreen)


async def test_jump_widens_the_inbox_filter_and_leaves_an_open_detail(app, now) -> None:
    ids = seed_every_group(now)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await pilot.press("f", "f")  # overdue only: 2026-004 is hidden
        await pilot.press("enter")  # a detail left open in the inbox mode
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeadlinesScreen)
        rows = table_rows(app, "#deadlines")
        screen.query_one(DataTable).move_cursor(row=[r[0] for r in rows].index("2026-004"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        assert app.screen.request_id == ids["later"]
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert inbox.filter == "all" and inbox.current_request_id() == ids["later"]


async def test_month_view_marks_deadlines_and_holidays(app, now) -> None:
    seed_every_group(now)
    async with app.run_test(size=(180, 60)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, DeadlineMonthScreen)
        text = screen_text(app)
        assert "November 2026" in text
        assert "Fri 20 Nov 2026  2026-001 deadline · access · Bjørn Håland · Overdue" in text
        assert "Mon 30 Nov 2026  2026-003 extension notice by" in text
        assert "juledag" not in text
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "December 2026" in text
        assert "Mon 21 Dec 2026  2026-004 deadline" in text
        assert "Fri 25 Dec 2026  1. juledag (public holiday: not a working day)" in text
        assert "Sat 26 Dec 2026  2. juledag" in text  # bokmål names, as a calendar writes them
        assert "Thu 24 Dec 2026  Julaften" not in text  # a working day in law
        grid_lines = [line for line in text.splitlines() if "2026-004" in line and "│" in line]
        assert grid_lines, "the grid marks the day with its reference"
        await pilot.press("left", "left")
        await pilot.pause()
        assert "October 2026" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert "November 2026" in screen_text(app)
        await pilot.press("right", "right", "right", "right", "right")  # April 2027: Easter
        await pilot.pause()
        text = screen_text(app)
        assert "Thu 1 Apr 2027  Skjærtorsdag" not in text  # Easter 2027 is in March
        await pilot.press("left")
        await pilot.pause()
        text = screen_text(app)
        assert "Thu 25 Mar 2027  Skjærtorsdag" in text
        assert "Mon 29 Mar 2027  2. påskedag" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeadlinesScreen)


async def test_export_key_writes_the_calendar_and_remembers_the_file(app, now, tmp_path) -> None:
    seed_every_group(now)
    target = tmp_path / "frister.ics"
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CalendarExportDialog)
        box = app.screen.query_one("#path", Input)
        assert box.value == str(Path.home() / "ekko-deadlines.ics")
        box.value = str(tmp_path / "nowhere" / "x.ics")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CalendarExportDialog)  # stays open with the reason
        assert "does not exist: create it first" in screen_text(app)
        box.value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DeadlinesScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Open: 6 deadlines; notices for the 4 not extended whose first deadline is to come;
        # cancelled: the closed request's two events, the overdue and the extended notices.
        assert [n.message for n in app._notifications][-1] == (
            f"Wrote 6 deadline(s), 4 extension decision(s) and 4 cancelled event(s) to {target}"
        )
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == str(target)
        await pilot.press("escape")
        await pilot.pause()
    cal = Calendar.from_ical(target.read_bytes())
    uids = {str(ev["uid"]) for ev in cal.walk("VEVENT")}
    assert "deadline-2026-004@ekko.ipogs.no" in uids
    assert "deadline-2026-007@ekko.ipogs.no" in uids  # the closed one, cancelled
    assert Setting.get(Setting.key == "calendar.export_path").value == str(target)
    assert Event.select().where(Event.kind == "calendar_export").count() == 1


async def test_start_up_reminder_summarises_the_week(app, now) -> None:
    seed_every_group(now)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications if n.title == "Deadlines this week"]
        assert messages == [
            "1 overdue (2026-001); 1 due today (2026-002); "
            "1 due within 5 working days (2026-003); "
            "2 extension decision(s) due (2026-002, 2026-003); "
            "1 waiting over 14 days (2026-005). Press 3 for the deadlines."
        ]


async def test_no_reminder_and_an_empty_agenda_when_nothing_is_due(app) -> None:
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        assert [n for n in app._notifications if n.title == "Deadlines this week"] == []
        await pilot.press("3")
        await pilot.pause()
        assert "Nothing overdue and nothing due this week." in screen_text(app)
        assert headings(table_rows(app, "#deadlines")) == [
            "Overdue (0)",
            "Due today (0)",
            "Due within 5 working days (0)",
            "Later (0)",
            "Waiting for the subject (0)",
            "Extension decision due (0)",
            "Processor reviews and agreements due (10)",
            "Privacy notice to update (1)",  # none was ever published from ekko
        ]
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Open in inbox", "Month", "Export .ics", "Reload", "Deadlines"} <= titles
        # The cursor rests on the first item, a processor: enter opens the registers.
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "registers"


async def test_extension_form_reached_from_the_agenda_explains_the_new_date(app, now) -> None:
    seed_every_group(now)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        rows = [label(r) for r in table_rows(app, "#deadlines")]
        # The last row under "Extension decision due" is 2026-003.
        notice_row = rows.index("Processor reviews and agreements due (10)") - 1
        assert rows[notice_row] == "2026-003"
        app.screen.query_one(DataTable).move_cursor(row=notice_row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        await pilot.press("x")
        await pilot.pause()
        words = " ".join(screen_text(app).split())  # the intro wraps at the console width
        assert "Why that date: 30 Oct → 30 Nov; +2 months → 30 Jan; 30 Jan Sat → 1 Feb." in words
