"""The letter screen proposes English for a request written in English, the user can switch,
the preview and the archived PDF follow, and an untouched default paragraph changes language."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from textual.widgets import OptionList, Select, TextArea

from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import requests as store
from ekko_tui.store.letters import Letter, letter_files
from ekko_tui.ui.screens.letters import LetterScreen

from .conftest import screen_text


def _request(now, message: str) -> int:
    new = validate_new_request(
        received="2026-11-24 14:05",
        channel="email",
        types="access",
        requester_name="Anna Smith",
        requester_contact="anna@example.com",
        message=message,
        now=now,
    )
    return store.create_request(new, now=now, actor="lars").id


async def _open_letter(pilot, app, index: int = 0) -> None:
    await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    app.screen.query_one(OptionList).highlighted = index
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, LetterScreen)


@pytest.mark.parametrize("size", [(180, 50), (80, 24)])
async def test_english_request_proposes_english_and_archives_it(app, now, size) -> None:
    _request(now, "Hello, please tell me what data you have about me and where it came from.")
    async with app.run_test(size=size) as pilot:
        await _open_letter(pilot, app)
        choice = app.screen.query_one("#letter-lang", Select)
        assert choice.value == "en"
        text = screen_text(app)
        assert "Reply to your access request" in text and "Yours sincerely" in text
        assert "proposed: the request is in English" in text
        choice.value = "nb"
        await pilot.pause()
        text = screen_text(app)
        assert "Svar på begjæring om innsyn" in text and "Yours sincerely" not in text
        choice.value = "en"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    pdf = letter_files(Letter.get().id)[0].data
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Yours sincerely" in text and "Med vennlig hilsen" not in text


async def test_switching_language_replaces_only_untouched_defaults(app, now) -> None:
    _request(now, "Hei, jeg vil vite hva dere har lagret om meg.")
    async with app.run_test(size=(180, 50)) as pilot:
        await _open_letter(pilot, app, 2)  # identity: its question has a default per language
        assert app.screen.query_one("#letter-lang", Select).value == "nb"
        question = app.screen.query_one("#field-question", TextArea)
        assert question.text.startswith("Svar oss fra e-postadressen")
        app.screen.query_one("#letter-lang", Select).value = "en"
        await pilot.pause()
        assert question.text.startswith("Please reply from the e-mail address")
        assert "We need to confirm who you are" in screen_text(app)
        question.text = "Your customer number, please."
        app.screen.query_one("#letter-lang", Select).value = "nb"
        await pilot.pause()
        assert question.text == "Your customer number, please."  # the user's words stay
