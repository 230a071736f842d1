"""Search as you type runs on one thread with one connection for the app's life."""

from __future__ import annotations

import threading

from textual.widgets import Input

from ekko_tui.services.search_thread import SearchThread, StaleSearch
from ekko_tui.store.db import db
from ekko_tui.store.subject_search import search_subjects
from ekko_tui.ui.screens.search import SearchScreen

from .test_search import seed


async def test_keystrokes_share_one_search_connection(app, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode("search")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        box = app.screen.query_one("#query", Input)
        for text in ("a", "as", "ase", "å", "åse"):
            box.value = text
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.last_text == "åse"
        searcher = app.search_thread()
        assert searcher.connections == 1
        assert len(searcher.thread_ids) == 1
        assert threading.get_ident() not in searcher.thread_ids
        cache = searcher.submit(99, lambda: db.execute_sql("PRAGMA cache_size").fetchone()[0])
        assert cache.result(timeout=5) == -65_536
    # The app closed the search connection with its own.
    assert searcher._pool._shutdown


def test_a_search_overtaken_before_it_starts_is_skipped(db, now) -> None:
    seed(now, ("kajabi", "kajabi_contacts.csv"))
    searcher = SearchThread()
    gate, started = threading.Event(), threading.Event()

    def block() -> bool:
        started.set()
        return gate.wait(5)

    try:
        blocker = searcher.submit(1, block)
        assert started.wait(5)
        stale = searcher.submit(2, search_subjects, "a")
        fresh = searcher.submit(3, search_subjects, "ås")
        gate.set()
        assert blocker.result(timeout=5) is True
        try:
            stale.result(timeout=5)
            raise AssertionError("the overtaken search ran")
        except StaleSearch:
            pass
        assert fresh.result(timeout=5).text == "ås"
        assert searcher.connections == 1
    finally:
        searcher.close()
