"""The store's errors and the sentences they say: a database that is busy, full, damaged,
missing or not ekko's, and the checks of a database path made before anything is created."""

from __future__ import annotations

import os
from pathlib import Path


class StoreError(Exception):
    """A database problem explained for the user (message is shown as is)."""


class NotEkkoDatabase(StoreError):
    """The file exists but is not an ekko database (or not with this key)."""


class DatabaseBusy(StoreError):
    """Another process holds a write lock longer than the busy timeout."""


class DiskFull(StoreError):
    """The disk (or quota) is full; the transaction was rolled back."""


class DatabaseDamaged(StoreError):
    """SQLite found a corrupt page; the transaction was rolled back."""


def damaged_message(path: str | Path | None = None) -> str:
    """The sentence shown when SQLite reports a corrupt page."""
    where = f" {path}" if path else ""
    return (
        f"The database{where} is damaged (SQLite found a corrupt page): nothing was changed. "
        "Restore the latest backup with `ekko restore FILE` (backups/ beside the database)."
    )


_DAMAGED = ("malformed", "corrupt", "file is not a database")


def _nearly_full(folder: Path) -> bool:
    """Less than 1 MB free where the database lives (SQLite's errors do not always say so)."""
    try:
        usage = os.statvfs(folder)
    except OSError:
        return False
    return usage.f_bavail * usage.f_frsize < 1024 * 1024


def check_db_path(path: Path) -> None:
    """Refuse, before anything is created or a key is stored, a database path that is a folder
    or a device, or that lies on a read-only file system or folder."""
    if path.is_dir():
        raise StoreError(
            f"{path} is a folder, not a database file: point --db or EKKO_DB at a file "
            f"(e.g. {path / 'ekko.db'})."
        )
    if path.exists() and not path.is_file():
        raise StoreError(
            f"{path} is not a regular file (a device, pipe or socket): point --db or EKKO_DB "
            "at a database file."
        )
    folder = path.parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if not folder.is_dir():
        raise StoreError(f"{folder} is a file, so the database {path} cannot be created there.")
    for target in ([path] if path.exists() else []) + [folder]:
        if os.access(target, os.W_OK):
            continue
        try:
            read_only = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
        except OSError:
            read_only = False
        why = "is on a read-only file system" if read_only else "is not writable by you"
        raise StoreError(
            f"{target} {why}: ekko must write the database and its journal beside it. "
            "Nothing was changed; make it writable, or copy the database elsewhere and use "
            "--db PATH."
        )


def disk_full_message(path: str | Path | None = None) -> str:
    """The sentence shown when a write hits a full disk."""
    where = f" holding {path}" if path else ""
    return (
        f"The disk{where} is full: nothing was saved, and what was stored before is intact. "
        "Free some space and try again."
    )


def busy_message(path: str | Path | None = None) -> str:
    """The sentence shown when the database is locked by another process."""
    where = f" ({path})" if path else ""
    return (
        f"The database{where} is busy: another ekko is writing to it. "
        "Nothing was changed; try again in a moment."
    )


def missing_message(path: Path) -> str:
    """The sentence for a missing (or emptied) database whose key is still kept."""
    return (
        f"The database file {path} is missing (or empty); its key is kept. Restore a backup "
        f"with `ekko restore BACKUP` (automatic ones are in {path.parent / 'backups'}), or put "
        "the file back. Nothing was created and no key was replaced."
    )
