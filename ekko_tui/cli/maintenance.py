"""`ekko verify`, `ekko backup FILE`, `ekko restore FILE`: the trail and the backups."""

from __future__ import annotations

import argparse
from pathlib import Path

from ekko_tui.config import Config

# The store is imported inside the handlers: `ekko --help` and `ekko deadline` build this
# module's parsers and must not pay for the database layer (tests/unit/test_cli_imports.py).


def backups_dir(db_path: Path) -> Path:
    """Automatic backups live in `backups/` beside the database."""
    from ekko_tui.store import backup

    return backup.automatic_dir(db_path)


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("verify", help="recompute the audit trail's hash chain")
    b = sub.add_parser("backup", help="write a consistent copy of the database")
    b.add_argument("file", help="where to write the backup")
    r = sub.add_parser("restore", help="verify a backup and put it in place of the database")
    r.add_argument("file", help="the backup to restore")
    add_key_parser(sub)


def run(args: argparse.Namespace, config: Config) -> int | None:
    """Handle a maintenance command; None if `args` is not one."""
    from ekko_tui.store import backup
    from ekko_tui.store.db import close_db, open_db

    db_path, clock = config.db_path, config.clock

    if args.command == "key":
        return run_key(args, config)
    if args.command == "verify":
        return _verify(db_path, config)
    if args.command == "backup":
        open_db(db_path, settings=config.store)
        try:
            target = backup.backup_to(Path(args.file), now=clock.now())
        finally:
            close_db()
        print(f"Backup written to {target}.")
        return 0
    if args.command == "restore":
        return _restore(Path(args.file).expanduser(), config)
    return None


def add_key_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    k = sub.add_parser("key", help="the database key: show, rotate, print a recovery sheet")
    ks = k.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    ks.add_parser("show", help="print the key and where it is kept")
    ks.add_parser("rotate", help="re-encrypt the database with a new key")
    sheet = ks.add_parser("sheet", help="write the recovery sheet (PDF with the key)")
    sheet.add_argument("--out", required=True, help="the PDF file to write")


def run_key(args: argparse.Namespace, config: Config) -> int:
    """`ekko key show|rotate|sheet`."""
    from ekko_tui.store import audit, keys
    from ekko_tui.store.db import (
        close_db,
        current_key,
        held_exclusively,
        open_db,
        opened,
        rekey,
    )

    db_path, clock = config.db_path, config.clock
    open_db(db_path, settings=config.store)
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
            close_db()
            with held_exclusively(db_path, "key rotation", config.store):
                open_db(db_path)
                old = current_key()
                where = rekey(db_path)
                redone, left = _rekey_backups(db_path, old, current_key())
                close_db()
            print(f"{redone} backup(s) made by ekko re-encrypted with the new key.")
            if left:
                print(
                    "Not re-encrypted (they still need the old key, fingerprint "
                    f"{keys.fingerprint(old)}): " + ", ".join(str(p) for p in left)
                )
            print(
                f"New key in place, kept in {where}. Print a new recovery sheet "
                "(ekko key sheet --out FILE.pdf)."
            )
            return 0
        from ekko_tui.letters.recovery import write_recovery_sheet

        out = Path(args.out).expanduser()
        write_recovery_sheet(
            out,
            db_path=db_path,
            key=current_key(),
            key_where=info.key_where,
            now=clock.now(),
            fingerprint=keys.fingerprint(current_key()),
            seal=audit.seal_key(),
        )
        print(f"Recovery sheet written to {out}. Print it, keep it locked away, delete the file.")
        return 0
    finally:
        close_db()


def _verify(db_path: Path, config: Config) -> int:
    """`ekko verify`: the file's integrity, the keyed chain, its anchor, the requests."""
    from ekko_tui.store import audit
    from ekko_tui.store.db import close_db, open_db

    open_db(db_path, settings=config.store)
    try:
        report = audit.verify(db_path)
    finally:
        close_db()
    for note in report.notes:
        print(f"Note: {note}.")
    if report.ok:
        print(f"The audit trail is intact: {report.events} events.")
        return 0
    print(f"The audit trail is NOT intact ({len(report.problems)} problem(s)):")
    for problem in report.problems:
        print(f"- {problem}")
    return 1


def _restore_key(source: Path, db_path: Path, env: str) -> tuple[str | None, str | None]:
    """(the key that opens the backup, the key the restored database gets). The kept key
    is never replaced: a backup made with an older key is re-encrypted with it."""
    from ekko_tui.store import backup, keys
    from ekko_tui.store.db import StoreError

    if not keys.encryption_enabled():
        return None, None
    stored = keys.stored_key(db_path)
    pending = keys.pending_key(db_path)
    candidates = [k for k in (stored.key if stored else "", env, pending or "") if k]
    for candidate in dict.fromkeys(candidates):
        if backup.opens_with(source, candidate):
            return candidate, (stored.key if stored else candidate)
    if not source.is_file():
        raise StoreError(f"{source} does not exist.")
    made = backup.read_meta(source).get("key_fingerprint", "")
    known = ", ".join(keys.fingerprint(k) for k in dict.fromkeys(candidates)) or "none"
    needs = f" It needs the key with fingerprint {made}." if made else ""
    raise StoreError(
        f"{source} is not a usable ekko database with the keys at hand (fingerprints: {known})."
        f"{needs} Set EKKO_DB_KEY to the key from the recovery sheet that was current when the "
        "backup was made (the sheet prints each key's fingerprint), then restore again."
    )


def _seal_for(source: Path, opens: str | None, target: str | None, db_path: Path) -> str:
    """The seal key the backup's trail was sealed with, found before anything is replaced:
    the one kept here, EKKO_SEAL_KEY, or the one derived from a key at hand. Refuses a backup
    whose trail no available seal key matches (another database's, or the seal key is on the
    recovery sheet only)."""
    from ekko_tui.store import audit, keys
    from ekko_tui.store.db import StoreError, connect_raw

    con = connect_raw(source, opens)
    try:
        sealed = (
            con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'setting'").fetchone()[0]
            and con.execute(
                "SELECT count(*) FROM setting WHERE key = ? AND value = ?",
                (audit.SCHEME_SETTING, audit.SCHEME),
            ).fetchone()[0]
        )
        first = (
            con.execute(
                "SELECT at, actor, kind, detail, request_ref, state, hash FROM event "
                "ORDER BY id LIMIT 1"
            ).fetchone()
            if sealed
            else None
        )
    finally:
        con.close()
    kept = keys.find_seal(db_path)
    candidates = [kept] if kept else []
    candidates += [keys.derived_seal(k) for k in (opens, target) if k]
    if first is None:
        return candidates[0] if candidates else ""
    at, actor, kind, detail, ref, state, digest = first
    for seal in dict.fromkeys(candidates):
        if audit.event_hash("", str(at), actor, kind, detail, ref, state, seal=seal) == digest:
            return seal
    if kept:
        raise StoreError(
            f"The audit trail of {source} was sealed with another seal key than this "
            "database's: it is a backup of another database. Nothing was changed."
        )
    raise StoreError(
        f"The audit trail of {source} was sealed with a key that is not on this machine. Set "
        "EKKO_SEAL_KEY to the seal key from your recovery sheet and restore again. Nothing "
        "was changed."
    )


def _restore(source: Path, config: Config) -> int:
    """`ekko restore FILE`, with the database held exclusively from start to end."""
    from ekko_tui.clock import default_actor
    from ekko_tui.store import audit, backup, erasure, keys
    from ekko_tui.store.db import StoreError, close_db, held_exclusively, open_db
    from ekko_tui.store.erasure_restore import reapply_suppressions

    db_path, clock = config.db_path, config.clock
    env = config.db_key
    # The database itself is opened with its kept key: EKKO_DB_KEY may hold an older key that
    # only the backup needs.
    kept = bool(env) and config.encrypt and keys.stored_key(db_path) is not None
    with held_exclusively(db_path, "restore", config.store):
        carried = None
        if db_path.exists() and db_path.stat().st_size > 0:
            try:
                open_db(db_path, kept_key=kept)
                carried = erasure.read_suppressions()
            except StoreError:
                carried = None  # a damaged or foreign file: the list beside the key still counts
            finally:
                close_db()
        opens, target = _restore_key(source, db_path, env)
        seal = _seal_for(source, opens, target, db_path)
        restored = backup.restore_from(source, db_path, opens, now=clock.now(), target_key=target)
        if target and keys.stored_key(db_path) is None:
            keys.store_key(db_path, target, even_with_env=True)  # later runs need no variable
        if seal and keys.stored_seal(db_path) is None:
            keys.store_seal(db_path, seal)
        open_db(db_path, kept_key=kept)  # migrate an older backup to the current schema
        try:
            again = reapply_suppressions(
                carried, now=clock.now(), actor=default_actor(), db_path=db_path
            )
            from ekko_tui.store.requests import log_event, write

            with write():
                log_event(
                    None,
                    "restored",
                    f"Restored from {source.name}: {restored.requests} requests",
                    now=clock.now(),
                    actor=default_actor(),
                )
            audit.anchor(db_path, force=True)  # the restored trail is the one to check now
        finally:
            close_db()
    where = (
        f" The database it replaced is kept as {restored.replaced_copy}."
        if restored.replaced_copy
        else ""
    )
    print(f"Restored {restored.requests} requests from {source}.{where}")
    if again:
        print(f"{again} person(s) erased after that backup was made were erased again.")
    return 0


def _rekey_backups(db_path: Path, old: str, new: str) -> tuple[int, list[Path]]:
    """Re-encrypt every backup ekko made with the new key; list those it could not."""
    from ekko_tui.store import backup
    from ekko_tui.store.db import StoreError

    done, left = 0, []
    for path in backup.known_backups(db_path):
        try:
            if not backup.opens_with(path, old):
                left.append(path)
                continue
            backup.rekey_file(path, old, new)
            backup.write_meta(path, new)
            done += 1
        except (OSError, StoreError, backup.BackupFileError):
            left.append(path)
    return done, left
