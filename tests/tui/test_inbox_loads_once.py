"""The inbox loads and draws its rows once per open, in a fixed number of queries."""

from __future__ import annotations

from textual.widgets import DataTable

from ekko_tui.store import queries
from ekko_tui.ui.screens.inbox import InboxScreen
from tests.conftest import add_request

from .conftest import table_rows


def _count_calls(monkeypatch, owner, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


async def test_opening_the_inbox_loads_and_fills_once(app, now, monkeypatch) -> None:
    for i in range(3):
        add_request(now, f"2026-11-2{i} 10:00", f"Person {i}")
    loads = _count_calls(monkeypatch, queries, "request_rows")
    fills = _count_calls(monkeypatch, InboxScreen, "_fill")
    adds = _count_calls(monkeypatch, DataTable, "add_rows")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert len(table_rows(app)) == 3
        assert (len(loads), len(fills), len(adds)) == (1, 1, 1)

        # Away and back: the inbox reloads (the data may have changed), once.
        await app.switch_mode("search")  # (keys would type into the search box)
        await pilot.pause()
        add_request(now, "2026-11-24 09:00", "Later")
        await app.switch_mode("inbox")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert (len(loads), len(fills), len(adds)) == (2, 2, 2)
        assert len(table_rows(app)) == 4


async def test_the_start_up_reminder_reuses_the_memoised_deadlines(app, now) -> None:
    from ekko_tui.domain import deadlines as dl

    for i in range(20):
        add_request(now, f"2026-11-{10 + i % 2} 10:00", f"Person {i}")  # two receipt dates
    dl._compute_deadline.cache_clear()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(table_rows(app)) == 20
    info = dl._compute_deadline.cache_info()
    # Inbox and reminder together: one computation per distinct receipt date.
    assert info.misses == 2
    assert info.hits >= 38


async def test_filter_sort_find_are_reactive_and_each_change_redraws_once(
    app, now, monkeypatch
) -> None:
    from ekko_tui.store.models import Request

    ids = [add_request(now, f"2026-11-2{i} 10:00", f"Person {i}") for i in range(3)]
    Request.update(status="answered").where(Request.id == ids[0]).execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        loads = _count_calls(monkeypatch, queries, "request_rows")
        fills = _count_calls(monkeypatch, InboxScreen, "_fill")
        assert len(table_rows(app)) == 2

        inbox.filter = "all"  # set from outside: the list follows, loaded once
        await pilot.pause()
        assert (len(loads), len(fills), len(table_rows(app))) == (1, 1, 3)
        inbox.sort = "ref"  # a re-sort draws again without loading
        inbox.find_text = "Person 2"
        await pilot.pause()
        assert (len(loads), len(fills)) == (1, 3)
        assert [r[0] for r in table_rows(app)] == [Request.get_by_id(ids[2]).ref]

        # Revealing a closed request under the open filter and a find: find cleared, 'all'.
        inbox.filter = "open"
        await pilot.pause()
        inbox.find_text = "Person 1"
        await pilot.pause()
        inbox.reveal_request(ids[0])
        await pilot.pause()
        assert (inbox.filter, inbox.find_text) == ("all", "")
        assert inbox.current_request_id() == ids[0]
        assert len(table_rows(app)) == 3
