"""Pilot tests of the inbox and detail screens: what the user sees and what is stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Select, SelectionList, TextArea

from ekko_tui.store.models import Event, Pause, Request
from ekko_tui.ui.dialogs import FormDialog
from ekko_tui.ui.screens.detail import RequestDetailScreen

from .conftest import screen_text, table_rows


async def _new_request(pilot, app, *, received: str, name: str, contact: str, types=("access",)):
    await pilot.press("n")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, FormDialog)
    form.query_one("#received", Input).value = received
    form.query_one("#requester_name", Input).value = name
    form.query_one("#requester_contact", Input).value = contact
    form.query_one("#message", TextArea).text = "Hei, hva har dere lagret om meg?"
    selection = form.query_one("#types", SelectionList)
    for t in types:
        selection.select(t)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_create_triage_pause_resume_extend_close(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert "No open requests" in screen_text(app)

        await _new_request(
            pilot,
            app,
            received="2026-11-24 14:05",
            name="Ørjan <b>Ødegård</b>",
            contact="orjan@example.no",
        )
        rows = table_rows(app)
        assert len(rows) == 1
        ref, received, channel, types, requester, status, deadline, left = rows[0]
        assert (ref, received, channel, types) == (
            "2026-001",
            "2026-11-24 14:05",
            "E-mail",
            "access",
        )
        assert requester == "Ørjan <b>Ødegård</b>"  # literal, never markup
        assert (status, deadline, left) == ("New", "Thu 24 Dec 2026", "21 wd")

        # Set types: access + erasure.
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#types", SelectionList).select("erasure")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_rows(app)[0][3] == "access+erase"

        # Identity without a method is refused in the dialog, which stays open.
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#identity_status", Select).value = "not_needed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "Say how identity was checked" in screen_text(app)
        app.screen.query_one("#identity_method", Input).value = "e-mail matches Kajabi member"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)

        # Ask the subject: the clock stops.
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one("#kind", Select).value = "clarification"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_rows(app)[0][5:] == ["Waiting for subject", "Thu 24 Dec 2026", "paused"]

        # The answer arrives the same day: 0 days paused, clock runs again.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_rows(app)[0][5] == "In progress"

        # Extend: no reason → refused in the dialog; with a reason → new deadline.
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "concrete reasons" in screen_text(app)
        app.screen.query_one("#reason", TextArea).text = "Data i fem systemer; mange henvendelser."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_rows(app)[0][6] == "Wed 24 Feb 2027*"

        # A second extension is refused with a message, nothing opens.
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)

        # Detail screen shows fields and timeline.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        text = screen_text(app)
        assert "Wed 24 Feb 2027" in text
        assert "Ørjan <b>Ødegård</b>" in text
        assert "Extended" in text
        await pilot.press("escape")
        await pilot.pause()

        # Close as answered: it leaves the open list.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_rows(app) == []
        await pilot.press("f")  # all
        await pilot.pause()
        assert table_rows(app)[0][5] == "Answered"

    req = Request.get(Request.ref == "2026-001")
    assert req.status == "answered"
    assert req.types == "access,erasure"
    assert req.identity_method == "e-mail matches Kajabi member"
    assert req.extension_reason == "Data i fem systemer; mange henvendelser."
    assert [(p.asked_on, p.answered_on) for p in Pause.select()] == [
        (date(2026, 11, 25), date(2026, 11, 25))
    ]
    # The request's timeline (the app also logs register events with no request).
    kinds = [e.kind for e in Event.select().where(Event.request.is_null(False)).order_by(Event.id)]
    assert kinds == ["created", "types", "identity", "paused", "resumed", "extended", "closed"]
    assert {e.actor for e in Event.select()} == {"lars"}


async def test_bad_input_in_new_request_form_stores_nothing(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#received", Input).value = "2026-02-30 10:00"
        form.query_one("#requester_name", Input).value = "Åse"
        form.query_one("#types", SelectionList).select("access")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a date and time that exists" in screen_text(app)

        form.query_one("#received", Input).value = "2027-01-01 10:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "in the future" in screen_text(app)

        form.query_one("#received", Input).value = "2026-11-20 10:00"
        form.query_one("#requester_contact", Input).value = "ase@@example"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a valid e-mail address" in screen_text(app)

        form.query_one("#requester_contact", Input).value = ""
        form.query_one("#types", SelectionList).deselect("access")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least one request type" in screen_text(app)
        assert Request.select().count() == 0

        await pilot.press("escape")
        await pilot.pause()
        assert Request.select().count() == 0
        assert not isinstance(app.screen, FormDialog)


async def test_filter_find_and_sort(app, now) -> None:
    from ekko_tui.domain.requests import validate_new_request
    from ekko_tui.store import requests as store

    for received, name in (
        ("2026-10-01 09:00", "Bjørn Håland"),
        ("2026-11-20 09:00", "Åse Bjørnstad"),
        ("2026-11-02 09:00", "Kåre Ås"),
    ):
        new = validate_new_request(
            received=received,
            channel="sms",
            types="erasure",
            requester_name=name,
            requester_contact="",
            message="",
            now=now,
        )
        store.create_request(new, now=now, actor="t")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert [r[4] for r in table_rows(app)] == ["Bjørn Håland", "Kåre Ås", "Åse Bjørnstad"]
        assert table_rows(app)[0][7] == "17 wd late"
        await pilot.press("f")  # all
        await pilot.press("f")  # overdue
        await pilot.pause()
        assert [r[4] for r in table_rows(app)] == ["Bjørn Håland"]
        await pilot.press("f", "f")  # waiting, then back to open
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*"bjørn")
        await pilot.pause()
        assert [r[4] for r in table_rows(app)] == ["Bjørn Håland", "Åse Bjørnstad"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(table_rows(app)) == 3
        await pilot.press("s", "s", "s")  # received, ref, requester
        await pilot.pause()
        assert [r[4] for r in table_rows(app)] == ["Bjørn Håland", "Kåre Ås", "Åse Bjørnstad"]
        assert app.screen.query_one(DataTable).row_count == 3


async def test_palette_lists_the_request_actions(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New", "Type", "Identity", "Ask subject", "Extend", "Close", "Filter"} <= titles


async def test_notifications_show_user_text_literally(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        app.screen.notify("Ola [/b] Hansen [red]x[/red]")  # would be a MarkupError as markup
        await pilot.pause()
        last = list(app._notifications)[-1]
        assert last.message == "Ola [/b] Hansen [red]x[/red]" and last.markup is False


async def test_recovery_sheet_is_written_privately_not_beside_the_database(app) -> None:
    import stat

    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        app.action_recovery_sheet()
        await pilot.pause()
        message = list(app._notifications)[-1].message
    path = Path(message.split("written to ", 1)[1].split(". Print", 1)[0])
    try:
        assert path.exists() and path.parent != app.db_path.parent
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(b"%PDF")
    finally:
        path.unlink(missing_ok=True)
