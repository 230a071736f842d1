"""Snapshot tests (pytest-textual-snapshot): the main screens at 80×24 and 160×45.

The SVGs under __snapshots__/ are what a reviewer looked at and accepted; a change to a
screen's look fails here until the new look is accepted with `pytest --snapshot-update`.
Sync tests on purpose: the plugin runs the app in its own event loop.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from ekko_tui.store import register_writes as writes
from ekko_tui.store import requests as store
from tests.conftest import add_request

from .conftest import screen_text
from .test_search import seed, until

SIZES = {"small": (80, 24), "large": (160, 45)}


def _seed_requests(now) -> None:
    from datetime import date

    add_request(now, name="Åse Bjørnstad-Kristiansen", contact="aase@example.no")
    add_request(now, "2026-10-20 09:00", name="Ola Nordmann", contact="ola@example.no")
    rid = add_request(now, "2026-11-02 12:00", name="Kari Holm", contact="+47 912 34 567")
    store.start_pause(rid, "identity", date(2026, 11, 3), "", now=now, actor="t")


async def _settle(pilot, *keys: str) -> None:
    await pilot.pause()  # the start-up reminder comes just after the first paint: let it
    await pilot.pause()
    pilot.app.clear_notifications()  # toasts come and go with time: not part of the look
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    pilot.app.clear_notifications()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # a blinking cursor is on or off by the clock
    await pilot.pause()


async def _search(pilot, text: str) -> None:
    await _settle(pilot, "2")
    pilot.app.screen.query_one("#query", Input).value = text
    # the search runs in a worker: wait for it and for its results message, not for the clock
    await until(
        pilot, lambda: bool(pilot.app.screen.hits) and "found for" in screen_text(pilot.app), text
    )


async def inbox(pilot) -> None:
    await _settle(pilot)


async def detail(pilot) -> None:
    await _settle(pilot, "enter")


async def new_request_error(pilot) -> None:
    await _settle(pilot, "n", "ctrl+s")


async def deadlines(pilot) -> None:
    await _settle(pilot, "3")


async def search(pilot) -> None:
    await _search(pilot, "bjørn")


async def subject_card(pilot) -> None:
    await _search(pilot, "Bjorn Haland")
    await _settle(pilot, "enter")


async def registers(pilot) -> None:
    await _settle(pilot, "4")


async def letter(pilot) -> None:
    await _settle(pilot, "l", "enter")
    # the preview is built by a worker after the screen shows
    await until(pilot, lambda: "Vår referanse" in screen_text(pilot.app), "the letter preview")
    # The text cursor is drawn by a blink timer and a line cache: on or off by the clock.
    # Focus the archive table instead, so the look does not depend on it.
    pilot.app.screen.query_one("#letters").focus()
    await _settle(pilot)


SCREENS = {
    "inbox": inbox,
    "detail": detail,
    "new_request_error": new_request_error,
    "deadlines": deadlines,
    "search": search,
    "subject_card": subject_card,
    "registers": registers,
    "letter": letter,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_looks_as_accepted(app, now, snap_compare, screen: str, size: str) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"), ("stripe", "stripe_unified_customers.csv"))
    _seed_requests(now)
    writes.mark_email_asked()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=SCREENS[screen])
