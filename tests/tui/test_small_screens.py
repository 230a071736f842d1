"""Every screen and modal at 80×24, read from the rendered terminal cells (issue 16).

These tests look at what the user sees (`rendered`), not at widget state: key columns, form
errors at the top of the form with Save/Cancel still on screen, dialog questions first.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, SelectionList, TextArea

from ekko_tui.store import register_writes as writes
from ekko_tui.store import requests as store
from ekko_tui.ui.dialogs import ConfirmDialog, FormDialog
from ekko_tui.ui.screens.deadline_month import DeadlineMonthScreen
from ekko_tui.ui.screens.detail import RequestDetailScreen
from ekko_tui.ui.screens.letters import LetterScreen
from ekko_tui.ui.screens.search import SearchScreen
from ekko_tui.ui.screens.subject_card import SubjectCardScreen
from tests.conftest import add_request

from .conftest import rendered
from .test_search import names, seed, until

SMALL = (80, 24)


def lines(app) -> list[str]:
    return rendered(app).splitlines()


def words(app) -> str:
    """The rendered screen as one line of words: borders dropped, wrapped text joined up."""
    text = "".join(" " if "\u2500" <= ch <= "\u259f" else ch for ch in rendered(app))
    return " ".join(text.split())


def question_line(app) -> str:
    """The first line inside the dialog's border: where the question must be."""
    return lines(app)[app.screen.query_one("#dialog").region.y + 1]


async def keys(pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await pilot.pause()


async def test_inbox_shows_the_deadline_columns_and_whole_references(app, now) -> None:
    add_request(now, name="Åse Bjørnstad-Kristiansen von Ørneberg", contact="aase@example.no")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = lines(app)
        header = screen[1]
        for column in ("Ref", "Type", "Requester", "Status", "Deadline", "Left"):
            assert column in header, header
        row = screen[2]
        assert "2026-001" in row and "24.12.2026" in row and "21 wd" in row
        assert "Åse Bjørnstad…" in row  # long names end in an ellipsis, the deadline stays
        assert screen[-1].lstrip().startswith("? Help  q Quit")  # the footer leads with ? and q
        # Sideways scrolling never takes the reference away.
        await keys(pilot, "right", "right", "right", "right", "right", "right")
        assert "2026-001" in lines(app)[2]


async def test_inbox_summary_counts_only_what_find_shows(app, now) -> None:
    add_request(now, name="Kari", contact="kari@example.no")
    add_request(now, "2026-10-01 10:00", name="Ola", contact="ola@example.no")  # overdue
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "1 overdue" in lines(app)[0]
        await keys(pilot, "slash", "k", "a", "r", "i", "enter")
        summary = lines(app)[0]
        assert "1 shown" in summary and "0 overdue" in summary, summary


async def test_new_request_error_is_on_screen_with_save_and_cancel(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "n", "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        screen = lines(app)
        assert "Choose at least one request type." in screen[2]  # under the title, at the top
        assert any("Save (ctrl+s)" in line and "Cancel (esc)" in line for line in screen)
        assert "esc Cancel" in screen[-1] and "^s Save" in screen[-1]  # the modal's own keys
        assert app.screen.focused is app.screen.query_one("#types", SelectionList)


async def test_escape_on_a_changed_form_asks_first(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "n")
        form = app.screen
        await keys(pilot, "escape")  # unchanged: closes at once
        assert not isinstance(app.screen, FormDialog)
        await keys(pilot, "n")
        form = app.screen
        form.query_one("#requester_name", Input).value = "Kari"
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Throw away your changes?" in question_line(app)
        await keys(pilot, "n")
        assert app.screen is form and form.query_one("#requester_name", Input).value == "Kari"
        await keys(pilot, "escape", "y")
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))


async def test_detail_hints_name_the_keys_that_do_it(app, now) -> None:
    add_request(now, name="Kari Nordmann", contact="kari@example.no")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "enter")
        assert isinstance(app.screen, RequestDetailScreen)
        text = words(app)
        assert "2026-001" in text and "Deadline" in text
        assert "s searches the subject register" in text
        assert "l searches" not in text


async def test_deadlines_show_dates_and_processors_by_name(app, now) -> None:
    add_request(now, name="Kari", contact="kari@example.no")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "3")
        screen = lines(app)
        header = screen[1]
        for column in ("Ref", "Name", "Deadline", "Left", "Status"):
            assert column in header, header
        kari = next(line for line in screen if "2026-001" in line)
        assert "Kari" in kari and "24.12.2026" in kari and "21 wd" in kari
        # Processor chores: the name in the name column, the Ref column stays narrow.
        processors = next(n for n, line in enumerate(screen) if "Processors (10)" in line)
        chore = screen[processors + 1]
        assert chore[:11].strip() == "" and "Domeneshop AS" in chore
        # A heading explains itself in the line under the table.
        table = app.screen.query_one("#deadlines")
        table.move_cursor(row=0)
        await pilot.pause()
        assert "Overdue (0) the legal deadline has passed" in words(app)


async def test_month_view_footer_shows_left_and_right(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "3", "m")
        assert isinstance(app.screen, DeadlineMonthScreen)
        footer = lines(app)[-1]
        assert "← Previous month" in footer and "→ Next month" in footer
        before = words(app)
        await keys(pilot, "right")
        assert "December 2026" in words(app) and words(app) != before


async def test_erase_question_comes_first_and_is_never_clipped(app, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"), ("stripe", "stripe_unified_customers.csv"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "2")
        app.screen.query_one("#query", Input).value = "Bjorn Haland"
        await until(pilot, lambda: names(app) == ["Bjørn Tore Håland"], "Bjørn")
        await keys(pilot, "enter")
        assert isinstance(app.screen, SubjectCardScreen)
        await keys(pilot, "E")
        assert isinstance(app.screen, ConfirmDialog)
        screen = lines(app)
        assert "Erase Bjørn Tore Håland for good?" in question_line(app)
        assert any("Yes (y)" in line and "No (n)" in line for line in screen)
        assert "y Yes" in screen[-1] and "n No" in screen[-1]
        # The facts scroll under the question; the end of them is reachable.
        details = app.screen.query_one("#details")
        details.scroll_end(animate=False)
        await pilot.pause()
        assert "Write the confirmation letter first" in words(app)


async def test_erase_is_refused_before_asking_while_a_letter_is_unsent(app, now) -> None:
    from ekko_tui.store.letters import NewLetter, record_letter
    from ekko_tui.store.subjects import link_request

    seed(now, ("stripe", "stripe_unified_customers.csv"))
    rid = add_request(now, name="Kåre Ås", contact="kare@example.no", types="erasure")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "2")
        app.screen.query_one("#query", Input).value = "kare"
        await until(pilot, lambda: names(app) == ["Kåre Ås"], "Kåre")
        await keys(pilot, "enter")
        card = app.screen
        link_request(rid, card.subject_id, now=now, actor="t")
        record_letter(
            NewLetter(rid, "erasure", "", "", pages=1, size_bytes=0, free_texts={}),
            now=now,
            actor="t",
        )
        await keys(pilot, "E")
        assert app.screen is card  # no question that would be refused after "yes"
        assert any("not marked sent" in n.message for n in app._notifications)


async def test_two_always_lands_in_the_search_box(app, now) -> None:
    seed(now, ("stripe", "stripe_unified_customers.csv"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "2")
        app.screen.query_one("#query", Input).value = "kare"
        await until(pilot, lambda: names(app) == ["Kåre Ås"], "Kåre")
        await keys(pilot, "enter")
        assert isinstance(app.screen, SubjectCardScreen)
        await keys(pilot, "1", "2", "E", "v", "a")  # a name starting with E
        assert type(app.screen) is SearchScreen
        assert app.screen.query_one("#query", Input).value == "Eva"


async def test_search_and_card_fit(app, now) -> None:
    seed(now, ("stripe", "stripe_unified_customers.csv"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "2")
        assert "in the register" in lines(app)[0]
        app.screen.query_one("#query", Input).value = "kare"
        await until(pilot, lambda: names(app) == ["Kåre Ås"], "Kåre")
        assert any("Kåre Ås" in line and "kare@example.no" in line for line in lines(app))
        await keys(pilot, "enter")
        text = words(app)
        assert isinstance(app.screen, SubjectCardScreen)
        assert "Kåre Ås" in text and "kare@example.no" in text
        assert lines(app)[-1].lstrip().startswith("? Help  q Quit")


async def test_registers_fit_and_forms_wrap_their_labels(app) -> None:
    writes.mark_email_asked()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "4")
        screen = lines(app)
        assert any("Domeneshop AS" in line for line in screen)
        assert "Warnings" in words(app) or "⚠" in words(app)
        await keys(pilot, "e")
        text = words(app)
        # The long label is wrapped, not cut: its last words are on screen.
        assert "empty = made from the name" in text
        assert "Save (ctrl+s)" in text and "Cancel (esc)" in text


async def test_letter_screen_fits(app, now) -> None:
    add_request(now, name="Kari", contact="kari@example.no")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "l")
        assert "Access" in words(app)
        await keys(pilot, "enter")
        assert isinstance(app.screen, LetterScreen)
        text = words(app)
        assert "2026-001" in text
        assert "esc Back" in lines(app)[-1] or "^s Save PDF" in lines(app)[-1]


# --- every form: the error names a field that exists, focus moves there, and it is visible ---


def _waiting(now) -> int:
    rid = add_request(now, name="Kari", contact="kari@example.no")
    store.start_pause(rid, "identity", date(2026, 11, 24), "", now=now, actor="t")
    return rid


def _set(widget, value: str) -> None:
    if isinstance(widget, TextArea):
        widget.text = value
    elif isinstance(widget, SelectionList):
        widget.deselect_all()
    else:
        widget.value = value


FORMS = [
    # (what to seed, keys that open the form, field id → value, the field the error names)
    ("open", ["e"], {"received": "31.11.2026 10:00"}, "received"),
    ("open", ["e"], {"requester_contact": "kari@@example"}, "requester_contact"),
    ("open", ["t"], {"types": ""}, "types"),
    ("open", ["i"], {"identity_method": ""}, "identity_method"),
    ("open", ["p"], {"asked_on": "31.11.2026"}, "asked_on"),
    ("waiting", ["a"], {"answered_on": "1.12.2026"}, "answered_on"),
    ("waiting", ["a"], {"answered_on": "2026-11-20"}, "answered_on"),
    ("open", ["x"], {"reason": ""}, "reason"),
    ("open", ["x"], {"reason": "Many systems.", "decided_on": "2026-12-01"}, "decided_on"),
    ("open", ["c"], {"note": ""}, "note"),
    ("open", ["m"], {"note": ""}, "note"),
]


@pytest.mark.parametrize(("seeded", "opening", "values", "field"), FORMS)
async def test_every_request_form_focuses_the_field_its_error_names(
    app, now, seeded: str, opening: list[str], values: dict[str, str], field: str
) -> None:
    if seeded == "waiting":
        _waiting(now)
    else:
        add_request(now, name="Kari", contact="kari@example.no")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "enter", *opening)
        form = app.screen
        assert isinstance(form, FormDialog)
        if opening == ["i"]:
            form.query_one("#identity_status").value = "verified"
        if opening == ["c"]:
            form.query_one("#outcome").value = "refused"
        for widget_id, value in values.items():
            _set(form.query_one(f"#{widget_id}"), value)
        await keys(pilot, "ctrl+s")
        assert app.screen is form  # stays open
        error = str(form.query_one("#error").content)
        assert error and error.split(":")[0][:30] in words(app)  # visible on the 80×24 screen
        assert form.focused is form.query_one(f"#{field}"), (form.focused, field)


OTHER_FORMS = [
    # (keys that open the form, field id → value, the field the error names)
    (["4", "c"], {"postcode": "12"}, "postcode"),
    (["4", "w"], {"path": "record.txt"}, "path"),
    (["4", "a", "n"], {"name": ""}, "name"),
    (["4", "k", "n"], {"name": ""}, "name"),
    (["4", "p", "n"], {"name": "Acme", "dpa_date": "31.02.2026"}, "dpa_date"),
    (["3", "e"], {"path": "frister.txt"}, "path"),
    (["2", "ctrl+o"], {"path": "no-such-file.csv"}, "path"),
]


@pytest.mark.parametrize(("opening", "values", "field"), OTHER_FORMS)
async def test_other_forms_focus_the_field_their_error_names(
    app, opening: list[str], values: dict[str, str], field: str
) -> None:
    writes.mark_email_asked()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, *opening)
        form = app.screen
        assert isinstance(form, FormDialog), form
        for widget_id, value in values.items():
            _set(form.query_one(f"#{widget_id}"), value)
        await keys(pilot, "ctrl+s")
        assert app.screen is form
        error = str(form.query_one("#error").content)
        assert error and error[:25] in words(app)
        assert form.focused is form.query_one(f"#{field}"), (form.focused, field)


async def test_first_visit_email_form_focuses_the_address(app) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "4")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#email", Input).value = "post@@ipogs.no"
        await keys(pilot, "ctrl+s")
        assert "not an e-mail address" in words(app)
        assert form.focused is form.query_one("#email", Input)


async def test_reopened_request_no_longer_shows_the_old_outcome(app, now) -> None:
    rid = add_request(now, name="Kari", contact="kari@example.no")
    store.close(rid, "refused", "Manifestly unfounded: weekly.", now=now, actor="t")
    store.reopen(rid, now=now, actor="t")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "f")  # all: the request is open again, so "open" shows it anyway
        await keys(pilot, "enter")
        assert isinstance(app.screen, RequestDetailScreen)
        assert "Manifestly unfounded" not in words(app)  # shown while closed only


async def test_import_in_the_app_recounts_the_register(app) -> None:
    from textual.widgets import Select

    from ekko_tui.ui.subject_dialogs import ImportReportScreen

    from .test_search import EXPORTS

    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "2")
        assert "0 in the register" in lines(app)[0]
        await keys(pilot, "ctrl+o")
        dialog = app.screen
        dialog.query_one("#kind", Select).value = "fiken"
        dialog.query_one("#path", Input).value = str(EXPORTS / "fiken_kunder.csv")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportReportScreen), "the report")
        await keys(pilot, "escape")
        await until(pilot, lambda: "4 in the register" in lines(app)[0], "the new count")
        assert "last import: fiken_kunder.csv" in words(app)


async def test_a_full_page_of_results_says_it_is_the_first_page(app, now) -> None:
    import hashlib

    from ekko_tui.domain.imports import parse_export
    from ekko_tui.store import subject_imports

    data = ("Email,Name\n" + "".join(f"p{n}@eksempel.no,Person {n}\n" for n in range(70))).encode()
    subject_imports.import_export(
        parse_export("newsletter", data),
        kind="newsletter",
        file_name="list.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        now=now,
        actor="t",
    )
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await keys(pilot, "2")
        app.screen.query_one("#query", Input).value = "eksempel"
        await until(pilot, lambda: "eksempel" in lines(app)[0], "the summary")
        assert "first 50 of 70 for 'eksempel': type more to narrow" in lines(app)[0]
