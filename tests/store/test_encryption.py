"""Encryption at rest: keys in the keychain or a visible fallback, wrong keys, conversion."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import keyring
from keyring.backends.fail import Keyring as NoKeychain

from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import keys
from ekko_tui.store import requests as store
from ekko_tui.store.db import SQLITE_HEADER, close_db, open_db, opened
from ekko_tui.store.models import Request

NAME = "Ørjan Ødegård-Sæbø"
EMAIL = "orjan.saebo@example.no"


def _add(now) -> None:
    new = validate_new_request(
        received="2026-11-24 10:00",
        channel="email",
        types="access",
        requester_name=NAME,
        requester_contact=EMAIL,
        message="Hva har dere om meg?",
        now=now,
    )
    store.create_request(new, now=now, actor="t")


def _all_bytes(db_path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(db_path) + suffix)
        if p.exists():
            data += p.read_bytes()
    return data


def test_new_database_is_encrypted_with_a_key_in_the_keychain(db_path: Path, now, memory_keyring):
    open_db(db_path)
    try:
        _add(now)
        info = opened()
        assert info is not None and info.encrypted and info.key_where == "the system keychain"
        assert info.warning == ""
    finally:
        close_db()
    key = memory_keyring.get_password("ekko", str(db_path.resolve()))
    assert key and len(key) == 64
    raw = _all_bytes(db_path)
    assert not raw.startswith(SQLITE_HEADER)
    for secret in (NAME, EMAIL, "Hva har dere"):
        assert secret.encode() not in raw
    assert not keys.key_file(db_path).exists()


def test_plain_mode_really_is_plain(db_path: Path, now, monkeypatch) -> None:
    """The control for the test above: with encryption off, the same bytes are readable."""
    open_db(db_path, encrypt=False)
    try:
        _add(now)
    finally:
        close_db()
    raw = _all_bytes(db_path)
    assert raw.startswith(SQLITE_HEADER) and NAME.encode() in raw


def test_without_a_keychain_the_fallback_file_is_private_and_announced(db_path, now) -> None:
    keyring.set_keyring(NoKeychain())
    open_db(db_path)
    try:
        _add(now)
        info = opened()
        assert info is not None and info.encrypted
        assert "No working keychain" in info.warning and str(keys.key_file(db_path)) in info.warning
    finally:
        close_db()
    mode = stat.S_IMODE(os.stat(keys.key_file(db_path)).st_mode)
    assert mode == 0o600
    open_db(db_path)  # the key is found again in the file
    try:
        assert Request.get().requester_name == NAME
    finally:
        close_db()


def test_old_plaintext_database_is_converted_in_place(db_path: Path, now, monkeypatch) -> None:
    open_db(db_path, encrypt=False)
    _add(now)
    close_db()
    assert NAME.encode() in _all_bytes(db_path)
    open_db(db_path)
    try:
        info = opened()
        assert info is not None and info.converted and info.encrypted
        assert Request.get().requester_name == NAME
    finally:
        close_db()
    assert NAME.encode() not in _all_bytes(db_path)
    assert not list(db_path.parent.glob("*.encrypting"))


def test_backups_are_encrypted_too(db, db_path: Path, now, tmp_path: Path) -> None:
    from ekko_tui.store import backup

    _add(now)
    copy = backup.backup_to(tmp_path / "copy.db")
    assert not copy.read_bytes().startswith(SQLITE_HEADER)
    assert NAME.encode() not in copy.read_bytes()


def test_fallback_reason_is_short_and_names_no_package(db_path) -> None:
    keyring.set_keyring(NoKeychain())
    open_db(db_path)
    try:
        info = opened()
        assert info is not None
        assert info.warning.startswith("No working keychain (no keychain service is running)")
        assert "keyrings.alt" not in info.warning
    finally:
        close_db()


def test_a_rotation_interrupted_after_the_rekey_keeps_the_file_openable(
    db_path, now, memory_keyring
) -> None:
    from ekko_tui.store.db import _key_pragma, db

    open_db(db_path)
    _add(now)
    new = keys.new_key()
    keys.store_pending(db_path, new)
    db.execute_sql(_key_pragma(new).replace("PRAGMA key", "PRAGMA rekey", 1))
    close_db()  # "crash": the keychain still holds the old key
    open_db(db_path)
    try:
        assert Request.get().requester_name == NAME
    finally:
        close_db()
    assert memory_keyring.get_password("ekko", str(db_path.resolve())) == new
    assert keys.pending_key(db_path) is None
