"""Backups through SQLite's online backup API, verified restores, and daily rotation.

Each backup gets a small metadata file beside it (`FILE.json`: when it was made, the
fingerprints of the key and seal key it needs, and the head of its audit trail), so a restore
can tell which key it needs and whether events were cut from it. Every backup ekko writes is
remembered beside the key, so an erasure can reach it later. The functions take the paths,
keys and dates they work on: they can run from a worker thread or a command alike.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from ekko_tui.files import create_private_file, ensure_private_folder, write_atomically
from ekko_tui.store import audit, keys
from ekko_tui.store.db import (
    APPLICATION_ID,
    StoreError,
    _key_pragma,
    connect_raw,
    current_key,
    db,
)

# What opening or re-keying a backup file raises when it is damaged or has another key.
BackupFileError = sqlcipher.Error

KEEP_DAILY = 7
KEEP_WEEKLY = 4
PATTERN = "ekko-????-??-??.db"


def automatic_dir(db_path: Path) -> Path:
    """Automatic backups live in `backups/` beside the database."""
    return db_path.parent / "backups"


def meta_path(backup: Path) -> Path:
    """`FILE.json` beside a backup."""
    return backup.with_name(backup.name + ".json")


def read_meta(backup: Path) -> dict[str, Any]:
    """A backup's metadata ({} if it has none or it is unreadable)."""
    try:
        value = json.loads(meta_path(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _head_of(con: Any) -> tuple[int, str]:
    count = int(con.execute("SELECT count(*) FROM event").fetchone()[0])
    row = con.execute("SELECT hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
    return count, row[0] if row else ""


def write_meta(backup: Path, key: str | None, *, made_at: str | None = None) -> None:
    """Describe `backup` (opened with `key`) in its metadata file: no personal data."""
    con = connect_raw(backup, key)
    try:
        count, digest = _head_of(con)
    finally:
        con.close()
    old = read_meta(backup)
    meta = {
        "made_at": made_at or old.get("made_at", ""),
        "key_fingerprint": keys.fingerprint(key) if key else "",
        "seal_fingerprint": keys.fingerprint(audit.seal_key()) if audit.seal_key() else "",
        "events": count,
        "head": digest,
    }
    write_atomically(meta_path(backup), json.dumps(meta, indent=1).encode("utf-8"))
    os.chmod(meta_path(backup), 0o600)


def _remember(db_path: Path, target: Path) -> None:
    """Add a manual backup to the list kept beside the key (erasure reaches it later)."""
    known = keys.read_state(db_path, "backups")
    paths = [str(p) for p in known] if isinstance(known, list) else []
    resolved = str(target.resolve())
    if resolved not in paths:
        paths.append(resolved)
        keys.write_state(db_path, "backups", paths)


def known_backups(db_path: Path) -> list[Path]:
    """Every backup ekko made of this database: the automatic ones and the manual ones it
    remembers (which may since have been moved or deleted)."""
    found = sorted(automatic_dir(db_path).glob(PATTERN)) if automatic_dir(db_path).is_dir() else []
    known = keys.read_state(db_path, "backups")
    extra = [Path(p) for p in known] if isinstance(known, list) else []
    seen = {p.resolve() for p in found}
    return found + [p for p in extra if p.resolve() not in seen]


def forget_backups(db_path: Path, gone: list[Path]) -> None:
    """Drop backups that no longer exist from the remembered list (said once, by erasure)."""
    known = keys.read_state(db_path, "backups")
    if not isinstance(known, list):
        return
    drop = {str(p.resolve()) for p in gone}
    keys.write_state(db_path, "backups", [p for p in known if p not in drop])


def backup_to(target: Path, *, now: datetime | None = None, remember: bool = True) -> Path:
    """Copy the open database, consistently, into `target` (written beside it, then renamed)."""
    target = target.expanduser()
    partial = target.with_name(target.name + ".partial")
    key = current_key() or None
    try:
        partial.unlink(missing_ok=True)
        create_private_file(partial)  # 0600 in a 0700 folder it creates, before SQLite writes
        # The copy is encrypted with the same key as the database (plain if it is plain).
        dest = connect_raw(partial, key)
        try:
            db.connection().backup(dest)
        finally:
            dest.close()
        check_backup(partial, key)
        partial.replace(target)
        write_meta(target, key, made_at=(now.isoformat(timespec="seconds") if now else ""))
        if remember and db.database:
            _remember(Path(db.database), target)
    except (OSError, sqlcipher.Error) as exc:
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
        raise StoreError(
            f"The backup to {target} failed: {exc}. The database is unchanged."
        ) from exc
    return target


def check_backup(path: Path, key: str | None) -> int:
    """Refuse a file that is not a sound ekko database (with `key`), or whose trail lost events
    since its metadata was written; return its request count."""
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
            meta = read_meta(path)
            if meta.get("events"):
                count = int(con.execute("SELECT count(*) FROM event").fetchone()[0])
                row = con.execute(
                    "SELECT hash FROM event ORDER BY id LIMIT 1 OFFSET ?",
                    (int(meta["events"]) - 1,),
                ).fetchone()
                if count < int(meta["events"]) or row is None or row[0] != meta.get("head"):
                    raise StoreError(
                        f"{path} has lost audit events since it was made ({count} now, "
                        f"{meta['events']} then): it was tampered with. Nothing was changed."
                    )
            return int(con.execute("SELECT count(*) FROM request").fetchone()[0])
        finally:
            con.close()
    except sqlcipher.DatabaseError as exc:
        hint = " with this database's key" if key else ""
        raise StoreError(f"{path} is not a usable ekko database{hint} ({exc}).") from exc


def opens_with(path: Path, key: str | None) -> bool:
    """Whether `key` opens the ekko file at `path`."""
    if not path.is_file():
        return False
    try:
        con = connect_raw(path, key)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except sqlcipher.DatabaseError:
        return False
    return True


def rekey_file(path: Path, old: str, new: str) -> None:
    """Re-encrypt a closed ekko file from `old` to `new` in place (SQLCipher's rekey)."""
    con = connect_raw(path, old)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(_key_pragma(new).replace("PRAGMA key", "PRAGMA rekey", 1))
    finally:
        con.close()


@dataclass(frozen=True)
class Restored:
    requests: int
    replaced_copy: Path | None  # None: there was no database to replace


def restore_from(
    source: Path,
    db_path: Path,
    key: str | None,
    *,
    now: datetime,
    target_key: str | None = None,
) -> Restored:
    """Verify `source` (opened with `key`), keep the current database as a dated copy if there
    is one, then put `source` in its place, re-encrypted with `target_key` when that differs
    (a backup made before a key rotation takes the database's current key).

    The caller holds the database exclusively: nothing may hold it open while it is swapped.
    """
    target_key = target_key if target_key is not None else key
    requests = check_backup(source, key)
    try:
        ensure_private_folder(db_path.parent)
    except OSError as exc:
        raise StoreError(f"Cannot create the folder {db_path.parent}: {exc.strerror}.") from exc
    kept = db_path.with_name(f"{db_path.stem}.replaced-{now:%Y%m%d-%H%M%S}{db_path.suffix}")
    staging = db_path.with_name(db_path.name + ".restoring")
    try:
        create_private_file(staging)
        shutil.copyfile(source, staging)
        if key and target_key and target_key != key:
            rekey_file(staging, key, target_key)
        check_backup(staging, target_key)
        replaced: Path | None = None
        if db_path.exists() and db_path.stat().st_size > 0:
            # Fold the WAL into the file first so the kept copy is complete.
            try:
                con = connect_raw(db_path, target_key)
                try:
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    con.close()
            except sqlcipher.DatabaseError:
                pass  # a damaged database is kept as it is
            create_private_file(kept)
            shutil.copyfile(db_path, kept)
            replaced = kept
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        staging.replace(db_path)
    except OSError as exc:
        staging.unlink(missing_ok=True)
        raise StoreError(f"The restore failed ({exc}); the database is unchanged.") from exc
    return Restored(requests, replaced)


def _dated(path: Path) -> date | None:
    try:
        return date.fromisoformat(path.name.removeprefix("ekko-").removesuffix(".db"))
    except ValueError:
        return None


def rotate(folder: Path, today: date) -> list[Path]:
    """Keep the newest backup of each of the last 7 days and of 4 ISO weeks; delete the rest.

    Never deletes a backup dated after `today` (the clock may be behind), a file whose name it
    does not understand, or any of the newest 7 backups, whatever their dates."""
    dated = sorted(
        ((day, p) for p in folder.glob(PATTERN) if (day := _dated(p)) is not None),
        reverse=True,
    )
    keep: set[Path] = {p for _, p in dated[:KEEP_DAILY]}  # the newest N, whatever the clock
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for day, path in dated:
        if day > today:
            keep.add(path)
            continue
        if len(days) < KEEP_DAILY and day not in days:
            days.add(day)
            keep.add(path)
        week = day.isocalendar()[:2]
        if len(weeks) < KEEP_WEEKLY and week not in weeks:
            weeks.add(week)
            keep.add(path)
    removed = [p for _, p in dated if p not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
        meta_path(path).unlink(missing_ok=True)
    return removed


def daily_backup(folder: Path, today: date) -> Path | None:
    """Make today's automatic backup if there is none yet, then rotate. Returns the new file."""
    ensure_private_folder(folder, own=True)
    target = folder / f"ekko-{today.isoformat()}.db"
    if target.exists():
        return None
    backup_to(target, remember=False)
    rotate(folder, today)
    return target
