"""A request whose personal data was erased says why (its keep period ended, or the person's
erasure under Art. 17) and cannot be reopened: `o` says so instead of asking."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ekko_tui.store import requests as store
from ekko_tui.store.models import Event, Request
from ekko_tui.store.request_retention import erase_requests_past_retention
from ekko_tui.ui.screens.detail import RequestDetailScreen
from tests.conftest import add_request
from tests.tui.conftest import screen_text


async def test_swept_request_says_why_and_is_not_reopened(app, now) -> None:
    rid = add_request(now, name="Åse Nordmann", contact="ase@example.no")
    store.close(rid, "answered", "", now=now, actor="t")
    swept_on = datetime(2030, 1, 3, 8, tzinfo=UTC)
    assert erase_requests_past_retention(date(2030, 1, 3), now=swept_on, actor="t")
    before, events = Request.get_by_id(rid).__data__, Event.select().count()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(RequestDetailScreen(rid))
        await pilot.pause()
        text = screen_text(app)
        assert "keep period ended" in text and "Art. 17" not in text
        assert "Åse" not in text  # blanked
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)  # no question was asked
        assert "cannot be reopened" in [n.message for n in app._notifications][-1]
    assert Request.get_by_id(rid).__data__ == before
    assert Event.select().count() == events
