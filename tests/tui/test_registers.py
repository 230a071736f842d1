"""Pilot tests of the registers mode: what the user sees, and what is stored."""

from __future__ import annotations

import shutil
from datetime import date

from textual.widgets import DataTable, Input, Select, Static, TabbedContent

from ekko_tui import paths
from ekko_tui.store import register_writes as writes
from ekko_tui.store import registers as store
from ekko_tui.store.models import Event
from ekko_tui.ui.dialogs import ConfirmDialog, FormDialog
from ekko_tui.ui.register_forms import EmailDialog, OffersDialog, ProcessorForm
from ekko_tui.ui.screens.registers import RegistersScreen

from .conftest import screen_text, table_rows

SIZE = (180, 50)


async def open_registers(pilot, app, *, skip_email: bool = True):
    if skip_email:
        writes.mark_email_asked()
    await pilot.press("4")
    await pilot.pause()
    return app.screen


STRIPE = "Stripe Payments Europe, Limited"  # the shipped entry names the legal entity


def row_of(app, name: str, selector: str = "#processor-table") -> list[str]:
    return next(r for r in table_rows(app, selector) if r[0] == name)


async def highlight(pilot, app, name: str, selector: str = "#processor-table") -> None:
    table = app.screen.query_one(selector, DataTable)
    names = [r[0] for r in table_rows(app, selector)]
    table.move_cursor(row=names.index(name))
    await pilot.pause()


async def test_first_visit_asks_for_the_contact_email_once(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_registers(pilot, app, skip_email=False)
        assert isinstance(app.screen, EmailDialog)
        app.screen.query_one("#email", Input).value = "post@@ipogs.no"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EmailDialog)  # refused, stays open
        assert "not an e-mail address" in str(app.screen.query_one("#error", Static).content)
        app.screen.query_one("#email", Input).value = "post@ipogs.no"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RegistersScreen)
        assert "contact e-mail missing" not in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, RegistersScreen)  # not asked again
    assert store.controller_profile().email == "post@ipogs.no"


async def test_tables_show_the_shipped_registers_with_warnings(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_registers(pilot, app)
        text = screen_text(app)
        assert "Registers · 10 processors/recipients · 8 activities · 9 cookies" in text
        assert "⚠ 7 no signed DPA · 4 third-country transfer without safeguard" in text
        assert "contact e-mail missing: press c" in text
        zoom = row_of(app, "Zoom Video Communications, Inc.")
        assert zoom[1] == "⚠ 3"  # a count; the pane under the table says which
        assert zoom[2:4] == ["Processor", "US"]
        assert zoom[5:7] == ["unknown — check", "unknown — check"]
        await highlight(pilot, app, "Zoom Video Communications, Inc.")
        assert "⚠ DPA status unknown — check" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "activities"
        comms = row_of(app, "Kundekommunikasjon", "#activity-table")
        assert comms[1] == "⚠ 1"
        books = row_of(app, "Bokføring", "#activity-table")
        assert books[2] == "(c)"
        assert books[4] == (
            "Fiken AS, Stripe Payments Europe, Limited, Regnskap og revisjon (kategori), "
            "Skatteetaten"
        )
        await pilot.press("k")
        await pilot.pause()
        cookies = {r[0]: r for r in table_rows(app, "#cookie-table")}
        assert cookies["Google Analytics: _ga"][3] == "required"
        assert cookies["Ipogs.no (innlogging)"][3] == "not needed"


async def test_edit_a_processor_and_the_warning_disappears(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_registers(pilot, app)
        assert row_of(app, "Kajabi LLC")[1].startswith("⚠")
        await highlight(pilot, app, "Kajabi LLC")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProcessorForm)
        form.query_one("#dpa_status", Select).value = "signed"
        form.query_one("#dpa_date", Input).value = "2021-09-27"
        form.query_one("#next_review", Input).value = "2027-09-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RegistersScreen)
        kajabi = row_of(app, "Kajabi LLC")
        assert kajabi[5] == "signed 2021-09-27"
        assert kajabi[7] == "2027-09-01"
        assert kajabi[1] == "ok"
        assert "⚠ 6 no signed DPA" in screen_text(app)
        history = screen_text(app).split("History:")[1]
        assert (
            "2026-11-25 10:00  lars: Processor kajabi changed: dpa_status unknown → signed"
            in history
        )
        assert "Shipped processor" not in history
    event = Event.select().where(Event.kind == "register").order_by(Event.id.desc()).get()
    assert event.detail == (
        "Processor kajabi changed: dpa_status unknown → signed, "
        "dpa_date — → 2021-09-27, next_review — → 2027-09-01"
    )
    assert event.request is None and event.actor == "lars"


async def _submit_error(pilot, app, **values: str) -> str:
    form = app.screen
    assert isinstance(form, ProcessorForm)
    for field, value in values.items():
        widget = form.query_one(f"#{field}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            form.query_one(f"#{field}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is form  # stays open
    return str(form.query_one("#error", Static).content)


async def test_invalid_input_is_refused_with_a_message(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_registers(pilot, app)
        await highlight(pilot, app, "Fiken AS")
        await pilot.press("e")
        await pilot.pause()
        message = await _submit_error(pilot, app, org_nr="917884758")
        assert "not a valid Norwegian organisation number" in message
        assert app.screen.focused is app.screen.query_one("#org_nr", Input)
        message = await _submit_error(pilot, app, org_nr="", next_review="01/09/2027")
        assert "Next review: '01/09/2027' is not a date" in message
        message = await _submit_error(pilot, app, next_review="", name="")
        assert "Name is required" in message
        await pilot.press("escape")  # the form was changed: ekko asks before throwing it away
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ProcessorForm)  # n: back to the form, nothing lost
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, RegistersScreen)
        assert row_of(app, "Fiken AS")[0] == "Fiken AS"
    fiken = next(p for p in store.processors(date(2026, 11, 25)) if p.key == "fiken")
    assert (fiken.org_nr, fiken.next_review) == ("", None)


async def test_new_shipped_entry_is_offered_in_the_screen(app, tmp_path, monkeypatch) -> None:
    release2 = tmp_path / "release2"
    shutil.copytree(paths.data_dir(), release2)
    with (release2 / "cookies.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[cookie]]\nkey = "zoom_web"\nname = "Zoom web client"\nprovider = "zoom"\n'
            'purpose = "Joining a session"\ncategory = "necessary"\nconsent_required = false\n'
        )
    monkeypatch.setattr(paths, "data_dir", lambda: release2)
    async with app.run_test(size=SIZE) as pilot:
        await open_registers(pilot, app)
        assert "1 shipped updates: press u" in screen_text(app)
        assert "Zoom web client" not in [r[0] for r in table_rows(app, "#cookie-table")]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, OffersDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "shipped updates" not in screen_text(app)
        assert "Zoom web client" in [r[0] for r in table_rows(app, "#cookie-table")]


async def test_export_ropa_from_the_screen(app, tmp_path) -> None:
    target = tmp_path / "ropa.pdf"
    async with app.run_test(size=SIZE) as pilot:
        await open_registers(pilot, app)
        await pilot.press("w")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#path", Input).value = str(tmp_path / "ropa.docx")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must end in .pdf or .csv" in str(form.query_one("#error", Static).content)
        form.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert target.read_bytes().startswith(b"%PDF")


async def test_new_activity_reviewed_and_delete(app) -> None:
    from textual.widgets import SelectionList

    async with app.run_test(size=SIZE) as pilot:
        await open_registers(pilot, app)
        await highlight(pilot, app, STRIPE)
        await pilot.press("r")
        await pilot.pause()
        assert row_of(app, STRIPE)[7] == "2027-11-25"
        assert row_of(app, STRIPE)[6] == "EU–US DPF (never checked)"
        await pilot.press("v")
        await pilot.pause()
        assert row_of(app, STRIPE)[6] == "EU–US DPF (checked 2026-11-25)"
        pane = screen_text(app).split("History:")[0].splitlines()
        # Stripe's own DPF warning is gone (the summary line counts Meta's, still unchecked).
        assert not [line for line in pane if line.startswith("⚠") and "DPF list" in line]
        await highlight(pilot, app, "Kajabi LLC")
        await pilot.press("v")  # SCC, not DPF: refused with a message
        await pilot.pause()
        assert row_of(app, "Kajabi LLC")[6] == "SCC 2021/914"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        for field, value in {
            "name": "Course certificates",
            "key": "certificates",
            "purpose": "Issue certificates for completed courses",
            "data_categories": "Name, course, date",
            "subject_categories": "Customers",
        }.items():
            form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Lawful basis is required" in str(form.query_one("#error", Static).content)
        form.query_one("#lawful_basis", SelectionList).select("b")
        form.query_one("#recipients", SelectionList).select("kajabi")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = row_of(app, "Course certificates", "#activity-table")
        assert row[2:5] == ["(b)", "Customers", "Kajabi LLC"]
        await highlight(pilot, app, "Course certificates", "#activity-table")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Course certificates" not in [r[0] for r in table_rows(app, "#activity-table")]
    details = [e.detail for e in Event.select().where(Event.kind == "register")]
    assert "Processor stripe reviewed on 2026-11-25; next review 2027-11-25" in details
    assert details[-2:] == ["Activity added: certificates", "Activity deleted: certificates"]
