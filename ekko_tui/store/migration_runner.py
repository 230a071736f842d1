"""The migration runner: applies the numbered modules of `store/migrations/` not yet recorded
in the database's `ekko_migrations` table, each in its own IMMEDIATE transaction. An
up-to-date database imports no migration module (nor playhouse.migrate)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import peewee

from ekko_tui.store import migrations as migrations_pkg

if TYPE_CHECKING:
    from playhouse.migrate import SqliteMigrator


def migration_names() -> list[str]:
    """Every migration's module name, oldest first (found, not imported)."""
    return sorted(
        m.name for m in pkgutil.iter_modules(migrations_pkg.__path__) if m.name[:4].isdigit()
    )


def migration_modules() -> list[tuple[str, object]]:
    return [
        (n, importlib.import_module(f"{migrations_pkg.__name__}.{n}")) for n in migration_names()
    ]


def applied_names(db: peewee.Database) -> list[str]:
    """Names of the migrations recorded in `db`, oldest first."""
    rows = db.execute_sql("SELECT name FROM ekko_migrations ORDER BY name").fetchall()
    return [r[0] for r in rows]


def migrate(db: peewee.Database, upto: str | None = None) -> list[str]:
    """Apply to `db` the migrations not yet applied (up to and including `upto`); return
    their names."""
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS ekko_migrations "
        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = set(applied_names(db))
    applied: list[str] = []
    pending = [n for n in migration_names() if n not in done]
    if not pending:  # the usual start: no migration module (nor playhouse.migrate) imported
        return applied
    from playhouse.migrate import SqliteMigrator as Migrator

    migrator = Migrator(db)
    for name in pending:
        if upto is not None and name > upto:
            break
        module = importlib.import_module(f"{migrations_pkg.__name__}.{name}")
        run: Callable[[peewee.Database, SqliteMigrator], None] = module.migrate
        # IMMEDIATE, and checked again inside: two ekkos upgrading one file at the same moment
        # apply each migration once (the second waits, then finds it done).
        with db.atomic("IMMEDIATE"):
            if name in applied_names(db):
                continue
            run(db, migrator)
            db.execute_sql(
                "INSERT INTO ekko_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        applied.append(name)
    return applied
