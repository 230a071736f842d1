"""The daily backup and its integrity check run in a worker after the first paint."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable

from ekko_tui.app import make_app
from ekko_tui.store import backup
from ekko_tui.store.db import close_db
from tests.conftest import add_request


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_daily_backup_is_made_after_the_inbox_is_drawn(
    db_path: Path, clock, now, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "backups"
    app = make_app(db_path, clock=clock, actor="lars", backups=folder)
    add_request(now, "2026-11-24 10:00", "Åse")
    seen_rows: list[int] = []
    original = backup.daily_backup

    def watched(where: Path, today: date):
        seen_rows.append(app.screen.query_one(DataTable).row_count)
        return original(where, today)

    monkeypatch.setattr(backup, "daily_backup", watched)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _settle(app, pilot)
            made = folder / "ekko-2026-11-25.db"
            assert app.backup_made == made
            assert seen_rows == [1]  # the table was already filled when the backup began
            assert backup.check_backup(made, _key()) == 1  # a sound copy with the request
            # The app's own connection still works after the worker closed its own.
            assert app.screen.query_one(DataTable).row_count == 1
            await app.switch_mode("deadlines")
            await pilot.pause()
    finally:
        close_db()


async def test_a_failed_backup_is_a_warning_not_a_crash(db_path: Path, clock, tmp_path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backups folder should be")
    app = make_app(db_path, clock=clock, actor="lars", backups=blocked)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _settle(app, pilot)
            assert app.backup_made is None
            titles = [n.title for n in app._notifications]
            assert "Backup" in titles
            assert app.is_running
    finally:
        close_db()


async def test_no_backups_folder_means_no_worker(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [w for w in app.workers if w.group == "backup"] == []


def _key() -> str | None:
    from ekko_tui.store.db import current_key

    return current_key() or None
