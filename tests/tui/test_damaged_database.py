"""A database page that turns out damaged under a screen ends the desk with the store's
explanation and exit status 1, never a traceback (the search and import screens explain it in
place; this is the net under every other screen). A real damaged page: a plain file whose
register pages are overwritten, found with SQLite's dbstat."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from ekko_tui.app import make_app
from ekko_tui.store.db import close_db


def damage_table(path: Path, table: str) -> int:
    """Overwrite every page of `table` but the first bytes of its header; how many pages."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = con.execute("PRAGMA page_size").fetchone()[0]
    pages = [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    con.close()
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * size
        data[start + 8 : start + size] = b"\xa5" * (size - 8)
    path.write_bytes(bytes(data))
    return len(pages)


async def test_a_damaged_page_under_a_screen_stops_the_desk_with_the_explanation(
    tmp_path: Path, clock
) -> None:
    path = tmp_path / "plain.db"
    make_app(path, clock=clock, actor="lars", encrypt=False)  # seeds the shipped registers
    close_db()
    assert damage_table(path, "register_shipped") > 0
    app = make_app(path, clock=clock, actor="lars", encrypt=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.database_failure == ""  # the inbox does not read the registers
            # `4`, as the key does (pilot.press would wait on the screen that stopped):
            # the registers screen reads register_shipped as it mounts.
            await asyncio.wait_for(app.run_action("switch_mode('registers')"), 10)
    finally:
        close_db()
    assert app.return_code == 1
    assert "is damaged" in app.database_failure and str(path) in app.database_failure
    assert "ekko restore" in app.database_failure
