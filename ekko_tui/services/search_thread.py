"""One long-lived thread, with one database connection, for search as you type (the application
layer owns worker-thread connections; the screen only awaits the results).

Peewee keeps a connection per thread. A new worker thread per keystroke therefore opened (and
keyed, and schema-parsed) a new SQLCipher connection per keystroke with a cold page cache;
this thread keeps its connection, with a larger page cache, for the life of the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from ekko_tui.store.db import db

T = TypeVar("T")

# Pages SQLite may keep in memory on the search connection (negative = KiB): 64 MiB, against
# the default 2 MiB, holds the search index of 100,000 subjects.
SEARCH_CACHE_KIB = 65_536


class StaleSearch(Exception):
    """A newer search was asked for before this one started: it was not run."""


class SearchThread:
    """Runs searches one at a time on its own thread and connection; skips stale ones."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ekko-search")
        self._latest = 0
        self._lock = threading.Lock()
        self.connections = 0  # connections this thread opened (tests guard it stays at one)
        self.thread_ids: set[int] = set()

    def _connection_ready(self) -> None:
        if db.is_closed():
            db.connect()
            db.execute_sql(f"PRAGMA cache_size = -{SEARCH_CACHE_KIB}")
            self.connections += 1
        self.thread_ids.add(threading.get_ident())

    def submit(self, seq: int, fn: Callable[..., T], *args: object) -> Future[T]:
        """Queue `fn(*args)`; if a later `seq` is submitted before it starts, it raises
        StaleSearch instead of running."""
        with self._lock:
            self._latest = max(self._latest, seq)

        def job() -> T:
            with self._lock:
                if seq != self._latest:
                    raise StaleSearch
            self._connection_ready()
            return fn(*args)

        return self._pool.submit(job)

    async def run(self, seq: int, fn: Callable[..., T], *args: object) -> T:
        """Await `fn(*args)` on the search thread (cancelling the await drops a queued job)."""
        return await asyncio.wrap_future(self.submit(seq, fn, *args))

    def close(self) -> None:
        """Close the search connection on its own thread, then end the thread."""

        def close_connection() -> None:
            if not db.is_closed():
                db.close()

        with contextlib.suppress(Exception):  # closing at exit: nothing more to do
            self._pool.submit(close_connection).result(timeout=10)
        self._pool.shutdown(wait=True, cancel_futures=True)
