"""The subject card's erasure says only what it achieved: backups it could not reach are
named, and a full success says so (issue 12 items 6–7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from ekko_tui.store import backup
from ekko_tui.store.models import Request
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.screens.subject_card import SubjectCardScreen

from .conftest import screen_text
from .test_search import names, new_request, seed, until


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_erasure_names_the_backup_it_could_not_reach(app, now, tmp_path: Path, size):
    seed(now, ("kajabi", "kajabi_contacts.csv"))
    rid = new_request(now, "Bjørn Håland", "bjorn.haland@example.no")
    Request.update(types="erasure").where(Request.id == rid).execute()
    reached = backup.backup_to(tmp_path / "reached.db", now=now)
    lost = backup.backup_to(tmp_path / "lost.db", now=now)
    lost.unlink()
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#query", Input).value = "bjorn.haland@example.no"
        await until(pilot, lambda: names(app) == ["Bjørn Tore Håland"], "Bjørn")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Backups ekko made: 2, erased too" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SubjectCardScreen)
        messages = [n.message for n in app._notifications]
    failed = [m for m in messages if m.startswith("Not erased from 1 backup(s)")]
    assert failed and str(lost) in failed[0] and str(reached) not in failed[0]
    assert any(m.startswith("Erased from the database.") for m in messages)
    assert not any(m.startswith("Erased. ") for m in messages)


async def test_the_open_desk_holds_the_lock_so_a_restore_elsewhere_refuses(app, db_path, tmp_path):
    import os
    import subprocess
    import sys

    from ekko_tui.store import lock

    copy = backup.backup_to(tmp_path / "copy.db")
    async with app.run_test(size=(80, 24)):
        assert lock.mode(db_path) == "shared"
        root = Path(__file__).resolve().parents[2]
        done = subprocess.run(
            [sys.executable, "-m", "ekko_tui", "--db", str(db_path), "restore", str(copy)],
            env=dict(os.environ, PYTHONPATH=str(root)),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1 and "Another ekko has" in done.stderr
