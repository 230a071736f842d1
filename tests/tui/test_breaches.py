"""Pilot: the breach register on key 5, its forms, detail, Altinn sheet and Art. 34 letter."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Input, Select, TextArea

from ekko_tui.store import breaches as store
from ekko_tui.store.breach_models import Breach, BreachLetter
from ekko_tui.store.subject_models import Subject
from ekko_tui.store.times import to_db
from ekko_tui.ui.breach_forms import BreachForm
from ekko_tui.ui.screens.breach_detail import BreachDetailScreen
from ekko_tui.ui.screens.breach_papers import AltinnSheetScreen, BreachLetterScreen
from ekko_tui.ui.screens.breaches import BreachesScreen

from .conftest import screen_text, table_rows


def add(now, aware: str, summary: str = "Laptop lost") -> str:
    new, _ = store.new_breach(aware=aware, summary=summary, now=now)
    return store.create_breach(new, now=now, actor="t")


async def open_register(app, pilot) -> None:
    await pilot.pause()
    await pilot.press("5")
    await pilot.pause()
    assert isinstance(app.screen, BreachesScreen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_list_by_notify_by_with_hours_red_under_24(app, now, size) -> None:
    add(now, "2026-11-25 09:00", "A <b>bold</b> [red]x[/] mistake")
    add(now, "2026-11-22 20:00", "Kajabi notice")
    async with app.run_test(size=size) as pilot:
        await open_register(app, pilot)
        rows = table_rows(app, "#breaches")
        assert [r[0] for r in rows] == ["B-2026-02", "B-2026-01"]
        assert rows[0][1:4] == ["2026-11-25 20:00", "10 h", "to assess"]
        assert rows[1][2] == "71 h"
        assert rows[1][5] == "A <b>bold</b> [red]x[/] mistake"  # user text is not markup
        table = app.screen.query_one("#breaches")
        first = table.get_row_at(0)[2]
        assert "red" in str(first.style)
        assert "under 24 h" in screen_text(app)


async def test_new_breach_form_and_bad_input(app, now) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_register(app, pilot)
        assert "No breaches recorded" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, BreachForm)
        aware = form.query_one("#aware", Input)
        assert aware.value == "2026-11-25 10:00"  # now, Oslo
        form.query_one("#summary", TextArea).text = "Sent the course list to the wrong person"
        for bad, words in (
            ("2026-11-26 10:00", "future"),
            ("2026-03-29 02:15", "does not exist"),
        ):
            aware.value = bad
            form.action_submit()
            await pilot.pause()
            assert words in form.query_one("#error").content.plain
            assert Breach.select().count() == 0
        # the autumn repeated hour: asked once, the second save keeps the first (CEST)
        aware.value = "2026-10-25 02:40"
        form.action_submit()
        await pilot.pause()
        assert "happened twice" in form.query_one("#error").content.plain
        assert Breach.select().count() == 0
        form.action_submit()
        await pilot.pause()
        assert isinstance(app.screen, BreachesScreen)
        b = Breach.get()
        assert b.aware_at == to_db(now.replace(year=2026, month=10, day=25, hour=0, minute=40))


async def test_detail_steps_and_timeline(app, now) -> None:
    ref = add(now, "2026-11-24 10:00")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_register(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BreachDetailScreen)
        text = screen_text(app)
        assert "Notify by Fri 27 Nov 2026 10:00 CET" in text and "48 h 00 min left" in text
        # assess
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#risk", Select).value = "high"
        form.query_one("#risk_reason", TextArea).text = "Names and purchases"
        form.action_submit()
        await pilot.pause()
        # notified before awareness: refused, nothing stored
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        form.query_one("#at", Input).value = "2026-11-24 09:00"
        form.query_one("#reference", Input).value = "AR-1"
        form.action_submit()
        await pilot.pause()
        assert "before EKKO became aware" in form.query_one("#error").content.plain
        form.query_one("#at", Input).value = "2026-11-25 09:30"
        form.action_submit()
        await pilot.pause()
        assert isinstance(app.screen, BreachDetailScreen)
        text = screen_text(app)
        assert "notified 2026-11-25 09:30" in text and "Altinn AR-1" in text
        assert "risk assessed: high" in text and "notified Datatilsynet" in text
        # closing is refused while the record lacks answers
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#lessons", TextArea).text = "Encrypt"
        app.screen.action_submit()
        await pilot.pause()
        assert "cannot close yet" in app.screen.query_one("#error").content.plain
        await pilot.press("escape")
        await pilot.pause()
        d = store.breach_detail(ref)
        assert (d.row.status, d.fields["risk"], d.closed_at) == ("notified", "high", None)


async def test_altinn_sheet_screen(app, now, tmp_path: Path, monkeypatch) -> None:
    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    add(now, "2026-11-24 10:00", "Tapt bærbar PC")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_register(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, AltinnSheetScreen)
        text = app.screen.query_one("#sheet-text", TextArea).text
        assert "1. Årsaken til bruddet" in text and "Tapt bærbar PC" in text
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = list((tmp_path / "letters").glob("B-2026-01-altinn-sheet-*.pdf"))
        assert len(saved) == 1 and saved[0].read_bytes().startswith(b"%PDF")


async def test_letter_needs_links_then_archives_and_marks_sent(
    app, now, tmp_path: Path, monkeypatch
) -> None:
    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    ref = add(now, "2026-11-24 10:00", "Feil vedlegg")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_register(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, BreachLetterScreen)
        assert "Link the people affected first" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        sid = Subject.create(name="Åse Ødegård", created_at=to_db(now), updated_at=to_db(now)).id
        store.link_subject(ref, sid, now=now, actor="t")
        await pilot.press("l")
        await pilot.pause()
        assert "Record the likely consequences" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        store.update_details(
            ref,
            {"consequences": "Uønsket e-post.", "measures_taken": "Mottakeren har slettet den."},
            now=now,
            actor="t",
        )
        await pilot.press("l")
        await pilot.pause()
        preview = app.screen.query_one("#preview", TextArea).text
        assert preview.startswith("Åse Ødegård") and "Uønsket e-post." in preview
        app.screen.query_one("#address", TextArea).text = "Storgata 1\n1530 Moss"
        await pilot.pause()
        assert "Storgata 1" in app.screen.query_one("#preview", TextArea).text
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        letter = BreachLetter.get()
        # archived inside the database, no file written (issue 12: files only where asked)
        assert (letter.subject_id, bytes(letter.pdf)[:4], letter.path) == (sid, b"%PDF", "")
        assert hashlib.sha256(bytes(letter.pdf)).hexdigest() == letter.sha256
        assert not (tmp_path / "letters").exists() or not any((tmp_path / "letters").iterdir())
        await pilot.press("ctrl+l")
        await pilot.pause()
        app.screen.action_submit()
        await pilot.pause()
        assert BreachLetter.get().sent_how == "letter"
    timeline = [t.detail for t in store.breach_detail(ref).timeline]
    assert any("Art. 34 letter #1 to subject" in t for t in timeline)
    assert any("sent by letter" in t for t in timeline)


async def test_key_5_in_palette_and_start_up_reminder(app, now) -> None:
    add(now, "2026-11-22 20:00")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("1 breach notice(s) due (B-2026-01: 10 h left)" in m for m in notes)
        assert any("5 for the breaches" in m for m in notes)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Breaches" in commands
        await pilot.press("5")
        await pilot.pause()
        commands = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("New", "Open", "Letter", "Altinn sheet"):
            assert title in commands


async def test_edit_picks_activities_and_data_from_the_art30_record(app, now) -> None:
    from textual.widgets import SelectionList

    ref = add(now, "2026-11-24 10:00")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_register(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        acts = form.query_one("#activities", SelectionList)
        options = [acts.get_option_at_index(i).prompt.plain for i in range(acts.option_count)]
        assert "Bokføring" in options and "Kundekommunikasjon" in options
        acts.select("Bokføring")
        data = form.query_one("#data_categories", SelectionList)
        first = data.get_option_at_index(0).value
        data.select(first)
        form.query_one("#cause", TextArea).text = "Feil vedlegg"
        form.query_one("#people_count", Input).value = "forty"
        form.action_submit()
        await pilot.pause()
        assert "whole number" in form.query_one("#error").content.plain
        form.query_one("#people_count", Input).value = "~40"
        form.action_submit()
        await pilot.pause()
        assert isinstance(app.screen, BreachDetailScreen)
    d = store.breach_detail(ref)
    assert d.fields["activities"] == "Bokføring"
    assert d.fields["data_categories"] == first
    assert (d.fields["cause"], d.people_count) == ("Feil vedlegg", 40)


async def test_letter_switches_to_english_and_back(app, now) -> None:
    ref = add(now, "2026-11-24 10:00", "Feil vedlegg")
    sid = Subject.create(name="Kari Nordmann", created_at=to_db(now), updated_at=to_db(now)).id
    store.link_subject(ref, sid, now=now, actor="t")
    store.update_details(
        ref,
        {"consequences": "Uønsket e-post.", "measures_taken": "Mottakeren har slettet den."},
        now=now,
        actor="t",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await open_register(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BreachLetterScreen) and screen.lang == "nb"
        assert "Language: bokmål (ctrl+g: English)" in screen_text(app)
        assert "Vi skriver til deg" in screen.query_one("#preview", TextArea).text
        binding = screen.active_bindings["ctrl+g"].binding
        assert (binding.description, binding.show) == ("Language", True)  # in the footer
        assert "Language" in [c.title for c in app.get_system_commands(screen)]  # the palette
        screen.query_one("#address", TextArea).focus()  # the key works while typing an address
        await pilot.press("ctrl+g")
        await pilot.pause()
        preview = screen.query_one("#preview", TextArea).text
        assert screen.lang == "en" and "Language: English (ctrl+g: bokmål)" in screen_text(app)
        assert "We became aware of it on 24 November 2026 at 10:00 (Norwegian time)." in preview
        assert "Uønsket e-post." in preview  # the record's own words, as recorded
        assert "Vi skriver til deg" not in preview and "Med vennlig hilsen" not in preview
        assert screen.query_one("#address", TextArea).text == ""
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        pdf = PdfReader(io.BytesIO(bytes(BreachLetter.get().pdf)))
        archived = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert "Our reference" in archived and "Yours sincerely" in archived
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert screen.lang == "nb"
        assert "Vi skriver til deg" in screen.query_one("#preview", TextArea).text
    timeline = [t.detail for t in store.breach_detail(ref).timeline]
    assert any(t.endswith(f"#1 to subject #{sid} archived (in English)") for t in timeline)


async def test_calendar_export_from_the_app_holds_the_breach_clock(app, now, tmp_path) -> None:
    """`e` on the deadlines screen writes the same .ics as `ekko calendar`: the breach's
    notify-by event with its alarms is in it, not only the requests."""
    from icalendar import Calendar

    from ekko_tui.exports.calendar_ics import breach_uid

    ref = add(now, "2026-11-24 10:00")
    target = tmp_path / "frister.ics"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Wrote 1 breach notice(s)" in [n.message for n in app._notifications][-1]
    events = {str(e["UID"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    event = events[breach_uid(ref)]
    assert len(event.walk("VALARM")) == 2  # 24 h and 4 h before notify-by
