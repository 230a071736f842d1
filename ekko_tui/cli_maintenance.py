"""`ekko verify`, `ekko backup FILE`, `ekko restore FILE`: the trail and the backups."""

from __future__ import annotations

import argparse
from pathlib import Path

from ekko_tui.clock import Clock
from ekko_tui.store import audit, backup
from ekko_tui.store.db import close_db, open_db


def backups_dir(db_path: Path) -> Path:
    """Automatic backups live in `backups/` beside the database."""
    return db_path.parent / "backups"


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("verify", help="recompute the audit trail's hash chain")
    b = sub.add_parser("backup", help="write a consistent copy of the database")
    b.add_argument("file", help="where to write the backup")
    r = sub.add_parser("restore", help="verify a backup and put it in place of the database")
    r.add_argument("file", help="the backup to restore")


def run(args: argparse.Namespace, db_path: Path, clock: Clock) -> int | None:
    """Handle a maintenance command; None if `args` is not one."""
    if args.command == "verify":
        open_db(db_path)
        try:
            report = audit.verify_chain()
        finally:
            close_db()
        if report.ok:
            print(f"The audit trail is intact: {report.events} events.")
            return 0
        print(f"The audit trail is broken at event #{report.broken_at}: {report.reason}.")
        return 1
    if args.command == "backup":
        open_db(db_path)
        try:
            target = backup.backup_to(Path(args.file))
        finally:
            close_db()
        print(f"Backup written to {target}.")
        return 0
    if args.command == "restore":
        restored = backup.restore_from(Path(args.file).expanduser(), db_path, now=clock.now())
        open_db(db_path)  # migrate an older backup to the current schema
        close_db()
        print(
            f"Restored {restored.requests} requests from {args.file}. "
            f"The database it replaced is kept as {restored.replaced_copy}."
        )
        return 0
    return None
