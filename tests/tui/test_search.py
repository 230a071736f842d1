"""Pilot tests of the search screen and subject card: type, see results change, open, link."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Select, TextArea

from ekko_tui.domain.imports import parse_export
from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import requests as reqstore
from ekko_tui.store import subject_imports
from ekko_tui.store.models import Request
from ekko_tui.store.subject_models import Identifier, Subject
from ekko_tui.ui.dialogs import ConfirmDialog, FormDialog
from ekko_tui.ui.screens.detail import RequestDetailScreen
from ekko_tui.ui.screens.search import SearchScreen, SubjectPickerScreen
from ekko_tui.ui.screens.subject_card import SubjectCardScreen
from ekko_tui.ui.subject_dialogs import ImportReportScreen

from .conftest import screen_text, table_rows

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"


def seed(now: datetime, *names: tuple[str, str]) -> None:
    for kind, file in names:
        data = (EXPORTS / file).read_bytes()
        subject_imports.import_export(
            parse_export(kind, data),
            kind=kind,
            file_name=file,
            sha256=hashlib.sha256(data).hexdigest(),
            now=now,
            actor="lars",
        )


def new_request(now: datetime, name: str, contact: str) -> int:
    new = validate_new_request(
        received="2026-11-24 14:05",
        channel="email",
        types="access",
        requester_name=name,
        requester_contact=contact,
        message="Hva har dere lagret om meg?",
        now=now,
    )
    return reqstore.create_request(new, now=now, actor="lars").id


async def until(pilot, check: Callable[[], bool], what: str) -> None:
    """Let the app's workers (search, import: threads) finish and their messages land, then
    check. A worker's message may start another (an import finishing re-runs the search): a few
    rounds, each waiting for the workers, not for the clock."""
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if check():
            return
    raise AssertionError(f"never reached {what}:\n{screen_text(pilot.app)}")


def names(app) -> list[str]:
    return [row[1] for row in table_rows(app, "#subjects")]


async def test_type_see_results_change_open_card_link_request(app, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"), ("stripe", "stripe_unified_customers.csv"))
    rid = new_request(now, "B. H.", "bh@annen.example.no")  # no match: not linked
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.inbox_request_id == rid  # the inbox highlights its only request
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert "Type a name, e-mail, phone" in screen_text(app)
        assert "Subjects · 8 in the register · last import: stripe_unified" in screen_text(app)
        await pilot.press("b", "j")
        await until(pilot, lambda: len(names(app)) == 2, "two results for 'bj'")
        assert set(names(app)) == {"Bjørn Tore Håland", "Åse Bjørnstad"}
        app.screen.query_one("#query", Input).value = "Bjorn Haland"
        await until(pilot, lambda: names(app) == ["Bjørn Tore Håland"], "Bjørn alone")
        row = table_rows(app, "#subjects")[0]
        assert row[2:5] == ["bjorn.haland@example.no", "+47 912 34 567", "Kajabi, Stripe"]
        assert "1 found for 'Bjorn Haland'" in screen_text(app)
        app.screen.query_one("#query", Input).value = "zzqx"
        await until(pilot, lambda: names(app) == [], "no results")
        assert "No subject matches 'zzqx'" in screen_text(app)
        app.screen.query_one("#query", Input).value = "orjan"
        await until(pilot, lambda: names(app) == ["Ørjan Ødegård"], "Ørjan")

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SubjectCardScreen)
        text = screen_text(app)
        assert "Ørjan Ødegård" in text and "Where their data is" in text
        assert "orjan@example.no" in text and "+47 933 22 110" in text
        assert "Requests: none linked" in text

        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Link 2026-001 (B. H.) to Ørjan Ødegård?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        orjan = Identifier.get(Identifier.value == "orjan@example.no").subject_id
        assert Request.get_by_id(rid).subject_id == orjan
        assert "2026-001" in screen_text(app)  # now in the card's request list

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await until(
            pilot, lambda: table_rows(app, "#subjects")[0][5] == "1", "request count in results"
        )


async def test_stale_results_are_dropped(app, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_one("#query", Input).value = "sigrid"
        await until(pilot, lambda: names(app) == ["Sigrid Hætta"], "Sigrid")
        from ekko_tui.store.subject_queries import search_subjects

        old = search_subjects("åse")
        screen.post_message(SearchScreen.Results(screen._seq - 1, old))
        await pilot.pause(0.1)
        assert names(app) == ["Sigrid Hætta"]
        screen.post_message(SearchScreen.Results(screen._seq, old))
        await pilot.pause(0.1)
        assert names(app) == ["Åse Bjørnstad"]


async def test_find_subject_from_request_detail_and_unlink(app, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"), ("newsletter", "newsletter_mailchimp.tsv"))
    rid = new_request(now, "Bjørn Tore Håland", "bjorn@jobb.example.no")  # name only: offered
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        text = screen_text(app)
        assert "not linked · 2 possible (same name)" in text
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SubjectPickerScreen)
        assert app.screen.query_one("#query", Input).value == "Bjørn Tore Håland"
        await until(pilot, lambda: len(names(app)) == 2, "both Bjørns")
        await pilot.press("down", "down")
        chosen = app.screen.hits[1].id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        assert Request.get_by_id(rid).subject_id == chosen
        assert "u unlinks" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert Request.get_by_id(rid).subject_id is None
        assert "Unlinked from subject" in screen_text(app)


async def test_intake_link_is_shown_in_detail(app, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"))
    new_request(now, "Åse", "ase.bjornstad@example.no")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Åse Bjørnstad  (EKKO inbox/files, Kajabi)  linked automatically at intake" in text
        assert "Linked to subject #2 at intake" in text


async def _import(pilot, app, kind: str, file: str) -> None:
    await pilot.press("ctrl+o")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, FormDialog)
    dialog.query_one("#kind", Select).value = kind
    dialog.query_one("#path", Input).value = str(EXPORTS / file)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_import_from_the_tui_with_report(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#query", Input).value = "odegard"
        await until(pilot, lambda: "nothing found" in screen_text(app), "empty result")
        await _import(pilot, app, "fiken", "fiken_kunder.csv")
        await until(pilot, lambda: isinstance(app.screen, ImportReportScreen), "the report")
        text = screen_text(app)
        assert "4 added, 0 updated, 0 unchanged, 3 skipped" in text
        assert "cp1252, semicolon-separated" in text
        assert "row 7: skipped: only a name" in text
        assert "row 5: phone left out" in text
        await pilot.press("escape")
        await until(pilot, lambda: names(app) == ["Ørjan Ødegård"], "the imported person")
        assert table_rows(app, "#subjects")[0][4] == "Fiken"


async def test_bad_file_in_the_tui_imports_nothing(app, tmp_path) -> None:
    bad = tmp_path / "kunder.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing.csv")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "There is no file" in screen_text(app)  # the dialog stays open
        app.screen.query_one("#path", Input).value = str(bad)
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: any("Excel workbook" in n.message for n in app._notifications),
            "the error",
        )
        assert Subject.select().count() == 0


async def test_csv_import_asks_for_the_mapping(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await _import(pilot, app, "csv", "kunder_generisk.csv")
        await until(pilot, lambda: "Which column is what?" in screen_text(app), "mapping")
        dialog = app.screen
        assert dialog.query_one("#map_email", Select).value == "E-post adresse"
        assert dialog.query_one("#map_phone", Select).value == "Mobil"
        dialog.query_one("#map_name", Select).value = "Kunde"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ImportReportScreen), "the report")
        assert "2 added" in screen_text(app)
        await pilot.press("escape")
        app.screen.query_one("#query", Input).value = "14.03.1985"
        await until(pilot, lambda: names(app) == ["Marit Ås"], "by birth date")


async def test_merge_and_edit_from_the_card(app, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"), ("newsletter", "newsletter_mailchimp.tsv"))
    keep = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#query", Input).value = "bjorn.haland"
        await until(pilot, lambda: len(names(app)) == 1, "Bjørn")
        await pilot.press("enter")
        await pilot.pause()
        assert "Possible duplicates" in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, SubjectPickerScreen)
        await until(pilot, lambda: len(names(app)) == 1, "the duplicate")
        assert keep not in [h.id for h in picker.hits]  # never offered as its own duplicate
        other = picker.hits[0].id
        picker.query_one(DataTable).move_cursor(row=[h.id for h in picker.hits].index(other))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert Subject.get_or_none(Subject.id == other) is None
        text = screen_text(app)
        assert "ny.adresse@example.no" in text and "Newsletter" in text
        assert "Possible duplicates" not in text

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#phone", TextArea).text = "912 34 567\n0047 98 00 00 01"
        form.query_one("#birth_date", TextArea).text = "31.02.1980"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a date that exists" in screen_text(app)
        assert form.focused is form.query_one("#birth_date", TextArea)  # the error's field
        form.query_one("#birth_date", TextArea).text = "14.03.1980"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SubjectCardScreen)
        text = screen_text(app)
        assert "+47 980 00 001" in text and "14.03.1980" in text


async def test_new_request_from_the_card_is_linked(app, now) -> None:
    seed(now, ("stripe", "stripe_unified_customers.csv"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#query", Input).value = "kare"
        await until(pilot, lambda: names(app) == ["Kåre Ås"], "Kåre")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#requester_contact", Input).value == "kare@example.no"
        form.query_one("#types").select("erasure")
        await pilot.press("ctrl+s")
        await pilot.pause()
        kare = Identifier.get(Identifier.value == "kare@example.no").subject_id
        assert [r.subject_id for r in Request.select()] == [kare]
        assert "2026-001" in screen_text(app)


async def test_palette_and_mode_keys(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert "Search" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("2")
        await pilot.pause()
        assert "Import" in [c.title for c in app.get_system_commands(app.screen)]
        # Digits are typed into the box; escape on an empty box leaves it, then 1 switches.
        await pilot.press("1")
        assert app.screen.query_one("#query", Input).value == "1"
        await pilot.press("escape", "escape", "1")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_erase_from_the_subject_card(app, now) -> None:
    from ekko_tui.store.models import RetainedRecord, Suppression

    seed(now, ("kajabi", "kajabi_contacts.csv"), ("fiken", "fiken_kunder.csv"))
    rid = new_request(now, "Bjørn Håland", "bjorn.haland@example.no")
    Request.update(types="erasure").where(Request.id == rid).execute()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#query", Input).value = "bjorn.haland@example.no"
        await until(pilot, lambda: names(app) == ["Bjørn Tore Håland"], "Bjørn")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SubjectCardScreen)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = screen_text(app)
        assert "Holdings in: fiken, kajabi" in text and "This answers 2026-001" in text
        assert "kept until 2031-12-31, restricted" in text
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SubjectCardScreen)
        assert "no longer exists (merged or erased)" in screen_text(app)
    assert not Identifier.select().where(Identifier.value == "bjorn.haland@example.no").exists()
    assert Request.get_by_id(rid).requester_name == ""
    assert RetainedRecord.select().count() == 1 and Suppression.select().count() == 2


async def test_detail_shows_art19_notices_and_records_them(app, now) -> None:
    from ekko_tui.store import erasure

    seed(now, ("kajabi", "kajabi_contacts.csv"))
    rid = new_request(now, "Bjørn Håland", "bjorn.haland@example.no")
    sid = Request.get_by_id(rid).subject_id
    erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=rid)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("f")  # all: the request is still open
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        assert "Kajabi LLC (not yet told)" in screen_text(app)
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Kajabi LLC (told 2026-11-25)" in screen_text(app)
    assert all(n.notified_on is not None for n in erasure.notices("2026-001"))


async def test_subject_card_lists_requests_and_their_letters(app, now, tmp_path, monkeypatch):
    from ekko_tui.services import letter_archive as archive
    from ekko_tui.store.register_seed import seed_registers

    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    seed_registers(now, "t")
    seed(now, ("kajabi", "kajabi_contacts.csv"))
    rid = new_request(now, "Bjørn Håland", "bjorn.haland@example.no")
    archive.generate(rid, "access", {}, now=now, actor="lars")
    sid = Request.get_by_id(rid).subject_id
    async with app.run_test(size=(180, 45)) as pilot:
        app.push_screen(SubjectCardScreen(sid))
        await pilot.pause()
        text = screen_text(app)
        assert "Requests and letters" in text
        assert "2026-001" in text and "Access (Art. 15) 2026-11-25 (not sent)" in text
