"""After a plaintext database is encrypted, ekko's older plaintext copies of it are encrypted
too, each only after its encrypted copy is verified (issue 12, item 12)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from ekko_tui.store import backup
from ekko_tui.store.db import (
    SQLITE_HEADER,
    close_db,
    connect_raw,
    current_key,
    open_db,
    opened,
)
from tests.conftest import add_request

NAME = "Ørjan Ødegård-Sæbø"


def _plain_setup(db_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A plaintext database with daily, manual and restore-kept copies, all plaintext."""
    open_db(db_path, encrypt=False)
    add_request(now, name=NAME)
    folder = db_path.parent / "backups"
    copies = [backup.daily_backup(folder, date(2026, 11, d)) for d in (20, 21, 22)]
    copies.append(backup.backup_to(folder / "before-upgrade.db"))
    kept = db_path.with_name("ekko.replaced-20261101-120000.db")
    copies.append(backup.backup_to(kept))
    close_db()
    assert all(p is not None and NAME.encode() in p.read_bytes() for p in copies)
    return [p for p in copies if p is not None]


def _rows(path: Path, key: str) -> int:
    con = connect_raw(path, key)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(con.execute("SELECT count(*) FROM request").fetchone()[0])
    finally:
        con.close()


def test_conversion_encrypts_every_copy_beside_it(db_path: Path, now, monkeypatch) -> None:
    copies = _plain_setup(db_path, now, monkeypatch)
    foreign = db_path.parent / "backups" / "someone-elses.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (name)")
    con.execute("INSERT INTO t VALUES (?)", (NAME,))
    con.commit()
    con.close()
    foreign_bytes = foreign.read_bytes()
    open_db(db_path)
    try:
        info = opened()
        key = current_key()
        assert info is not None and info.converted and info.encrypted
        assert "5 older plaintext backup(s)" in info.copies_note
    finally:
        close_db()
    for copy in copies:
        data = copy.read_bytes()
        assert not data.startswith(SQLITE_HEADER) and NAME.encode() not in data
        assert _rows(copy, key) == 1
    assert foreign.read_bytes() == foreign_bytes  # not ours: untouched
    assert not list(db_path.parent.rglob("*.encrypting"))
    # The restore path still accepts the converted backups.
    assert backup.check_backup(copies[0], key) == 1


def test_a_conversion_interrupted_before_the_copies_finishes_next_time(
    db_path: Path, now, monkeypatch
) -> None:
    copies = _plain_setup(db_path, now, monkeypatch)
    stash = db_path.parent / "stash"
    stash.mkdir()
    for copy in copies:  # as if ekko died right after converting the database itself
        copy.rename(stash / copy.name)
    open_db(db_path)
    close_db()
    for copy in copies:
        (stash / copy.name).rename(copy)
    open_db(db_path)
    try:
        info = opened()
        key = current_key()
        assert info is not None and not info.converted and "5 older" in info.copies_note
    finally:
        close_db()
    assert all(NAME.encode() not in c.read_bytes() and _rows(c, key) == 1 for c in copies)
    open_db(db_path)
    try:
        assert opened().copies_note == ""  # nothing left to do
    finally:
        close_db()


def test_a_damaged_plain_copy_is_kept_and_named(db_path: Path, now, monkeypatch) -> None:
    copies = _plain_setup(db_path, now, monkeypatch)
    broken = copies[1]
    data = bytearray(broken.read_bytes())
    data[4096 : 4096 * 4] = b"\xff" * 4096 * 3  # damaged pages: its integrity check fails
    broken.write_bytes(bytes(data))
    open_db(db_path)
    try:
        note = opened().copies_note
    finally:
        close_db()
    assert broken.name in note and "Still plaintext" in note
    assert broken.read_bytes() == bytes(data)  # kept as it was, not half-converted
    assert all(NAME.encode() not in c.read_bytes() for c in copies if c != broken)


def test_two_processes_converting_at_once_lose_no_copy(db_path: Path, now, monkeypatch) -> None:
    """Four ekko starting together: each copy is converted once, none is swapped for another
    process's half-written staging file."""
    import os
    import time

    from ekko_tui.store.plain_copies import encrypt_plain_copies

    copies = _plain_setup(db_path, now, monkeypatch)
    stash = db_path.parent / "stash"
    stash.mkdir()
    for copy in copies:
        copy.rename(stash / copy.name)
    open_db(db_path)
    key = current_key()
    close_db()
    for copy in copies:
        (stash / copy.name).rename(copy)
    start = time.time() + 0.5
    pids = []
    for _ in range(4):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                time.sleep(max(0.0, start - time.time()))
                encrypt_plain_copies(db_path, key)
            except BaseException:  # noqa: BLE001 - reported through the exit code
                code = 3
            finally:
                os._exit(code)
        pids.append(pid)
    assert [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids] == [0] * 4
    encrypt_plain_copies(db_path, key)  # whatever a busy process skipped
    assert all(NAME.encode() not in c.read_bytes() and _rows(c, key) == 1 for c in copies)
    assert not list(db_path.parent.rglob("*.encrypting"))
