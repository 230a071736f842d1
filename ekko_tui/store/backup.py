"""Backups through SQLite's online backup API, verified restores, and daily rotation."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from ekko_tui.files import create_private_file, ensure_private_folder
from ekko_tui.store.db import APPLICATION_ID, StoreError, connect_raw, current_key, db

KEEP_DAILY = 7
KEEP_WEEKLY = 4


def backup_to(target: Path) -> Path:
    """Copy the open database, consistently, into `target` (written beside it, then renamed)."""
    target = target.expanduser()
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        create_private_file(partial)  # 0600 in a 0700 folder it creates, before SQLite writes
        # The copy is encrypted with the same key as the database (plain if it is plain).
        dest = connect_raw(partial, current_key() or None)
        try:
            db.connection().backup(dest)
        finally:
            dest.close()
        check_backup(partial, current_key() or None)
        partial.replace(target)
    except (OSError, sqlcipher.Error) as exc:
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
        raise StoreError(
            f"The backup to {target} failed: {exc}. The database is unchanged."
        ) from exc
    return target


def check_backup(path: Path, key: str | None) -> int:
    """Refuse a file that is not a sound ekko database (with `key`); return its request count."""
    if not path.is_file():
        raise StoreError(f"{path} does not exist.")
    try:
        con = connect_raw(path, key)
        try:
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise StoreError(f"{path} is not an ekko database.")
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise StoreError(f"{path} is damaged ({result}).")
            return int(con.execute("SELECT count(*) FROM request").fetchone()[0])
        finally:
            con.close()
    except sqlcipher.DatabaseError as exc:
        hint = " with this database's key" if key else ""
        raise StoreError(f"{path} is not a usable ekko database{hint} ({exc}).") from exc


@dataclass(frozen=True)
class Restored:
    requests: int
    replaced_copy: Path


def restore_from(source: Path, db_path: Path, key: str | None, *, now: datetime) -> Restored:
    """Verify `source`, keep the current database as a dated copy, then put `source` in its place.

    Both are opened with `key` (the database's). The database must be closed by the caller:
    nothing may hold it open while it is swapped.
    """
    requests = check_backup(source, key)
    kept = db_path.with_name(f"{db_path.stem}.replaced-{now:%Y%m%d-%H%M%S}{db_path.suffix}")
    staging = db_path.with_name(db_path.name + ".restoring")
    create_private_file(staging)
    shutil.copyfile(source, staging)
    check_backup(staging, key)
    if db_path.exists():
        # Fold the WAL into the file first so the kept copy is complete.
        con = connect_raw(db_path, key)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        create_private_file(kept)
        shutil.copyfile(db_path, kept)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    staging.replace(db_path)
    return Restored(requests, kept)


def rotate(folder: Path, today: date) -> list[Path]:
    """Keep the newest backup of each of the last 7 days and of 4 ISO weeks; delete the rest."""
    backups = sorted(folder.glob("ekko-????-??-??.db"), reverse=True)
    keep: set[Path] = set()
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for path in backups:
        try:
            day = date.fromisoformat(path.stem.removeprefix("ekko-"))
        except ValueError:
            continue
        if day > today:
            continue
        if len(days) < KEEP_DAILY and day not in days:
            days.add(day)
            keep.add(path)
        week = day.isocalendar()[:2]
        if len(weeks) < KEEP_WEEKLY and week not in weeks:
            weeks.add(week)
            keep.add(path)
    removed = [p for p in backups if p not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def daily_backup(folder: Path, today: date) -> Path | None:
    """Make today's automatic backup if there is none yet, then rotate. Returns the new file."""
    ensure_private_folder(folder, own=True)
    target = folder / f"ekko-{today.isoformat()}.db"
    if target.exists():
        return None
    backup_to(target)
    rotate(folder, today)
    return target
