"""The database handle, opening, the ownership check and the migration runner."""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import peewee
from playhouse.migrate import SqliteMigrator

from ekko_tui.store import migrations as migrations_pkg

db = peewee.SqliteDatabase(None)

# PRAGMA application_id marks a file as ours: "EKKO" in ASCII.
APPLICATION_ID = 0x454B4B4F

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "secure_delete": "on",
    "busy_timeout": 5000,
}


class StoreError(Exception):
    """A database problem explained for the user (message is shown as is)."""


class NotEkkoDatabase(StoreError):
    """The file exists but is not an ekko database."""


class DatabaseBusy(StoreError):
    """Another process holds a write lock longer than the busy timeout."""


def busy_message(path: str | Path | None = None) -> str:
    """The sentence shown when the database is locked by another process."""
    where = f" ({path})" if path else ""
    return (
        f"The database{where} is busy: another ekko is writing to it. "
        "Nothing was changed; try again in a moment."
    )


def _migration_modules() -> list[tuple[str, object]]:
    names = sorted(
        m.name for m in pkgutil.iter_modules(migrations_pkg.__path__) if m.name[:4].isdigit()
    )
    return [(n, importlib.import_module(f"{migrations_pkg.__name__}.{n}")) for n in names]


def _check_ours(path: Path) -> None:
    """Refuse a file that is not SQLite, or is SQLite that some other program owns."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotEkkoDatabase(
            f"{path} is not an ekko database ({exc}). "
            "Choose another file with --db PATH or EKKO_DB, or move this one away."
        ) from exc
    if app_id != APPLICATION_ID and tables:
        raise NotEkkoDatabase(
            f"{path} is an SQLite database of another program, not ekko's. "
            "Choose another file with --db PATH or EKKO_DB."
        )


def applied_migrations() -> list[str]:
    """Names of the migrations recorded in the open database, oldest first."""
    rows = db.execute_sql("SELECT name FROM ekko_migrations ORDER BY name").fetchall()
    return [r[0] for r in rows]


def migrate(upto: str | None = None) -> list[str]:
    """Apply the migrations not yet applied (up to and including `upto`); return their names."""
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS ekko_migrations "
        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = set(applied_migrations())
    applied: list[str] = []
    migrator = SqliteMigrator(db)
    for name, module in _migration_modules():
        if name in done:
            continue
        if upto is not None and name > upto:
            break
        run: Callable[[peewee.Database, SqliteMigrator], None] = module.migrate  # type: ignore[attr-defined]
        with db.atomic():
            run(db, migrator)
            db.execute_sql(
                "INSERT INTO ekko_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        applied.append(name)
    return applied


def open_db(path: str | Path, *, upto: str | None = None) -> peewee.SqliteDatabase:
    """Open (creating if needed) the ekko database at `path` and bring its schema up to date."""
    path = Path(path).expanduser()
    _check_ours(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the folder for the database {path}: {exc}") from exc
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS)
    try:
        db.connect()
        app_id = db.execute_sql("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate(upto)
    except peewee.OperationalError as exc:
        db.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusy(busy_message(path)) from exc
        raise StoreError(f"Cannot open the database {path}: {exc}") from exc
    except peewee.DatabaseError as exc:
        db.close()
        raise NotEkkoDatabase(f"{path} is not a usable ekko database ({exc}).") from exc
    return db


def close_db() -> None:
    """Close the connection if open."""
    if not db.is_closed():
        db.close()
