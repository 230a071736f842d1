"""`ekko verify`, `ekko backup FILE`, `ekko restore FILE`: the trail and the backups."""

from __future__ import annotations

import argparse
from pathlib import Path

from ekko_tui.clock import Clock

# The store is imported inside the handlers: `ekko --help` and `ekko deadline` build this
# module's parsers and must not pay for the database layer (tests/unit/test_cli_imports.py).


def backups_dir(db_path: Path) -> Path:
    """Automatic backups live in `backups/` beside the database."""
    return db_path.parent / "backups"


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("verify", help="recompute the audit trail's hash chain")
    b = sub.add_parser("backup", help="write a consistent copy of the database")
    b.add_argument("file", help="where to write the backup")
    r = sub.add_parser("restore", help="verify a backup and put it in place of the database")
    r.add_argument("file", help="the backup to restore")
    add_key_parser(sub)


def run(args: argparse.Namespace, db_path: Path, clock: Clock) -> int | None:
    """Handle a maintenance command; None if `args` is not one."""
    from ekko_tui.store import audit, backup, keys
    from ekko_tui.store.db import close_db, open_db

    if args.command == "key":
        return run_key(args, db_path, clock)
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
        from ekko_tui.clock import default_actor
        from ekko_tui.store import erasure

        carried = None
        if db_path.exists():
            open_db(db_path)
            try:
                carried = erasure.read_suppressions()
            finally:
                close_db()
        found = keys.find_key(db_path) if keys.encryption_enabled() else None
        restored = backup.restore_from(
            Path(args.file).expanduser(), db_path, found.key if found else None, now=clock.now()
        )
        open_db(db_path)  # migrate an older backup to the current schema
        try:
            again = (
                erasure.reapply_suppressions(carried, now=clock.now(), actor=default_actor())
                if carried
                else 0
            )
        finally:
            close_db()
        print(
            f"Restored {restored.requests} requests from {args.file}. "
            f"The database it replaced is kept as {restored.replaced_copy}."
        )
        if again:
            print(f"{again} person(s) erased after that backup was made were erased again.")
        return 0
    return None


def add_key_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    k = sub.add_parser("key", help="the database key: show, rotate, print a recovery sheet")
    ks = k.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    ks.add_parser("show", help="print the key and where it is kept")
    ks.add_parser("rotate", help="re-encrypt the database with a new key")
    sheet = ks.add_parser("sheet", help="write the recovery sheet (PDF with the key)")
    sheet.add_argument("--out", required=True, help="the PDF file to write")


def run_key(args: argparse.Namespace, db_path: Path, clock: Clock) -> int:
    """`ekko key show|rotate|sheet`."""
    from ekko_tui.store import keys
    from ekko_tui.store.db import close_db, current_key, open_db, opened, rekey

    open_db(db_path)
    try:
        info = opened()
        if info is None or not info.encrypted:
            print("This database is not encrypted (EKKO_ENCRYPTION=off): it has no key.")
            return 1
        if args.key_command == "show":
            print(current_key())
            print(f"Kept in {info.key_where}.")
            if info.warning:
                print(f"Note: {info.warning}")
            return 0
        if args.key_command == "rotate":
            if info.key_where == keys.ENV_WHERE:
                print(
                    "The key comes from EKKO_DB_KEY: ekko cannot change it there. Unset it to "
                    "let ekko keep the key in the keychain, then rotate."
                )
                return 1
            where = rekey(db_path)
            print(
                f"New key in place, kept in {where}. Print a new recovery sheet "
                "(ekko key sheet --out FILE.pdf); older backups still need the old key."
            )
            return 0
        from ekko_tui.letters.recovery import write_recovery_sheet

        out = Path(args.out).expanduser()
        write_recovery_sheet(
            out, db_path=db_path, key=current_key(), key_where=info.key_where, now=clock.now()
        )
        print(f"Recovery sheet written to {out}. Print it, keep it locked away, delete the file.")
        return 0
    finally:
        close_db()
