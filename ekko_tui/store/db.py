"""The database handle: opening (encrypted with SQLCipher by default), ownership checks,
conversion of an old plaintext file, and the migration runner."""

from __future__ import annotations

import contextlib
import errno
import functools
import importlib
import os
import pkgutil
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import peewee
from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2 as sqlcipher

from ekko_tui.files import create_private_file, ensure_private_folder, make_private
from ekko_tui.store import keys, lock
from ekko_tui.store import migrations as migrations_pkg

if TYPE_CHECKING:
    from playhouse.migrate import SqliteMigrator

# PRAGMA application_id marks a file as ours: "EKKO" in ASCII.
APPLICATION_ID = 0x454B4B4F
SQLITE_HEADER = b"SQLite format 3\x00"
P = ParamSpec("P")
R = TypeVar("R")

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "secure_delete": "on",
    "busy_timeout": 5000,
}


def connect_raw(path: str | Path, key: str | None) -> Any:
    """A plain DB-API connection through SQLCipher, keyed if `key`, with its stderr log silenced."""
    con = sqlcipher.connect(str(path), isolation_level=None)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        if key:
            con.execute(_key_pragma(key))
    except BaseException:
        con.close()
        raise
    return con


def _is_hex(key: str) -> bool:
    return len(key) == 64 and all(c in "0123456789abcdef" for c in key.lower())


def _key_text(key: str) -> str:
    """Hex keys are raw 256-bit keys (no key derivation); other text is a passphrase."""
    return f"x'{key}'" if _is_hex(key) else key


def _key_pragma(key: str) -> str:
    return "PRAGMA key = '{}'".format(_key_text(key).replace("'", "''"))


class EkkoDatabase(SqlCipherDatabase):  # type: ignore[misc]  # playhouse ships no types
    """SQLCipher through Peewee, keyed per connection; no key means plain SQLite."""

    def _connect(self) -> Any:
        params = dict(self.connect_params)
        key = params.pop("passphrase", "")
        conn = sqlcipher.connect(self.database, isolation_level=None, **params)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            if key:
                conn.execute(_key_pragma(key))
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn


db = EkkoDatabase(None, passphrase="")


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


def explain_database_error(exc: BaseException) -> StoreError:
    """A user-facing StoreError for any database error (damaged, busy, full or other)."""
    if isinstance(exc, StoreError):
        return exc
    if any(word in str(exc).lower() for word in _DAMAGED):
        return DatabaseDamaged(damaged_message(db.database))
    translated = translate_operational(exc)
    if translated is not None:
        return translated
    return StoreError(f"The database {db.database} reported an error ({exc}): nothing was changed.")


DATABASE_ERRORS: tuple[type[BaseException], ...] = (peewee.DatabaseError, sqlcipher.DatabaseError)


def explain_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Raise a StoreError the user can read instead of a raw database error (whole-job
    functions such as search and import, whose callers show StoreError messages)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DATABASE_ERRORS as exc:
            raise explain_database_error(exc) from exc

    return wrapper


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


def translate_operational(exc: BaseException) -> StoreError | None:
    """A user-facing StoreError for a lock or full-disk OperationalError, else None."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(busy_message(db.database))
    if "disk is full" in text or "no space" in text:
        return DiskFull(disk_full_message(Path(db.database).parent if db.database else None))
    return None


@dataclass(frozen=True)
class OpenInfo:
    """What open_db found: the file, whether it is encrypted, and where its key lives."""

    path: Path
    encrypted: bool
    key_where: str = ""
    warning: str = ""
    converted: bool = False
    notes: tuple[str, ...] = ()  # things done at open the user should hear about
    copies_note: str = ""  # older plaintext backups beside the database, now encrypted


_opened: OpenInfo | None = None


def opened() -> OpenInfo | None:
    """Facts about the database open now (None if none is)."""
    return _opened


def current_key() -> str:
    """The key of the open database ('' when it is plain SQLite)."""
    return str(db.connect_params.get("passphrase", "") or "")


def busy_message(path: str | Path | None = None) -> str:
    """The sentence shown when the database is locked by another process."""
    where = f" ({path})" if path else ""
    return (
        f"The database{where} is busy: another ekko is writing to it. "
        "Nothing was changed; try again in a moment."
    )


def _migration_names() -> list[str]:
    """Every migration's module name, oldest first (found, not imported)."""
    return sorted(
        m.name for m in pkgutil.iter_modules(migrations_pkg.__path__) if m.name[:4].isdigit()
    )


def _migration_modules() -> list[tuple[str, object]]:
    return [
        (n, importlib.import_module(f"{migrations_pkg.__name__}.{n}")) for n in _migration_names()
    ]


def _header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


def _could_be_encrypted(path: Path) -> bool:
    """An SQLCipher file is whole pages of random-looking bytes; text and short files are not."""
    size = path.stat().st_size
    if size < 1024 or size % 512:
        return False
    head = _header(path)
    return sum(32 <= b < 127 for b in head) < len(head)


def _check_ours(path: Path, key: str | None) -> None:
    """Refuse a file that is not ours: not SQLite, another program's SQLite, or the wrong key."""
    try:
        con = connect_raw(path, key)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        finally:
            con.close()
    except sqlcipher.DatabaseError as exc:
        if key:
            raise NotEkkoDatabase(
                f"{path} cannot be opened with its key: the key is wrong, or the file is not an "
                "ekko database. Check EKKO_DB_KEY or the keychain entry 'ekko', or choose another "
                "file with --db PATH."
            ) from exc
        raise NotEkkoDatabase(
            f"{path} is not an ekko database ({exc}). "
            "Choose another file with --db PATH or EKKO_DB, or move this one away."
        ) from exc
    # A plaintext file without our id is another program's, even with no tables yet (only a
    # zero-length file is a new database); an encrypted one our key opens can only be ours.
    if app_id != APPLICATION_ID and (tables or key is None):
        raise NotEkkoDatabase(
            f"{path} is an SQLite database of another program, not ekko's. "
            "Choose another file with --db PATH or EKKO_DB."
        )


def encrypt_in_place(path: Path, key: str) -> None:
    """Convert a plaintext ekko database to SQLCipher: copy encrypted, verify, then swap."""
    staging = path.with_name(path.name + ".encrypting")
    staging.unlink(missing_ok=True)
    create_private_file(staging)
    plain = connect_raw(path, None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _table_counts(plain)
        app_id = plain.execute("PRAGMA application_id").fetchone()[0]
        plain.execute("ATTACH DATABASE ? AS enc KEY ?", (str(staging), _key_text(key)))
        plain.execute("SELECT sqlcipher_export('enc')")
        plain.execute(f"PRAGMA enc.application_id = {int(app_id)}")
        plain.execute("DETACH DATABASE enc")
    finally:
        plain.close()
    check = connect_raw(staging, key)
    try:
        if _table_counts(check) != counts:
            raise StoreError(f"Encrypting {path} did not copy every row; the file is unchanged.")
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(
                f"The encrypted copy of {path} failed its check; the file is unchanged."
            )
    finally:
        check.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    staging.replace(path)


def _table_counts(con: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        if not r[0].startswith("sqlite_")
    ]
    return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


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
    pending = [n for n in _migration_names() if n not in done]
    if not pending:  # the usual start: no migration module (nor playhouse.migrate) imported
        return applied
    from playhouse.migrate import SqliteMigrator

    migrator = SqliteMigrator(db)
    for name in pending:
        if upto is not None and name > upto:
            break
        module = importlib.import_module(f"{migrations_pkg.__name__}.{name}")
        run: Callable[[peewee.Database, SqliteMigrator], None] = module.migrate
        # IMMEDIATE, and checked again inside: two ekkos upgrading one file at the same moment
        # apply each migration once (the second waits, then finds it done).
        with db.atomic("IMMEDIATE"):
            if name in applied_migrations():
                continue
            run(db, migrator)
            db.execute_sql(
                "INSERT INTO ekko_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        applied.append(name)
    return applied


def missing_message(path: Path) -> str:
    """The sentence for a missing (or emptied) database whose key is still kept."""
    return (
        f"The database file {path} is missing (or empty); its key is kept. Restore a backup "
        f"with `ekko restore BACKUP` (automatic ones are in {path.parent / 'backups'}), or put "
        "the file back. Nothing was created and no key was replaced."
    )


def _ready(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


# Marks a first open that stored a new key but has not finished creating the file (a full
# disk, a kill): the next open carries on with that key instead of calling the file missing.
CREATING = "creating"


def _creation_interrupted(path: Path) -> bool:
    return keys.encryption_enabled() and keys.read_state(path, CREATING) is not None


def _has_kept_key(path: Path) -> bool:
    if not keys.encryption_enabled() or _creation_interrupted(path):
        return False
    return keys.stored_key(path) is not None or keys.pending_key(path) is not None


def _take_lock(path: Path) -> None:
    """Hold the lock beside the database: shared for an existing file, exclusive while a new
    file and its key are created (a second ekko waits, then opens what the first made).
    A missing file whose key is kept is an error, never a fresh start."""
    if lock.mode(path) == "exclusive":
        return  # restore or key rotation already holds it
    deadline = time.monotonic() + lock.WAIT_SECONDS
    while True:
        if _ready(path):
            # A plaintext file about to be encrypted is converted once, by one ekko alone.
            convert = keys.encryption_enabled() and _header(path) == SQLITE_HEADER
            if lock.try_lock(path, exclusive=convert):
                return
        elif lock.try_lock(path, exclusive=True):
            if _has_kept_key(path):  # nobody is creating it: it is missing
                lock.release(path)
                raise StoreError(missing_message(path))
            return
        elif lock.try_lock(path, exclusive=False):
            # Others have it open, nobody is creating or restoring it.
            if _ready(path):
                return
            lock.release(path)
            if _has_kept_key(path):
                raise StoreError(missing_message(path))
        if time.monotonic() >= deadline:
            raise DatabaseBusy(
                f"Another ekko is creating or restoring {path} and has not finished after "
                f"{lock.WAIT_SECONDS:.0f} seconds. Nothing was changed; try again."
            )
        time.sleep(lock.POLL)


def _refuse_foreign(path: Path) -> None:
    """Refuse an existing file that is neither our SQLite nor could be our encrypted file."""
    if not _ready(path):
        return
    if _header(path) == SQLITE_HEADER:
        _check_ours(path, None)
    elif not _could_be_encrypted(path):
        raise NotEkkoDatabase(
            f"{path} is not an ekko database (neither SQLite nor an encrypted ekko file). "
            "Choose another file with --db PATH or EKKO_DB, or move this one away."
        )


def _resolve_key(path: Path) -> tuple[keys.DatabaseKey | None, bool]:
    """Check the file is ours; return the key to open it with (None: plain SQLite) and whether
    a plaintext file must be converted first. A new key is stored only for a file we accept,
    only under the exclusive lock, and never over an existing key."""
    exists = _ready(path)
    plaintext = exists and _header(path) == SQLITE_HEADER
    _refuse_foreign(path)
    if not keys.encryption_enabled():
        if exists and not plaintext:
            raise NotEkkoDatabase(
                f"{path} is encrypted (or not a database) and EKKO_ENCRYPTION is off. "
                "Unset EKKO_ENCRYPTION to open it with its key."
            )
        return None, False
    found = keys.find_key(path)
    if exists and not plaintext:
        try:
            if found is None:
                raise NotEkkoDatabase(
                    f"{path} is encrypted (or not a database) and no key for it was found: not "
                    "in the keychain, not in EKKO_DB_KEY, not in a key file. Set EKKO_DB_KEY to "
                    "the key from your recovery sheet, or choose another file with --db PATH."
                )
            _check_ours(path, found.key)
        except NotEkkoDatabase:
            pending = keys.pending_key(path)
            if pending is None:
                raise
            _check_ours(path, pending)  # an interrupted rotation: its new key opens the file
            found = keys.store_key(path, pending, replace=True)
            keys.clear_pending(path)
        return found, False
    if not exists and _has_kept_key(path):
        raise StoreError(missing_message(path))  # checked again under the lock
    if found is not None and not exists and _creation_interrupted(path):
        return found, False  # the key an interrupted first open made for this very file
    if found is None or found.where != keys.ENV_WHERE:
        # A new database (or a plaintext one being converted) gets a fresh key; store_key
        # refuses to replace a key that is already kept.
        if not exists:
            keys.write_state(path, CREATING, True)  # cleared once the first open succeeds
        found = keys.store_key(path, keys.new_key())
    return found, plaintext


def _load_seal(path: Path, key: keys.DatabaseKey | None) -> str:
    """The seal key of the open database: kept beside its key; made (derived from the key)
    the first time. A sealed database whose seal key is not here is refused: new events
    signed with another key would make its trail unverifiable."""
    from ekko_tui.store import audit

    seal = keys.find_seal(path)
    if seal is not None:
        if keys.stored_seal(path) is None:  # from EKKO_SEAL_KEY: checked, then kept
            if audit.is_sealed() and not audit.seal_matches(seal):
                raise StoreError(
                    f"EKKO_SEAL_KEY is not the seal key of {path}'s audit trail. Check it "
                    "against the recovery sheet. Nothing was changed."
                )
            keys.store_seal(path, seal)
        return seal  # a trail that does not match it is what `ekko verify` reports
    candidate = keys.derived_seal(key.key) if key else secrets.token_hex(32)
    if audit.is_sealed() and not audit.seal_matches(candidate):
        raise StoreError(
            f"The audit trail of {path} was sealed with a key that is not on this machine. "
            "Set EKKO_SEAL_KEY to the seal key from your recovery sheet and try again."
        )
    keys.store_seal(path, candidate)
    return candidate


def open_db(
    path: str | Path, *, upto: str | None = None, encrypt: bool | None = None
) -> peewee.Database:
    """Open (creating if needed) the ekko database at `path` and bring its schema up to date.
    `encrypt=False` opens or creates a plain SQLite file (the demo's throwaway database);
    None follows EKKO_ENCRYPTION.

    The lock beside it is held (shared) until close_db."""
    global _opened
    path = Path(path).expanduser()
    close_db()
    keys.choose_encryption(encrypt)
    check_db_path(path)  # before a lock file, key or folder is created
    _refuse_foreign(path)  # another program's file gets no lock file beside it either
    try:
        _take_lock(path)
    except OSError as exc:
        if exc.errno not in lock.READ_ONLY_ERRORS or not _ready(path):
            raise StoreError(
                f"Cannot use the folder of the database {path}: {exc.strerror or exc}."
            ) from exc
        # A read-only folder without a lock file: nothing can be created or replaced there,
        # so there is no race to guard against; open what is there.
    creating = lock.mode(path) == "exclusive" and _held_for_creation(path)  # or converting
    try:
        info = _open_locked(path, upto)
    except BaseException:
        if not db.is_closed():
            db.close()
        if _held_for_creation(path):
            lock.release(path)
        raise
    if creating:
        if keys.encryption_enabled():
            keys.state_file(path, CREATING).unlink(missing_ok=True)
        lock.downgrade(path)  # the file and its key exist now: others may open it
    _opened = info
    return db


_exclusive_callers: set[Path] = set()


def _held_for_creation(path: Path) -> bool:
    """True when the exclusive lock was taken by open_db itself (not by restore or rotate)."""
    return lock.lock_key(path) not in _exclusive_callers


def _open_locked(path: Path, upto: str | None) -> OpenInfo:
    try:
        key, convert = _resolve_key(path)
    except keys.KeyUnavailable as exc:
        raise StoreError(str(exc)) from exc
    try:
        ensure_private_folder(path.parent)
        if not path.exists():
            create_private_file(path)  # 0600 before SQLite makes it (and its -wal, -shm)
        for own_file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(OSError):  # a read-only or foreign file stays as it is
                make_private(own_file)  # an older ekko left them 0644
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull(disk_full_message(path.parent)) from exc
        raise StoreError(f"Cannot create the folder for the database {path}: {exc}") from exc
    if convert and key is not None:
        try:
            encrypt_in_place(path, key.key)
        except (OSError, peewee.DatabaseError, sqlcipher.DatabaseError) as exc:
            path.with_name(path.name + ".encrypting").unlink(missing_ok=True)
            if _nearly_full(path.parent) or isinstance(exc, OSError):
                raise DiskFull(disk_full_message(path.parent)) from exc
            raise explain_database_error(exc) from exc
        keys.adopt_plain_state(path)
    db.init(str(path), pragmas=PRAGMAS, passphrase=key.key if key else "")
    try:
        db.connect()
        app_id = db.execute_sql("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate(upto)
        notes: tuple[str, ...] = ()
        if upto is None:
            from ekko_tui.store import audit
            from ekko_tui.store.letters import forget_migrated_files

            try:
                audit.set_seal(_load_seal(path, key))
            except keys.KeyUnavailable as exc:
                raise StoreError(str(exc)) from exc
            audit.seal_chain()
            audit.anchor(path)
            forget_migrated_files(path)  # letter files now kept in the database (0008)
            notes = _finish_pending(path)
    except peewee.OperationalError as exc:
        translated = translate_operational(exc)
        if translated is None and _nearly_full(path.parent):
            # A first open on a nearly full disk fails as "disk I/O error" or "cannot
            # rollback": each migration is one transaction, so the next open, with space,
            # carries on from the last one that was stored.
            translated = DiskFull(disk_full_message(path.parent))
        if translated is not None:
            raise translated from exc
        raise StoreError(f"Cannot open the database {path}: {exc}") from exc
    except peewee.DatabaseError as exc:
        if any(word in str(exc).lower() for word in ("malformed", "corrupt")):
            raise DatabaseDamaged(damaged_message(path)) from exc
        raise NotEkkoDatabase(f"{path} is not a usable ekko database ({exc}).") from exc
    return OpenInfo(
        path=path,
        encrypted=key is not None,
        key_where=key.where if key else "",
        warning=key.warning if key else "",
        converted=convert,
        notes=notes,
        copies_note=_encrypt_plain_copies(path, key.key) if key is not None else "",
    )


def _finish_pending(path: Path) -> tuple[str, ...]:
    """Finish a compaction an erasure could not (killed, or a reader held the WAL)."""
    if keys.read_state(path, "compact") is None:
        return ()
    from ekko_tui.store import erasure

    try:
        erasure.compact(path)
    except StoreError as exc:
        return (str(exc),)
    return (
        "An earlier erasure's compaction had not finished; it is done now: no deleted data "
        "is left in the file or its WAL.",
    )


def _encrypt_plain_copies(path: Path, key: str) -> str:
    from ekko_tui.store.plain_copies import encrypt_plain_copies

    return encrypt_plain_copies(path, key)


def rekey(path: Path) -> str:
    """Re-encrypt the open database with a new key; keep the new key; return where it is kept.

    The caller holds the lock exclusively (no other ekko has the file open)."""
    global _opened
    old, new = current_key(), keys.new_key()
    keys.store_pending(path, new)  # first, so a crash after the rekey still finds the key
    db.execute_sql(_key_pragma(new).replace("PRAGMA key", "PRAGMA rekey", 1))
    try:
        stored = keys.store_key(path, new, replace=True)
    except keys.KeyUnavailable:
        db.execute_sql(_key_pragma(old).replace("PRAGMA key", "PRAGMA rekey", 1))
        keys.clear_pending(path)
        raise
    keys.clear_pending(path)
    db.connect_params["passphrase"] = new
    if _opened is not None:
        _opened = OpenInfo(path, True, stored.where, stored.warning, False)
    return stored.where


@contextlib.contextmanager
def held_exclusively(path: Path, action: str) -> Iterator[None]:
    """Hold the database to ourselves (restore, key rotation): DatabaseInUse if another
    ekko has it open. open_db inside keeps the exclusive lock."""
    path = Path(path).expanduser()
    k = lock.lock_key(path)
    close_db()
    try:
        with lock.exclusive(path, action):
            _exclusive_callers.add(k)
            try:
                yield
            finally:
                _exclusive_callers.discard(k)
    except lock.DatabaseInUse as exc:
        raise StoreError(str(exc)) from exc


def close_db() -> None:
    """Close the connection if open, and let go of the lock open_db took."""
    global _opened
    if not db.is_closed():
        if _opened is not None:
            from ekko_tui.store import audit

            with contextlib.suppress(peewee.PeeweeException):
                audit.anchor(_opened.path)  # events written outside write(), if any
        db.close()
    if db.database:
        path = Path(db.database)
        if lock.lock_key(path) not in _exclusive_callers:
            lock.release(path)
    _opened = None
    keys.choose_encryption(None)


@contextlib.contextmanager
def switched_to(path: Path, key: str | None) -> Iterator[None]:
    """Point the store at another ekko file (a backup) for a moment, then back at the open
    database. Used to apply an erasure to backups; the backup is migrated (and an older
    backup's trail sealed) first."""
    from ekko_tui.store import audit

    saved = (db.database, dict(db.connect_params), audit.seal_key())
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS, passphrase=key or "")
    audit.set_anchoring(False)
    try:
        db.connect()
        migrate()
        audit.seal_chain()  # an older backup's unkeyed chain, with the database's seal key
        yield
    finally:
        audit.set_anchoring(True)
        if not db.is_closed():
            db.close()
        database, params, seal = saved
        db.init(database, pragmas=PRAGMAS, **params)
        audit.set_seal(seal)
        if database:
            db.connect()
