"""The demo's throwaway database is plain SQLite, chosen by an argument (no environment edit)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ekko_tui.app import make_app
from ekko_tui.store.db import SQLITE_HEADER, NotEkkoDatabase, close_db, open_db, opened


def test_encrypt_false_makes_a_plain_file_and_no_key(tmp_path: Path, memory_keyring, clock):
    path = tmp_path / "demo.db"
    assert "EKKO_ENCRYPTION" not in os.environ
    make_app(path, clock=clock, encrypt=False)
    try:
        info = opened()
        assert info is not None and not info.encrypted
    finally:
        close_db()
    assert path.read_bytes()[: len(SQLITE_HEADER)] == SQLITE_HEADER
    assert memory_keyring.store == {}  # no key left in the keychain
    assert "EKKO_ENCRYPTION" not in os.environ  # the choice did not leak into the process


def test_encrypt_false_refuses_an_encrypted_file(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    open_db(path)  # the default: encrypted
    close_db()
    assert path.read_bytes()[: len(SQLITE_HEADER)] != SQLITE_HEADER
    with pytest.raises(NotEkkoDatabase):
        open_db(path, encrypt=False)
    close_db()
