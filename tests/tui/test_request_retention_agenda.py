"""Pilot: the deadlines screen lists closed requests past retention; enter on one asks y/n and
erases their personal data (open requests untouched); "n" erases nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ekko_tui.app import make_app
from ekko_tui.clock import Clock
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Request
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.screens.deadlines import DeadlinesScreen
from tests.conftest import OSLO
from tests.store.test_request_retention import scenario

from .conftest import table_rows


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_rows_then_enter_erases(db_path, now, tmp_path, size) -> None:
    open_db(db_path)
    try:
        ids = scenario(now, tmp_path)
        ref = Request.get_by_id(ids["old"]).ref
    finally:
        close_db()
    later = datetime(2030, 1, 4, 9, 0, tzinfo=OSLO).astimezone(UTC)
    app = make_app(db_path, clock=Clock(later), actor="lars")
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("3")
            await pilot.pause()
            assert isinstance(app.screen, DeadlinesScreen)
            rows = table_rows(app, "#deadlines")
            heading = next(i for i, r in enumerate(rows) if "retention" in r[1])
            assert rows[heading + 1][0] == ref
            assert any("31.12.2029" in c or "31 Dec 2029" in c for c in rows[heading + 1])
            assert heading + 2 == len(rows) or rows[heading + 2][0] == "▸"  # only the due one
            table = app.screen.query_one("#deadlines")
            table.move_cursor(row=heading + 1)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")
            await pilot.pause()
            assert Request.get_by_id(ids["old"]).requester_name == "Bjørn Håland"
            table.move_cursor(row=heading + 1)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await pilot.pause()
            assert Request.get_by_id(ids["old"]).requester_name == ""
            assert Request.get_by_id(ids["open"]).requester_name == "Bjørn Håland"
            assert Request.get_by_id(ids["new_year"]).requester_name == "Bjørn Håland"
            rows = table_rows(app, "#deadlines")
            assert not any("retention" in r[1] for r in rows)  # no empty heading either
    finally:
        close_db()
