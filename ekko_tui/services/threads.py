"""Worker threads' database connections: opened on first use, closed when the job ends."""

from __future__ import annotations

from ekko_tui.store.db import db


def close_thread_connection() -> None:
    """Close the calling worker thread's own connection (each thread opens one on first use;
    left open, finished threads would hold SQLite file handles until exit)."""
    db.close()
