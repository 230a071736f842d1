"""Pilot: the deadlines screen lists kept documents past their keep-until date; enter on one
asks, and erases them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ekko_tui.app import make_app
from ekko_tui.clock import Clock
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import RetainedRecord
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.screens.deadlines import DeadlinesScreen
from tests.conftest import OSLO
from tests.store.test_kept_expiry import _erase_bjorn

from .conftest import table_rows


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_kept_rows_then_enter_erases(db_path, now, size) -> None:
    open_db(db_path)
    try:
        _erase_bjorn(now)
    finally:
        close_db()
    later = datetime(2032, 1, 4, 9, 0, tzinfo=OSLO).astimezone(UTC)
    app = make_app(db_path, clock=Clock(later), actor="lars")
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("3")
            await pilot.pause()
            assert isinstance(app.screen, DeadlinesScreen)
            rows = table_rows(app, "#deadlines")
            heading = next(i for i, r in enumerate(rows) if r[1].startswith("Kept"))
            kept = rows[heading + 1 : heading + 3]
            assert all("31.12.2031" in " ".join(r) or "31 Dec 2031" in " ".join(r) for r in kept)
            app.screen.query_one("#deadlines").move_cursor(row=heading + 1)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await pilot.pause()
            assert RetainedRecord.select().count() == 0
            rows = table_rows(app, "#deadlines")
            assert not any(r[1].startswith("Kept") for r in rows)  # no empty heading either
    finally:
        close_db()
