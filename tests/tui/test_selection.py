"""The inbox's highlighted request travels to the subject card (issue 11: it used to crash)."""

from __future__ import annotations

from textual.widgets import Input

from ekko_tui.store.models import Request
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.screens.subject_card import SubjectCardScreen
from tests.conftest import add_request

from .conftest import screen_text
from .test_search import names, seed, until


async def _open_card(pilot, app, text: str, name: str) -> None:
    await pilot.press("2")
    await pilot.pause()
    app.screen.query_one("#query", Input).value = text
    await until(pilot, lambda: names(app) == [name], name)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SubjectCardScreen)


async def test_link_on_a_fresh_database_says_what_to_do(app, now) -> None:
    """Fresh database, no request ever highlighted: `2` → enter on a subject → `l`."""
    seed(now, ("stripe", "stripe_unified_customers.csv"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open_card(pilot, app, "kare", "Kåre Ås")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SubjectCardScreen)  # no crash, no dialog
        assert any("No request is highlighted" in n.message for n in app._notifications)


async def test_recovery_sheet_keeps_the_highlighted_request(app, now, monkeypatch) -> None:
    seed(now, ("stripe", "stripe_unified_customers.csv"))
    add_request(now, name="Someone", contact="one@example.no")
    add_request(now, "2026-11-23 10:00", name="Other", contact="two@example.no")
    written: list[object] = []
    monkeypatch.setattr(
        "ekko_tui.letters.recovery.write_recovery_sheet", lambda out, **kw: written.append(out)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")  # 2026-002 is received earlier: the second row is 2026-001
        await pilot.pause()
        highlighted = app.inbox_request_id
        assert highlighted is not None
        app.action_recovery_sheet()
        await pilot.pause()
        assert written  # the test database is encrypted: a sheet was written
        assert app.inbox_request_id == highlighted
        await _open_card(pilot, app, "kare", "Kåre Ås")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        ref = Request.get_by_id(highlighted).ref
        assert f"Link {ref}" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert Request.get_by_id(highlighted).subject_id is not None
