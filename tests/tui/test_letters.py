"""Pilot tests of the letter screens: pick a kind, preview, edit, save, print, mark sent."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, OptionList, TextArea

from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import requests as store
from ekko_tui.store.letters import Letter, letter_files
from ekko_tui.store.models import Event, Pause, Request
from ekko_tui.ui.dialogs import FormDialog
from ekko_tui.ui.screens.letter_dialogs import SaveAsDialog
from ekko_tui.ui.screens.letters import LetterKindDialog, LetterScreen

from .conftest import screen_text, table_rows


def _request(now, types: str = "access", name: str = "Máret Ánne Ŋuvttoš-Ødegård") -> int:
    new = validate_new_request(
        received="2026-11-24 14:05",
        channel="email",
        types=types,
        requester_name=name,
        requester_contact="maret@example.no",
        message="Hva har dere lagret om meg?",
        now=now,
    )
    return store.create_request(new, now=now, actor="lars").id


def _fake_lp(folder: Path, script: str) -> None:
    folder.mkdir(exist_ok=True)
    for name in ("lp", "lpstat"):
        path = folder / name
        path.write_text("#!/bin/sh\n" + script)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)


async def _settle(pilot) -> None:
    """Let the letter's workers (write, print: threads) finish and the screen take their
    messages."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _wait_for_archive(pilot, app, count: int) -> None:
    await _settle(pilot)
    assert Letter.select().count() >= count, screen_text(app)
    assert "archived" in screen_text(app)


async def test_letter_from_inbox_preview_edit_save_print_send(
    app, now, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = _request(now)
    bin_dir = tmp_path / "bin"
    _fake_lp(
        bin_dir,
        'echo "$@" >> "$(dirname "$0")/args.log"\n'
        'case "$0" in *lpstat) echo "Office_Laser"; echo "system default destination: '
        'Office_Laser";; *) echo "request id is Office_Laser-7 (1 file(s))";; esac\n',
    )
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LetterKindDialog)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted).id == "access"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        text = screen_text(app)
        assert "Svar på begjæring om innsyn" in text
        assert "Máret Ánne Ŋuvttoš-Ødegård" in text
        assert "Datatilsynet" in text and "Postboks 458 Sentrum" in text

        # Markup typed into a paragraph is shown and kept literally.
        app.screen.query_one("#field-note", TextArea).text = "Se <b>vedlegg</b> & [bold]x[/]"
        app.screen.query_one("#field-address", TextArea).text = "Čáhcegeaidnu 12\n9730 Kárášjohka"
        await pilot.pause()
        text = screen_text(app)
        assert "Se <b>vedlegg</b> & [bold]x[/]" in text
        assert "9730 Kárášjohka" in text

        await pilot.press("ctrl+s")
        await _wait_for_archive(pilot, app, 1)
        letter = Letter.get()
        assert letter.path == ""  # archived in the database, no file written
        assert not (tmp_path / "letters").exists()
        stored = letter_files(letter.id)
        assert stored[0].data.startswith(b"%PDF") and stored[0].sha256 == letter.sha256
        assert letter.kind == "access" and len(letter.sha256) == 64
        assert table_rows(app, "#letters")[0][1] == "Access (Art. 15)"

        await pilot.press("ctrl+t")
        await _settle(pilot)
        assert Letter.get().printed_how == "default printer, job Office_Laser-7"
        args = (bin_dir / "args.log").read_text().split()
        printed = Path(args[args.index("--") + 1])
        assert printed.name.startswith("ekko-letter-") and not printed.exists()  # removed

        await pilot.press("ctrl+l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        box = dialog.query_one("#follow_up", Checkbox)
        assert box.value and str(box.label) == "Close the request as answered"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        assert Request.get_by_id(rid).status == "answered"
        assert Letter.get().sent_how == "email"  # it came by e-mail: answered the same way

        await pilot.press("escape")
        await pilot.pause()
    kinds = [e.kind for e in Event.select().where(Event.request == rid).order_by(Event.id)]
    assert kinds == ["created", "letter", "letter_printed", "letter_sent", "closed"]


async def test_identity_letter_sent_starts_the_pause(app, now, tmp_path, monkeypatch) -> None:
    rid = _request(now)
    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = 2  # identity
        await pilot.press("enter")
        await pilot.pause()
        assert "Vi trenger å bekrefte hvem du er" in screen_text(app)
        await pilot.press("ctrl+s")
        await _wait_for_archive(pilot, app, 1)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert str(app.screen.query_one("#follow_up", Checkbox).label).startswith("Start the pause")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert Request.get_by_id(rid).status == "waiting"
    assert Pause.get().asked_on.isoformat() == "2026-11-25"


async def test_missing_reasons_block_saving_and_print_without_lp(
    app, now, tmp_path, monkeypatch
) -> None:
    _request(now, types="erasure")
    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = 4  # refusal
        await pilot.press("enter")
        await pilot.pause()
        assert "Write the paragraph 'The reasons'" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Letter.select().count() == 0
        app.screen.query_one("#field-reasons", TextArea).text = "Kravet gjelder regnskapsbilag."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await _wait_for_archive(pilot, app, 1)
        await pilot.press("ctrl+t")
        await _settle(pilot)
        text = screen_text(app)
        assert "No `lp` command" in text
        assert Letter.get().printed_at is None and Letter.get().path == ""


async def test_choose_printer_then_print_uses_it(app, now, tmp_path, monkeypatch) -> None:
    from textual.widgets import Select

    from ekko_tui.store.letters import get_setting

    _request(now)
    bin_dir = tmp_path / "bin"
    _fake_lp(
        bin_dir,
        'echo "$@" >> "$(dirname "$0")/args.log"\n'
        'case "$0" in *lpstat) case "$1" in -e) printf "Kontor\\nHjemme\\n";; '
        '-d) echo "system default destination: Hjemme";; esac;; '
        '*) echo "request id is Kontor-9 (1 file(s))";; esac\n',
    )
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert Letter.select().count() == 0  # nothing saved yet: nothing to print
        await pilot.press("ctrl+r")
        await _settle(pilot)  # lpstat runs in a worker
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        select = dialog.query_one("#printer", Select)
        assert select.value == "Hjemme"  # the CUPS default until one is chosen
        select.value = "Kontor"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_setting("printer") == "Kontor"
        await pilot.press("ctrl+s")
        await _wait_for_archive(pilot, app, 1)
        await pilot.press("ctrl+t")
        await _settle(pilot)
        assert Letter.get().printed_how == "Kontor, job Kontor-9"
        assert "-d Kontor" in (bin_dir / "args.log").read_text()
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveAsDialog)
        field = dialog.query_one("#file", Input)
        assert field.value.startswith(str(tmp_path / "letters" / "2026-001-access-"))
        taken = tmp_path / "taken.pdf"
        taken.write_text("x")
        field.value = str(taken)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "exists" in screen_text(app)
        field.value = str(tmp_path / "kopi" / "svar.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        copy = tmp_path / "kopi" / "svar.pdf"
        assert copy.read_bytes() == letter_files(Letter.get().id)[0].data
        assert copy.stat().st_mode & 0o777 == 0o600
        assert Letter.get().path == str(copy)


async def test_extension_after_the_first_deadline_is_refused_in_the_preview(
    app, now, tmp_path, monkeypatch
) -> None:
    from ekko_tui.domain.requests import validate_new_request as new_request

    new = new_request(
        received="2026-10-01 09:00",
        channel="email",
        types="access",
        requester_name="Kåre Ås",
        requester_contact="kare@example.no",
        message="",
        now=now,
    )
    store.create_request(new, now=now, actor="t")
    app.config = replace(app.config, letters=str(tmp_path / "letters"))  # EKKO_LETTERS
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("f")  # all: it is overdue but open
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = 1  # extension
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#field-reasons", TextArea).text = "Mange systemer."
        await pilot.pause()
        assert "The first deadline (Mon 2 Nov 2026) has passed" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert Letter.select().count() == 0


async def test_archive_and_save_as_at_80_by_24(app, now, tmp_path, monkeypatch) -> None:
    _request(now)
    app.config = replace(app.config, letters=str(tmp_path / "out"))  # EKKO_LETTERS
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        await pilot.press("ctrl+s")
        await _wait_for_archive(pilot, app, 1)
        assert not (tmp_path / "out").exists()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsDialog)
        await pilot.press("ctrl+s")  # the suggested name
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        saved = list((tmp_path / "out").glob("2026-001-access-*.pdf"))
        assert len(saved) == 1 and saved[0].read_bytes() == letter_files(1)[0].data
        assert (tmp_path / "out").stat().st_mode & 0o777 == 0o700
