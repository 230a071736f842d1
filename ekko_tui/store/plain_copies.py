"""Older plaintext copies of an encrypted database (issue 12, item 12): the backups and the
copies `ekko restore` kept beside it, made while the database was still plaintext, are
encrypted with its key once it is encrypted, each verified before it replaces the plaintext.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import peewee
from sqlcipher3 import dbapi2 as sqlcipher

from ekko_tui.files import create_private_file
from ekko_tui.store.db import (
    APPLICATION_ID,
    SQLITE_HEADER,
    StoreError,
    connect_raw,
    encrypt_in_place,
)


def _starts_plain(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_HEADER


BACKUPS_FOLDER = "backups"  # the automatic backups, beside the database


def plain_copies(path: Path) -> list[Path]:
    """ekko's own copies of the database that are still plaintext SQLite: automatic and manual
    backups in `backups/` and the copies `ekko restore` kept (`ekko.replaced-…db`)."""
    candidates = sorted((path.parent / BACKUPS_FOLDER).glob("*.db")) + sorted(
        path.parent.glob(f"{path.stem}.replaced-*{path.suffix}")
    )
    found = []
    for copy in candidates:
        try:
            if copy.is_file() and _starts_plain(copy):
                found.append(copy)
        except OSError:
            continue
    return found


def encrypt_plain_copies(path: Path, key: str) -> str:
    """Encrypt, with the database's key, every plaintext copy of an encrypted database that
    ekko made beside it (each copied encrypted, verified, then swapped in place, so the
    plaintext is gone only once its encrypted copy is sound). Runs at every open, so a
    conversion interrupted half-way is finished next time; returns what to tell the user."""
    if not plain_copies(path):
        return ""
    with _exclusive(path) as mine:
        if not mine:
            return ""  # another ekko is converting them right now
        return _encrypt_all(plain_copies(path), key)


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[bool]:
    """A lock file beside the database, so two ekko starting together never convert the same
    copy at once (each would swap its staging file over the other's). Yields False when
    another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one desk, one process at a time
        yield True
        return
    lock = path.with_name(f".{path.name}.copies.lock")
    try:
        create_private_file(lock)
        handle = lock.open("r+b")
    except OSError:
        yield False
        return
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _encrypt_all(copies: list[Path], key: str) -> str:
    done: list[Path] = []
    failed: list[str] = []
    for copy in copies:
        try:
            con = connect_raw(copy, None)
            try:
                ours = con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
                sound = ours and con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                con.close()
            if not ours:
                continue  # not an ekko copy: left as it is
            if not sound:
                raise StoreError("damaged: its integrity check fails")
            encrypt_in_place(copy, key)
            done.append(copy)
        except (OSError, StoreError, peewee.DatabaseError, sqlcipher.DatabaseError) as exc:
            copy.with_name(copy.name + ".encrypting").unlink(missing_ok=True)
            failed.append(f"{copy.name} ({exc})")
    parts = []
    if done:
        parts.append(
            f"{len(done)} older plaintext backup(s) beside the database are now encrypted with "
            "its key."
        )
    if failed:
        parts.append(
            "Still plaintext, could not be encrypted: "
            + "; ".join(failed)
            + ". Delete them once you have a newer backup."
        )
    if parts:
        parts.append("Copies you made elsewhere (other disks, the cloud) are still plaintext.")
    return " ".join(parts)
