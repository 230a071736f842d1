"""Pilot: the letter preview of a no-data access answer shows the unlinked subjects that match
the requester and offers ctrl+n; confirming records it and the letter is built."""

from __future__ import annotations

import pytest

from ekko_tui.store.models import Event
from ekko_tui.store.no_data import CONFIRMED
from ekko_tui.store.register_seed import seed_registers
from ekko_tui.store.subject_models import Identifier
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.screens.letters import LetterScreen
from tests.conftest import add_request
from tests.store.test_subjects import run_import

from .conftest import screen_text


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_preview_lists_candidates_then_ctrl_n_confirms(app, now, size) -> None:
    async with app.run_test(size=size) as pilot:
        seed_registers(now, "t")
        run_import("kajabi", "kajabi_contacts.csv", now)
        bjorn = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
        rid = add_request(now, name="Bjørn Tore Håland", contact="bth@example.org")
        run_import("newsletter", "newsletter_mailchimp.tsv", now)  # another Bjørn Tore Håland
        await pilot.pause()
        app.push_screen(LetterScreen(rid, "access"))
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        assert app.screen.letter is None  # refused: nothing to archive yet
        text = " ".join(screen_text(app).split())
        assert f"#{bjorn} Bjørn Tore Håland (kajabi" in text
        assert "Link the right one" in text
        assert app.screen.check_action("none_match", ()) is True
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        assert Event.select().where(Event.kind == CONFIRMED, Event.request == rid).count() == 1
        assert app.screen.letter is not None  # the no-data answer can now be written
        assert app.screen.check_action("none_match", ()) is False  # nothing left to confirm
