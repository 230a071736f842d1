"""Every file holding a key or personal data is 0600 and every folder ekko creates is 0700,
whatever the umask (issue 12, item 10)."""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.files import create_private_file, ensure_private_folder, write_atomically
from ekko_tui.store.db import close_db, open_db
from tests.conftest import add_request


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The most permissive umask: the modes below come from ekko, not from the umask."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_helpers_private_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.pdf"
    write_atomically(target, b"x")
    assert mode(target) == 0o600
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700
    before = mode(tmp_path)
    create_private_file(tmp_path / "c.db")
    assert mode(tmp_path / "c.db") == 0o600 and mode(tmp_path) == before


def test_existing_user_folder_kept_own_folder_tightened(tmp_path: Path) -> None:
    users = tmp_path / "Documents"
    users.mkdir(mode=0o755)
    os.chmod(users, 0o755)
    write_atomically(users / "svar.pdf", b"x")
    assert mode(users) == 0o755 and mode(users / "svar.pdf") == 0o600
    ensure_private_folder(users, own=True)
    assert mode(users) == 0o700


def test_replacing_a_world_readable_file_makes_it_private(tmp_path: Path) -> None:
    old = tmp_path / "ropa.csv"
    old.write_text("old")
    os.chmod(old, 0o644)
    write_atomically(old, b"new")
    assert mode(old) == 0o600 and old.read_bytes() == b"new"


def test_database_folder_and_file_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "ekko" / "ekko.db"
    open_db(path)
    close_db()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            assert mode(side) == 0o600


def test_every_cli_output_is_private(tmp_path: Path, now: datetime, capsys) -> None:
    db_path = tmp_path / "ekko.db"
    open_db(db_path)
    add_request(now, types="portability", contact="ase@example.no")
    close_db()
    out = tmp_path / "out"
    base = ["--db", str(db_path)]
    assert main([*base, "backup", str(out / "b" / "copy.db")]) == 0
    assert main([*base, "key", "sheet", "--out", str(out / "k" / "sheet.pdf")]) == 0
    assert main([*base, "letter", "2026-001", "--out", str(out / "l" / "svar.pdf")]) == 0
    assert main([*base, "calendar", str(out / "frister.ics")]) == 0
    assert main([*base, "ropa", "--out", str(out / "ropa.csv")]) == 0
    assert main([*base, "ropa", "--out", str(out / "ropa.pdf")]) == 0
    capsys.readouterr()
    files = [p for p in out.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"copy.db", "sheet.pdf", "svar.pdf", "frister.ics", "ropa.csv", "ropa.pdf"} <= names
    assert any(p.suffix == ".zip" for p in files)  # the portability package beside the letter
    assert zipfile.is_zipfile(next(p for p in files if p.suffix == ".zip"))
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    folders = [p for p in out.rglob("*") if p.is_dir()] + [out]
    assert {str(p): mode(p) for p in folders} == {str(p): 0o700 for p in folders}


def test_daily_backups_folder_tightened_and_restore_copies_private(
    tmp_path: Path, now: datetime, capsys
) -> None:
    from ekko_tui.store import backup

    db_path = tmp_path / "ekko.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    os.chmod(folder, 0o755)  # an older ekko made it world-readable
    open_db(db_path)
    add_request(now)
    made = backup.daily_backup(folder, now.date())
    close_db()
    assert made is not None and mode(made) == 0o600 and mode(folder) == 0o700
    assert main(["--db", str(db_path), "restore", str(made)]) == 0
    capsys.readouterr()
    kept = list(tmp_path.glob("ekko.replaced-*.db"))
    assert len(kept) == 1 and mode(kept[0]) == 0o600 and mode(db_path) == 0o600
