"""Every file holding a key or personal data is 0600 and every folder ekko creates is 0700,
whatever the umask (issue 12, item 10)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ekko_tui.files import create_private_file, ensure_private_folder, write_atomically
from ekko_tui.store.db import close_db, open_db


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
